// Overlays by label and the gray release, with how many instances it reaches and how
// many run it, kept current as they acknowledge.

import { answerOrder, api, changeFailed, ifMatch, targetPath } from './api.js';
import { fill, h, field, say, table, time } from './dom.js';
import { labels, status } from './instances-view.js';

export function showRollout(section, app, env) {
  const path = targetPath(app, env);
  const overlays = h('div', { id: 'overlays' });
  const gray = h('div', { id: 'gray' });
  let version = 0;
  // the version of the gray release drawn as running, 0 for none; and of one that ended
  // since, not by this page's hand, until a gray release runs again or this page changes something
  let grayShown = 0;
  let grayEnded = 0;
  const overlayAnswers = answerOrder();
  const grayAnswers = answerOrder();

  /**
   * Every change goes on top of the version shown, or is refused.
   * @param done what to say when it is done, e.g. "Gray release started"
   * @param refused what to say when it is not, e.g. "Gray release not started"
   * @param startsGray whether it starts a gray release, which the center may end at once
   */
  const change = async ([done, refused], method, url, options = {}, startsGray = false) => {
    try {
      const release = await api(method, url, { ...options, headers: ifMatch(version) });
      // this page's own change is not news when the redraw finds the gray release gone; a
      // gray release it started and finds gone has ended (aborted at a refusal, at once)
      grayShown = startsGray ? release.version : 0;
      grayEnded = 0;
      say(`${done}: version ${release.version}.`, 'success');
      await load();
    } catch (failure) {
      say(changeFailed(refused, failure), 'error');
    }
  };

  const load = async () => {
    const turn = overlayAnswers.start();
    try {
      const release = await api('GET', path);
      const list = await api('GET', `${path}/overlays`);
      if (!turn.draws()) return;
      version = release.version;
      drawOverlays(list);
    } catch (failure) {
      if (!turn.draws()) return;
      fill(overlays, h('p', {}, failure.status === 404 ? 'No release yet: publish a base configuration first.' : failure.message));
      fill(gray);
      return;
    }
    await loadGray();
  };

  const loadGray = async () => {
    const turn = grayAnswers.start();
    try {
      const view = await api('GET', `${path}/gray`);
      if (turn.draws()) drawGray(view);
    } catch (failure) {
      if (!turn.draws()) return;
      if (failure.status === 404) drawGrayForm();
      else say(failure.message, 'error');
    }
  };

  // the forms are made once: a redraw on an event keeps what the user has typed
  const overlayName = h('input', { id: 'overlay-name', required: true, pattern: '[A-Za-z0-9._\\-]+' });
  const overlaySelector = h('input', { id: 'overlay-selector', required: true, placeholder: 'region=eu' });
  const overlayBody = h('textarea', { id: 'overlay-properties', rows: 4, spellcheck: 'false', required: true });
  const overlayList = h('div');
  const overlayForm = h('details', {}, h('summary', {}, 'Set an overlay'),
    h('form', { id: 'overlay-form', class: 'card', onsubmit: (event) => {
      event.preventDefault();
      change([`Overlay ${overlayName.value} set`, `Overlay ${overlayName.value} not set`], 'PUT',
        `${path}/overlays/${encodeURIComponent(overlayName.value)}?selector=${encodeURIComponent(overlaySelector.value)}`,
        { body: overlayBody.value, type: 'text/plain; charset=utf-8' });
    } },
    field('Name', overlayName), field('Selector', overlaySelector, 'Labels the instances must have: k=v,k2=v2'),
    field('Properties', overlayBody, 'key=value lines'), h('button', { type: 'submit' }, 'Set overlay')));

  const drawOverlays = (list) => {
    if (overlayForm.parentNode !== overlays) fill(overlays, overlayList, overlayForm);
    fill(overlayList,
      list.length === 0 ? h('p', {}, 'No overlays.') : table('Overlays, in apply order', ['Name', 'Selector', 'Properties', 'Set', ''],
        list.map((overlay) => ({
          attributes: { 'data-overlay': overlay.name },
          cells: [overlay.name, h('code', {}, overlay.selector),
            Object.entries(overlay.properties).map(([key, value]) => h('code', { class: 'label' }, `${key}=${value}`)),
            [time(overlay.updatedAt), ' by ', overlay.author],
            h('button', { type: 'button', class: 'danger', onclick: () =>
              change([`Overlay ${overlay.name} deleted`, `Overlay ${overlay.name} not deleted`], 'DELETE', `${path}/overlays/${encodeURIComponent(overlay.name)}`) },
            `Delete ${overlay.name}`)],
        }))));
  };

  const percentage = h('input', { id: 'gray-percentage', type: 'number', min: 0, max: 100, placeholder: '10' });
  const selector = h('input', { id: 'gray-selector', placeholder: 'tier=web' });
  const instances = h('input', { id: 'gray-instances', placeholder: 'instance-1,instance-2' });
  const abortOnNack = h('input', { id: 'gray-abort-on-nack', type: 'checkbox' });
  const patch = h('textarea', { id: 'gray-patch', rows: 4, spellcheck: 'false', required: true });
  const grayForm = h('form', { id: 'gray-form', class: 'card', onsubmit: (event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    if (percentage.value !== '') query.set('percentage', percentage.value);
    if (selector.value) query.set('selector', selector.value);
    if (instances.value) query.set('instances', instances.value);
    if (abortOnNack.checked) query.set('abortOnNack', 'true');
    change(['Gray release started', 'Gray release not started'], 'PUT', `${path}/gray?${query}`,
      { body: patch.value, type: 'application/yaml' }, true);
  } },
    h('h3', {}, 'Start a gray release'),
    field('Percentage', percentage, 'Of the instances the selector matches (0–100).'),
    field('Selector', selector, 'Labels, k=v,k2=v2; empty for every instance.'),
    field('Instances', instances, 'Instance ids always in, comma-separated.'),
    h('div', { class: 'field check' }, abortOnNack, h('label', { for: abortOnNack.id }, 'Abort at the first refusal (NACK)')),
    field('Patch (YAML)', patch, 'Keys to set over the base; key: ~ removes a key.'),
    h('button', { type: 'submit' }, 'Start gray release'));

  /**
   * No gray release: the form, and a word when one shown running ended elsewhere (promoted
   * or aborted, maybe by the center at a refusal), kept through the redraws that follow.
   */
  const drawGrayForm = () => {
    if (grayShown) grayEnded = grayShown;
    grayShown = 0;
    fill(gray, h('p', { id: 'gray-state' }, 'No gray release is running.'),
      grayEnded ? h('p', { id: 'gray-ended', class: 'notice', role: 'alert' },
        `The gray release of version ${grayEnded} has ended: promoted or aborted, by someone else or by the center at a refusal. The History says how.`) : null,
      grayForm);
  };

  const drawGray = (view) => {
    grayShown = view.version;
    grayEnded = 0;
    const counts = view.counts;
    const rule = [view.percentage + ' %', view.selector ? `of ${view.selector}` : 'of all instances',
      view.instances.length ? `plus ${view.instances.join(', ')}` : null].filter(Boolean).join(' ');
    fill(gray,
      h('p', { id: 'gray-state' }, `Gray release running since version ${view.version}: ${rule}${view.abortOnNack ? ', aborted at the first refusal' : ''}.`),
      h('dl', { class: 'counts', id: 'gray-counts' },
        count('Matched', 'matched', counts.matched), count('Applied', 'applied', counts.applied),
        count('Pending', 'pending', counts.pending), count('Refused', 'nacked', counts.nacked)),
      table('Patch', ['Key', 'Value'], [
        ...Object.entries(view.patch.set).map(([key, value]) => ({ cells: [h('code', {}, key), h('code', { class: 'value' }, value)] })),
        ...view.patch.remove.map((key) => ({ cells: [h('code', {}, key), h('em', {}, 'removed')] }))]),
      view.matched.length === 0 ? h('p', {}, 'No connected instance is in it.')
        : table('Instances in the gray release', ['Instance', 'State', 'Version', 'Labels', 'Refused because'],
          view.matched.map((instance) => ({
            attributes: { 'data-instance': instance.instanceId },
            cells: [instance.instanceId, status(instance.state), String(instance.version), labels(instance.labels), instance.nackReason],
          }))),
      h('div', { class: 'actions' },
        h('button', { id: 'gray-promote', type: 'button', onclick: () => change(['Gray release promoted', 'Gray release not promoted'], 'POST', `${path}/gray/promote`) },
          'Promote to base'),
        h('button', { id: 'gray-abort', type: 'button', class: 'danger', onclick: () => change(['Gray release aborted', 'Gray release not aborted'], 'DELETE', `${path}/gray`) },
          'Abort')));
  };

  fill(section, h('h2', {}, 'Overlays'), overlays, h('h2', {}, 'Gray release'), gray);
  load();
  // instances that join, apply or refuse change the counts of a running gray, nothing else here
  return {
    onEvent: (type) => {
      if (type === 'release') load();
      else if (gray.querySelector('#gray-counts')) loadGray();
    },
    reload: () => load(),
  };
}

function count(label, name, value) {
  return [h('dt', {}, label), h('dd', { 'data-count': name }, String(value))];
}
