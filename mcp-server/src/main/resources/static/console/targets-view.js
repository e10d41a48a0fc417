// Every target the token may read, with its current release.

import { answerOrder, api } from './api.js';
import { clearError, fill, h, field, say, table, time } from './dom.js';

export function showTargets(main) {
  const envFilter = h('input', { id: 'env-filter', type: 'search', placeholder: 'all' });
  const list = h('div', { id: 'targets' });
  let targets = [];
  const draw = () => {
    const env = envFilter.value.trim();
    const shown = targets.filter((target) => !env || target.env === env);
    fill(list, shown.length === 0 ? h('p', {}, 'No targets to show.') : table('Targets', ['Target', 'Version', 'Author', 'Comment', 'Published'],
      shown.map((target) => ({
        attributes: { 'data-target': `${target.app}/${target.env}` },
        cells: [h('a', { href: `#/t/${encodeURIComponent(target.app)}/${encodeURIComponent(target.env)}` }, `${target.app}/${target.env}`),
          String(target.version), target.author, target.comment, time(target.publishedAt)],
      }))));
  };
  const answers = answerOrder();
  const load = async () => {
    const turn = answers.start();
    try {
      const answer = await api('GET', 'configs');
      if (!turn.draws()) return;
      targets = answer;
      draw();
      clearError();
    } catch (failure) {
      if (turn.draws()) say(failure.message, 'error');
    }
  };
  envFilter.addEventListener('input', draw);
  // a target with no release yet is listed nowhere: its first publish starts from here
  const newApp = h('input', { id: 'open-app', required: true });
  const newEnv = h('input', { id: 'open-env', required: true });
  const open = h('form', { id: 'open-target', class: 'card inline', onsubmit: (event) => {
    event.preventDefault();
    location.hash = `#/t/${encodeURIComponent(newApp.value.trim())}/${encodeURIComponent(newEnv.value.trim())}`;
  } }, h('h2', {}, 'Open a target'), field('App', newApp), field('Env', newEnv, 'also one with no release yet, to publish its first'),
  h('button', { type: 'submit' }, 'Open'));
  fill(main, h('h1', {}, 'Targets'), h('form', { class: 'filters', role: 'search', onsubmit: (event) => event.preventDefault() },
    field('Environment', envFilter)), list, open);
  load();
  return { onEvent: (type) => type === 'release' && load(), reload: () => load() };
}
