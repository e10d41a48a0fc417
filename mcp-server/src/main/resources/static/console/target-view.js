// One target: its sections (configuration, history, rollout, instances) under one heading.

import { fill, h } from './dom.js';
import { showConfig } from './config-view.js';
import { showHistory } from './history-view.js';
import { showRollout } from './rollout-view.js';
import { showInstances } from './instances-view.js';

const SECTIONS = [
  ['config', 'Configuration', showConfig],
  ['history', 'History', showHistory],
  ['rollout', 'Overlays and gray', showRollout],
  ['instances', 'Instances', showInstances],
];

/** The shared layer of an env (app `application`) has no overlays nor gray releases of its own. */
const SHARED_LAYER = 'application';

export function showTarget(main, app, env, section) {
  const base = `#/t/${encodeURIComponent(app)}/${encodeURIComponent(env)}/`;
  const sections = SECTIONS.filter(([name]) => app !== SHARED_LAYER || name !== 'rollout');
  const [, , show] = sections.find(([name]) => name === section) || sections[0];
  const body = h('div', { id: 'section' });
  fill(main,
    h('h1', {}, `${app}/${env}`),
    h('nav', { class: 'tabs', 'aria-label': 'Target' }, sections.map(([name, label]) =>
      h('a', { href: base + name, 'aria-current': name === section ? 'page' : null }, label))),
    body);
  const shown = show(body, app, env);
  return {
    // only the events of this target concern it
    onEvent: (type, data) => data.app === app && data.env === env && shown.onEvent(type, data),
    reload: shown.reload,
    dirty: shown.dirty,
  };
}
