// Builds the page from elements and text nodes only, never from HTML strings: a value of a
// configuration is shown as text whatever it holds.

/** An element with attributes (`on*` ones are listeners) and children (nodes, text, arrays). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

/** Replaces the children of an element. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : visible(String(child)));
  }
}

// Bidirectional overrides and isolates would show a stored value in another order than it
// is read (an "exe.txt" that reads "txt.exe"): they are shown as the escapes they are.
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/** Text as it may be shown: its bidirectional controls written as `\u202e`. */
export function visible(text) {
  return text.replace(BIDI_CONTROLS, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/** A table with a caption, column headers and rows of cells (a cell is text or nodes). */
export function table(caption, headers, rows, attributes = {}) {
  return h('div', { class: 'scroll' },
    h('table', attributes,
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, headers.map((header) => h('th', { scope: 'col' }, header)))),
      h('tbody', {}, rows.map((row) => h('tr', row.attributes ?? {}, row.cells.map((cell) => h('td', {}, cell)))))));
}

/** A labelled form field; `control` is the input, select or textarea, which gets the id. */
export function field(label, control, hint) {
  const hintId = hint ? control.id + '-hint' : null;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h('div', { class: 'field' },
    h('label', { for: control.id }, label), control, hint ? h('small', { id: hintId }, hint) : null);
}

export function time(iso) {
  if (!iso) return '';
  return h('time', { datetime: iso }, new Date(iso).toLocaleString());
}

/** Says something to the user (and to screen readers) in the status line. */
export function say(message, kind = 'info') {
  const status = document.getElementById('status');
  status.className = 'status ' + kind;
  status.textContent = message;
}

/** Clears the status line if it shows an error: what failed before has now worked. */
export function clearError() {
  const status = document.getElementById('status');
  if (status.classList.contains('error')) say('');
}
