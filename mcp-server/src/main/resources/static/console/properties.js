// Properties text as java.util.Properties reads it, which is how the center reads a
// text/plain publish: what the editor shows publishes back to the same keys and values.

/**
 * The properties, one `key=value` line each, escaped; then each profile document after a
 * `#---` line with its `spring.config.activate.on-profile`, so publishing the text back
 * keeps the documents.
 */
export function toProperties(properties, profiles = []) {
  const documents = [lines(properties),
    ...profiles.map((document) => 'spring.config.activate.on-profile=' + escape(document.onProfile, false) + '\n'
      + lines(document.properties))];
  return documents.join('#---\n');
}

function lines(properties) {
  return Object.keys(properties).sort()
    .map((key) => escape(key, true) + '=' + escape(properties[key], false) + '\n')
    .join('');
}

function escape(text, isKey) {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') out += '\\\\';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (c === '\f') out += '\\f';
    else if (/[\u202a-\u202e\u2066-\u2069]/.test(c)) out += '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
    else if ((isKey && ' =:#!'.includes(c)) || (!isKey && c === ' ' && i === 0)) out += '\\' + c;
    else out += c;
  }
  return out;
}

/** Whether properties text names no property at all (the center refuses such a body). */
export function isEmptyProperties(text) {
  return text.split(/\r?\n/).every((line) => /^\s*([#!].*)?$/.test(line));
}
