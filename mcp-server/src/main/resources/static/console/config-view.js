// The current configuration, and an editor that previews what a publish would change
// (a dry run) and publishes exactly that, only on top of the version it was read at.

import { answerOrder, api, ifMatch, targetPath } from './api.js';
import { fill, h, field, say, table, time } from './dom.js';
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
  let version = 0;
  let loadedText = '';
  let previewed = null;

  const body = () => (isEmptyProperties(editor.value)
    ? { body: '{}\n', type: 'application/yaml' }
    : { body: editor.value, type: 'text/plain; charset=utf-8' });

  const answers = answerOrder();
  const load = async () => {
    const turn = answers.start();
    let properties = {};
    let profiles = [];
    try {
      const release = await api('GET', path);
      if (!turn.draws()) return;
      version = release.version;
      properties = release.properties;
      profiles = release.profiles || [];
      drawCurrent(release);
    } catch (failure) {
      if (!turn.draws()) return;
      if (failure.status !== 404) {
        say(failure.message, 'error');
        return;
      }
      version = 0;
      fill(current, h('p', {}, 'No release yet: the first publish creates version 1.'));
    }
    // the editor follows the center unless the user has started editing
    if (editor.value === loadedText) {
      loadedText = version ? toProperties(properties, profiles) : '';
      editor.value = loadedText;
      notice.hidden = true;
    } else {
      fill(notice, `Version ${version} was published while you edited: preview again to see what your publish changes now.`);
      notice.hidden = false;
    }
    invalidate();
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
    const sent = body();
    try {
      const answer = await api('PUT', `${path}?dryRun=true`, { ...sent, headers: ifMatch(version) });
      previewed = { ...sent, version };
      fill(preview, changesTable(`Changes against version ${answer.baseVersion ?? 'none'}`, answer.changes));
      publish.disabled = false;
      publish.focus();
    } catch (failure) {
      fill(preview, h('p', { class: 'error', role: 'alert' }, failure.message));
    }
  };

  const doPublish = async () => {
    const { body: text, type, version: base } = previewed;
    const query = comment.value ? `?comment=${encodeURIComponent(comment.value)}` : '';
    try {
      const release = await api('PUT', path + query, { body: text, type, headers: ifMatch(base) });
      say(`Published version ${release.version} of ${app}/${env}.`, 'success');
      comment.value = '';
      loadedText = editor.value;
      await load();
    } catch (failure) {
      say(failure.status === 409
        ? `Not published: ${failure.message}. Reload the page to edit the current version.`
        : `Not published: ${failure.message}`, 'error');
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
  return { onEvent: (type) => type === 'release' && load() };
}
