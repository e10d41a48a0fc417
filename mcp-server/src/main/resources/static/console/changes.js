// Key changes as the center describes them (a dry run, the audit log):
// {added: [{key, newValue}], modified: [{key, oldValue, newValue}], removed: [{key, oldValue}], omitted}.

import { h, table } from './dom.js';

/** The changes from one set of properties to another, in key order. */
export function changesBetween(before, after) {
  const changes = { added: [], modified: [], removed: [], omitted: 0 };
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  for (const key of keys) {
    if (!(key in before)) changes.added.push({ key, newValue: after[key] });
    else if (!(key in after)) changes.removed.push({ key, oldValue: before[key] });
    else if (before[key] !== after[key]) changes.modified.push({ key, oldValue: before[key], newValue: after[key] });
  }
  return changes;
}

export function countChanges(changes) {
  return changes.added.length + changes.modified.length + changes.removed.length + (changes.omitted || 0);
}

/** A table of the changes, one row a key, or a line that says there are none. */
export function changesTable(caption, changes) {
  if (countChanges(changes) === 0) return h('p', { class: 'changes-none' }, caption + ': no changes.');
  const row = (kind, change) => ({
    attributes: { class: 'change ' + kind, 'data-key': change.key },
    cells: [kind, h('code', {}, change.key), value(change.oldValue), value(change.newValue)],
  });
  const rows = [
    ...changes.added.map((change) => row('added', change)),
    ...changes.modified.map((change) => row('modified', change)),
    ...changes.removed.map((change) => row('removed', change)),
  ];
  return h('div', { class: 'changes' },
    table(caption, ['Change', 'Key', 'Old value', 'New value'], rows),
    changes.omitted ? h('p', {}, `${changes.omitted} more changes not listed.`) : null);
}

function value(text) {
  return text === undefined || text === null ? '' : h('code', { class: 'value' }, text);
}
