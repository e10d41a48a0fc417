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

/** The page of a hash: `#/`, `#/audit`, `#/t/<app>/<env>[/<section>]`. */
function route() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'audit') return () => showAudit(main);
  if (parts[0] === 't' && parts[1] && parts[2]) return () => showTarget(main, parts[1], parts[2], parts[3] || 'config');
  return () => showTargets(main);
}

function render() {
  say('');
  if (!token.get()) {
    showLogin();
    return;
  }
  loggedIn(true);
  page = route()();
  main.focus();
}

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
window.addEventListener('hashchange', render);
render();
