// The retained releases, the difference between any two of them, and rollback.

import { answerOrder, api, changeFailed, ifMatch, targetPath } from './api.js';
import { clearError, fill, h, field, say, table, time } from './dom.js';
import { diffParts } from './changes.js';

export function showHistory(section, app, env) {
  const path = targetPath(app, env);
  const from = h('select', { id: 'diff-from' });
  const to = h('select', { id: 'diff-to' });
  const diff = h('div', { id: 'diff', 'aria-live': 'polite' });
  const list = h('div', { id: 'releases' });
  let releases = [];
  // the versions the user chose to compare, kept while a new release redraws the lists
  const chosen = {};
  from.addEventListener('change', () => { chosen.from = Number(from.value); });
  to.addEventListener('change', () => { chosen.to = Number(to.value); });

  const answers = answerOrder();
  const load = async () => {
    const turn = answers.start();
    try {
      const answer = await api('GET', `${path}/releases?limit=100&summary=true`);
      if (!turn.draws()) return;
      releases = answer;
      clearError();
    } catch (failure) {
      if (turn.draws()) say(failure.message, 'error');
      return;
    }
    const retained = (version) => releases.some((release) => release.version === version);
    const options = (selected) => releases.map((release) =>
      h('option', { value: release.version, selected: release.version === selected }, `version ${release.version}`));
    fill(from, options(retained(chosen.from) ? chosen.from : releases[1]?.version ?? releases[0]?.version));
    fill(to, options(retained(chosen.to) ? chosen.to : releases[0]?.version));
    const current = releases[0]?.version;
    fill(list, table('Releases, newest first', ['Version', 'Published', 'Author', 'Comment', 'Rollout', ''],
      releases.map((release) => ({
        attributes: { 'data-version': release.version },
        cells: [String(release.version), time(release.publishedAt), release.author, release.comment,
          [release.gray ? 'gray' : null, ...release.overlays].filter(Boolean).join(', '),
          release.version === current ? 'current' : rollbackControl(release.version, current)],
      }))));
  };

  /** A rollback asks once more before it publishes. */
  const rollbackControl = (version, current) => {
    const cell = h('span', { class: 'rollback' });
    const ask = () => fill(cell,
      h('button', { type: 'button', class: 'danger', 'data-confirm': version, onclick: (event) => {
        // once: a second click (a double click) would roll back again, and be refused
        event.currentTarget.disabled = true;
        rollback(version, current);
      } }, `Confirm rollback to ${version}`), ' ',
      h('button', { type: 'button', onclick: () => {
        fill(cell, start());
        cell.querySelector('button').focus();
      } }, 'Cancel'));
    const start = () => h('button', { type: 'button', 'data-rollback': version, onclick: () => {
      ask();
      cell.querySelector('button').focus();
    } }, `Roll back to ${version}`);
    return fill(cell, start());
  };

  const rollback = async (version, current) => {
    try {
      const release = await api('POST', `${path}/rollback`, {
        body: JSON.stringify({ toVersion: version }), type: 'application/json', headers: ifMatch(current),
      });
      say(`Rolled back: version ${release.version} has the content of version ${version}.`, 'success');
      await load();
    } catch (failure) {
      say(changeFailed('Not rolled back', failure), 'error');
    }
  };

  // the center compares every part (profiles, shared layer, overlays, gray) and masks secrets
  const compare = async () => {
    try {
      const answer = await api('GET', `${path}/diff?from=${encodeURIComponent(from.value)}&to=${encodeURIComponent(to.value)}`);
      fill(diff, diffParts(`From version ${answer.fromVersion} to version ${answer.toVersion}`, answer.parts));
    } catch (failure) {
      fill(diff, h('p', { class: 'error', role: 'alert' }, failure.message));
    }
  };

  fill(section,
    h('h2', {}, 'Compare two versions'),
    h('form', { id: 'compare', class: 'card inline', onsubmit: (event) => { event.preventDefault(); compare(); } },
      field('From', from), field('To', to), h('button', { type: 'submit' }, 'Compare')),
    diff,
    h('h2', {}, 'History'), list);
  load();
  return { onEvent: (type) => type === 'release' && load(), reload: () => load() };
}
