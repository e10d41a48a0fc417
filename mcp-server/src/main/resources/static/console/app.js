// The console: asks for a token, then shows the page the URL's hash names and keeps it
// current with the center's events.

import { api, token } from './api.js';
import { fill, h, field, say } from './dom.js';
import { streamEvents } from './events.js';
import { showTargets } from './targets-view.js';
import { showTarget } from './target-view.js';
import { showAudit } from './audit-view.js';

const main = document.getElementById('main');
let page = null;
let stopEvents = null;
// the hash of the page shown, to go back to when the user stays on a page with edits
let shownHash = location.hash;
let liveState = null;

/** The page of a hash: `#/`, `#/audit`, `#/t/<app>/<env>[/<section>]`. */
function route() {
  let parts;
  try {
    parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  } catch {
    // a hash that is not valid percent-encoding names no page
    return () => {
      const targets = showTargets(main);
      say('The address names no page of the console; here are the targets.', 'error');
      return targets;
    };
  }
  if (parts[0] === 'audit') return () => showAudit(main);
  if (parts[0] === 't' && parts[1] && parts[2]) return () => showTarget(main, parts[1], parts[2], parts[3] || 'config');
  return () => showTargets(main);
}

function render() {
  say('');
  shownHash = location.hash;
  if (!token.get()) {
    showLogin();
    return;
  }
  loggedIn(true);
  page = route()();
  main.focus();
}

/** Whether the page shown holds edits that are not published. */
const unpublished = () => Boolean(page && page.dirty && page.dirty());

function showLogin(reason) {
  loggedIn(false);
  page = null;
  const input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true });
  const error = h('p', { id: 'login-error', class: 'error', role: 'alert' }, reason || '');
  const form = h('form', { id: 'login', class: 'card', onsubmit: async (event) => {
    event.preventDefault();
    token.set(input.value.trim());
    try {
      await api('GET', 'configs');
      render();
    } catch (failure) {
      token.clear();
      fill(error, failure.status === 403 ? 'This token may not read configurations.' : failure.message);
      input.focus();
    }
  } },
  h('h1', {}, 'Log in'),
  h('p', {}, 'Paste a reader, publisher or admin token. It stays in this tab only and is sent with every call.'),
  field('Token', input), error, h('button', { type: 'submit' }, 'Log in'));
  fill(main, form);
  input.focus();
}

/** Shows or hides what only a logged-in user has, and opens or closes the event stream. */
function loggedIn(yes) {
  document.getElementById('nav').hidden = !yes;
  document.getElementById('logout').hidden = !yes;
  document.getElementById('live').hidden = !yes;
  if (yes && !stopEvents) {
    stopEvents = streamEvents((type, data) => page && page.onEvent && page.onEvent(type, data), showLiveState);
  }
  if (!yes && stopEvents) {
    stopEvents();
    stopEvents = null;
  }
}

function showLiveState(state) {
  // events sent while the stream was down are lost: the page reads what it shows again
  if (state === 'live' && liveState === 'reconnecting' && page && page.reload) page.reload();
  liveState = state;
  const live = document.getElementById('live');
  live.dataset.state = state;
  live.textContent = { live: 'Live', reconnecting: 'Reconnecting…', refused: 'No live updates' }[state];
}

document.getElementById('logout').addEventListener('click', () => {
  token.clear();
  location.hash = '#/';
  showLogin();
});
window.addEventListener('mcp:unauthorized', () => {
  token.clear();
  showLogin('The token is not valid (unknown or revoked). Log in again.');
});
window.addEventListener('hashchange', () => {
  if (location.hash === shownHash) return;
  if (unpublished() && !window.confirm('Leave this page? Your edits are not published and will be lost.')) {
    history.replaceState(null, '', shownHash || location.pathname);
    return;
  }
  render();
});
window.addEventListener('beforeunload', (event) => {
  if (unpublished()) event.preventDefault();
});
// to the page's content without leaving the page (its href would change the hash)
document.querySelector('.skip').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});
render();
