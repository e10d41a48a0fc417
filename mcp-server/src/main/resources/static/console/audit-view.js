// The audit log, newest first, a page at a time, by app, env, action, author, changed key and days.

import { answerOrder, api } from './api.js';
import { clearError, fill, h, field, say, table, time } from './dom.js';
import { changesTable, countChanges } from './changes.js';

const SIZE = 20;

const ACTIONS = ['publish', 'rollback', 'gray-step', 'overlay-change', 'token-create', 'token-revoke'];

/** The day after a `yyyy-mm-dd` day: the console's "to" day is the last one shown, the API's `until` the first one not. */
const dayAfter = (day) => {
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
};

export function showAudit(main) {
  const app = h('input', { id: 'audit-app', type: 'search' });
  const env = h('input', { id: 'audit-env', type: 'search' });
  const action = h('select', { id: 'audit-action' }, h('option', { value: '' }, 'any'),
    ...ACTIONS.map((name) => h('option', { value: name }, name)));
  const who = h('input', { id: 'audit-who', type: 'search' });
  const key = h('input', { id: 'audit-key', type: 'search' });
  const since = h('input', { id: 'audit-since', type: 'date' });
  const until = h('input', { id: 'audit-until', type: 'date' });
  const list = h('div', { id: 'audit' });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Audit log pages' });
  let page = 0;

  const answers = answerOrder();
  const load = async () => {
    const turn = answers.start();
    const query = new URLSearchParams({ page, size: SIZE });
    if (app.value.trim()) query.set('app', app.value.trim());
    if (env.value.trim()) query.set('env', env.value.trim());
    if (action.value) query.set('action', action.value);
    if (who.value.trim()) query.set('who', who.value.trim());
    if (key.value.trim()) query.set('key', key.value.trim());
    if (since.value) query.set('since', since.value);
    if (until.value) query.set('until', dayAfter(until.value));
    try {
      const answer = await api('GET', `audit?${query}`);
      if (!turn.draws()) return;
      draw(answer);
      clearError();
    } catch (failure) {
      if (turn.draws()) say(failure.message, 'error');
    }
  };

  const draw = ({ entries, total }) => {
    fill(list, entries.length === 0 ? h('p', {}, 'No entries.') : table(`Entries ${page * SIZE + 1} to ${page * SIZE + entries.length} of ${total}`,
      ['When', 'Action', 'Who', 'From', 'Target', 'Version', 'Comment', 'Changes'],
      entries.map((entry) => ({
        attributes: { 'data-action': entry.action },
        cells: [time(entry.at), entry.action, actorOf(entry.who), originOf(entry.from),
          entry.app ? `${entry.app}/${entry.env}` : (entry.token ? `token ${entry.token.name}` : ''),
          entry.version ?? '', entry.comment ?? '', changes(entry)],
      }))));
    const last = Math.max(0, Math.ceil(total / SIZE) - 1);
    fill(pager,
      h('button', { type: 'button', disabled: page === 0, onclick: () => { page--; load(); } }, 'Newer'),
      ` Page ${page + 1} of ${last + 1} `,
      h('button', { type: 'button', disabled: page >= last, onclick: () => { page++; load(); } }, 'Older'));
  };

  // the center's own entries (a gray release aborted at a refusal, the first admin token)
  // have no role and come from no address; an anonymous caller has no role
  const actorOf = (actor) => (actor.role ? `${actor.name} (${actor.role})` : actor.name);
  const originOf = (origin) => (origin ? [origin.address, origin.forwardedFor ? ` for ${origin.forwardedFor}` : ''] : '');

  const changes = (entry) => {
    if (!entry.changes) return '';
    const count = countChanges(entry.changes);
    return h('details', {}, h('summary', {}, `${count} key${count === 1 ? '' : 's'}`),
      changesTable(`Changes of version ${entry.version}`, entry.changes));
  };

  fill(main, h('h1', {}, 'Audit log'),
    h('form', { class: 'filters inline', role: 'search', onsubmit: (event) => { event.preventDefault(); page = 0; load(); } },
      field('App', app), field('Env', env), field('Action', action), field('Who', who, 'token name'),
      field('Key', key, 'changed key'), field('From', since, 'day, UTC'), field('To', until, 'day, UTC'),
      h('button', { type: 'submit' }, 'Filter')),
    list, pager);
  load();
  // a new release is a new entry: the first page shows it. Not with a filter on what entries
  // hold: that reads every entry, and a shared layer's publish is one release per application
  const readsEntries = () => action.value || who.value.trim() || key.value.trim();
  return { onEvent: (type) => type === 'release' && page === 0 && !readsEntries() && load(), reload: () => load() };
}
