// Key changes as the center describes them (a dry run, the audit log, a diff's parts):
// {added: [{key, newValue}], modified: [{key, oldValue, newValue}], removed: [{key, oldValue}], omitted}.

import { h, table } from './dom.js';

const PART_NAMES = {
  base: () => 'Base properties',
  profile: (name) => `Profile document, on-profile ${name}`,
  shared: () => 'Shared layer',
  'shared-profile': (name) => `Shared layer, on-profile ${name}`,
  overlay: (name) => `Overlay ${name}`,
  gray: () => 'Gray release patch',
};

/**
 * A diff of two releases (`GET .../diff`), a table per part that changed; a part whose
 * keys stayed but whose version, selector or rule moved says so.
 */
export function diffParts(caption, parts) {
  if (parts.length === 0) return h('p', { class: 'changes-none' }, `${caption}: no changes, every instance is served the same.`);
  return h('div', { class: 'diff-parts' }, h('p', {}, caption),
    parts.map((part) => {
      const title = (PART_NAMES[part.part] ?? (() => part.part))(part.name);
      const moved = part.before === part.after ? '' : ` (${part.before ?? 'absent'} → ${part.after ?? 'absent'})`;
      return h('section', { 'data-part': part.part, 'data-name': part.name },
        changesTable(title + moved, part.changes));
    }));
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
