// The audit log, newest first, a page at a time, by app and env.

import { api } from './api.js';
import { fill, h, field, say, table, time } from './dom.js';
import { changesTable, countChanges } from './changes.js';

const SIZE = 20;

export function showAudit(main) {
  const app = h('input', { id: 'audit-app', type: 'search' });
  const env = h('input', { id: 'audit-env', type: 'search' });
  const list = h('div', { id: 'audit' });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Audit log pages' });
  let page = 0;

  const load = async () => {
    const query = new URLSearchParams({ page, size: SIZE });
    if (app.value.trim()) query.set('app', app.value.trim());
    if (env.value.trim()) query.set('env', env.value.trim());
    try {
      const answer = await api('GET', `audit?${query}`);
      draw(answer);
    } catch (failure) {
      say(failure.message, 'error');
    }
  };

  const draw = ({ entries, total }) => {
    fill(list, entries.length === 0 ? h('p', {}, 'No entries.') : table(`Entries ${page * SIZE + 1} to ${page * SIZE + entries.length} of ${total}`,
      ['When', 'Action', 'Who', 'From', 'Target', 'Version', 'Comment', 'Changes'],
      entries.map((entry) => ({
        attributes: { 'data-action': entry.action },
        cells: [time(entry.at), entry.action, `${entry.who.name} (${entry.who.role})`,
          [entry.from.address, entry.from.forwardedFor ? ` for ${entry.from.forwardedFor}` : ''],
          entry.app ? `${entry.app}/${entry.env}` : (entry.token ? `token ${entry.token.name}` : ''),
          entry.version ?? '', entry.comment ?? '', changes(entry)],
      }))));
    const last = Math.max(0, Math.ceil(total / SIZE) - 1);
    fill(pager,
      h('button', { type: 'button', disabled: page === 0, onclick: () => { page--; load(); } }, 'Newer'),
      ` Page ${page + 1} of ${last + 1} `,
      h('button', { type: 'button', disabled: page >= last, onclick: () => { page++; load(); } }, 'Older'));
  };

  const changes = (entry) => {
    if (!entry.changes) return '';
    const count = countChanges(entry.changes);
    return h('details', {}, h('summary', {}, `${count} key${count === 1 ? '' : 's'}`),
      changesTable(`Changes of version ${entry.version}`, entry.changes));
  };

  fill(main, h('h1', {}, 'Audit log'),
    h('form', { class: 'filters inline', role: 'search', onsubmit: (event) => { event.preventDefault(); page = 0; load(); } },
      field('App', app), field('Env', env), h('button', { type: 'submit' }, 'Filter')),
    list, pager);
  load();
  // a new release is a new entry: the first page shows it
  return { onEvent: (type) => type === 'release' && page === 0 && load() };
}
