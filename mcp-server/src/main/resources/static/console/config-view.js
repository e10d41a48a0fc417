// The current configuration, and an editor that previews what a publish would change
// (a dry run) and publishes exactly that, only on top of the version it was read at.

import { answerOrder, api, changeFailed, ifMatch, targetPath } from './api.js';
import { clearError, fill, h, field, say, table, time } from './dom.js';
import { changesTable } from './changes.js';
import { isEmptyProperties, toProperties } from './properties.js';

export function showConfig(section, app, env) {
  const path = targetPath(app, env);
  const current = h('div', { id: 'current' });
  const editor = h('textarea', { id: 'editor', rows: 12, spellcheck: 'false', autocomplete: 'off' });
  const comment = h('input', { id: 'comment', type: 'text', maxlength: 1024 });
  const preview = h('div', { id: 'preview', 'aria-live': 'polite' });
  const publish = h('button', { id: 'publish', type: 'button', disabled: true }, 'Publish');
  const notice = h('p', { id: 'stale', class: 'notice', role: 'alert', hidden: true });
  // the version the editor's text was read at: a publish goes on top of it or is refused
  let version = 0;
  let loadedText = '';
  let previewed = null;
  // the user's edits, until published or discarded, are never replaced by the center's text
  const edited = () => editor.value !== loadedText;

  const body = () => (isEmptyProperties(editor.value)
    ? { body: '{}\n', type: 'application/yaml' }
    : { body: editor.value, type: 'text/plain; charset=utf-8' });

  const answers = answerOrder();
  const load = async ({ discardEdits = false } = {}) => {
    const turn = answers.start();
    let latest = 0;
    let text = '';
    try {
      const release = await api('GET', path);
      if (!turn.draws()) return;
      latest = release.version;
      text = toProperties(release.properties, release.profiles || []);
      drawCurrent(release);
      clearError();
    } catch (failure) {
      if (!turn.draws()) return;
      if (failure.status !== 404) {
        say(failure.message, 'error');
        return;
      }
      fill(current, h('p', {}, 'No release yet: the first publish creates version 1.'));
    }
    // the editor follows the center unless the user has started editing: then it stays on
    // the version it was read at, and the center refuses a publish over a newer one (409)
    if (discardEdits || !edited()) {
      version = latest;
      loadedText = text;
      editor.value = loadedText;
      notice.hidden = true;
      invalidate();
    } else if (latest !== version) {
      fill(notice, `Version ${latest} was published while you edited version ${version}. Your edits cannot be published over it `
        + '(the center refuses them, so nothing is overwritten unseen): keep a copy of them, then ',
      h('button', { id: 'load-latest', type: 'button', onclick: () => load({ discardEdits: true }) },
        `discard them and edit version ${latest}`), '.');
      notice.hidden = false;
      invalidate();
    }
  };

  const drawCurrent = (release) => {
    fill(current,
      h('dl', { class: 'facts' },
        h('dt', {}, 'Version'), h('dd', { id: 'version' }, String(release.version)),
        h('dt', {}, 'Published'), h('dd', {}, time(release.publishedAt), ' by ', release.author),
        h('dt', {}, 'Comment'), h('dd', {}, release.comment || '—'),
        h('dt', {}, 'Checksum'), h('dd', {}, h('code', {}, release.checksum.slice(0, 16) + '…')),
        release.size != null ? [h('dt', {}, 'Size'), h('dd', { id: 'size' }, `${release.size.toLocaleString('en')} bytes`)] : null,
        release.sharedVersion ? [h('dt', {}, 'Shared layer'), h('dd', { id: 'shared' }, `application/${env} version ${release.sharedVersion}`)] : null,
        release.gray || release.overlays.length ? [h('dt', {}, 'Rollout'),
          h('dd', {}, [release.gray ? 'gray release running' : null, ...release.overlays.map((o) => 'overlay ' + o)].filter(Boolean).join(', '))] : null),
      propertiesTable(`Properties at version ${release.version}`, release.properties),
      (release.profiles || []).map((document) =>
        propertiesTable(`Profile document, on-profile ${document.onProfile}`, document.properties)));
  };

  const propertiesTable = (caption, properties) => table(caption, ['Key', 'Value'],
    Object.keys(properties).sort().map((key) => ({ attributes: { 'data-key': key },
      cells: [h('code', {}, key), h('code', { class: 'value' }, properties[key])] })));

  const invalidate = () => {
    previewed = null;
    publish.disabled = true;
    fill(preview);
  };

  const doPreview = async () => {
    const sent = { ...body(), version, text: editor.value };
    // an answer to text edited since, or to another base, previews nothing
    const stillShown = () => editor.value === sent.text && version === sent.version;
    try {
      const answer = await api('PUT', `${path}?dryRun=true`, { body: sent.body, type: sent.type, headers: ifMatch(sent.version) });
      if (!stillShown()) return;
      previewed = sent;
      fill(preview, changesTable(`Changes against version ${answer.baseVersion ?? 'none'}`, answer.changes));
      publish.disabled = false;
      publish.focus();
    } catch (failure) {
      if (stillShown()) fill(preview, h('p', { class: 'error', role: 'alert' }, failure.message));
    }
  };

  const doPublish = async () => {
    if (!previewed) return;
    const sent = previewed;
    // once: a second click (a double click) would publish again over the first, and be refused
    invalidate();
    const query = comment.value ? `?comment=${encodeURIComponent(comment.value)}` : '';
    try {
      const release = await api('PUT', path + query, { body: sent.body, type: sent.type, headers: ifMatch(sent.version) });
      say(`Published version ${release.version} of ${app}/${env}.`, 'success');
      comment.value = '';
      if (editor.value === sent.text) loadedText = sent.text;
      await load();
    } catch (failure) {
      say(failure.status === 409
        ? `Not published: ${failure.message}. Keep a copy of your edits and reload the page to edit the current version.`
        : changeFailed('Not published', failure), 'error');
    }
  };

  editor.addEventListener('input', invalidate);
  publish.addEventListener('click', doPublish);
  fill(section,
    h('h2', {}, 'Current configuration'), current,
    h('h2', {}, 'Edit and publish'),
    h('form', { id: 'edit', class: 'card', onsubmit: (event) => { event.preventDefault(); doPreview(); } },
      notice,
      field('Properties', editor, 'One key=value a line, as a .properties file. Remove a line to remove the key. A line #--- starts a profile document (spring.config.activate.on-profile=...).'),
      field('Comment', comment),
      h('div', { class: 'actions' }, h('button', { id: 'preview-button', type: 'submit' }, 'Preview changes'), publish),
      preview));
  load();
  return { onEvent: (type) => type === 'release' && load(), reload: () => load(), dirty: edited };
}
