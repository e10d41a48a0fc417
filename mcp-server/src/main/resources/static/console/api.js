// The admin API with the token the user gave: kept in sessionStorage (gone with the tab),
// sent as a header and never in a URL, which would land in access logs.

const TOKEN_KEY = 'mcp.console.token';

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (secret) => sessionStorage.setItem(TOKEN_KEY, secret),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** A refusal of the center (`status` its HTTP status), or 0 when no answer came at all. */
export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }

  /** Whether no answer came: a change may have been stored all the same. */
  get unanswered() {
    return this.status === 0;
  }
}

/** How long a call may take before the page gives up on it. */
const TIMEOUT_MS = 15000;

export function authorization() {
  return { Authorization: 'Bearer ' + token.get() };
}

/**
 * Calls `api/v1/<path>` and answers its JSON; a refusal throws an ApiError with the
 * center's message. A 401 also tells the page, which asks for a token again.
 */
export async function api(method, path, { body, type, headers = {} } = {}) {
  const sent = { ...authorization(), Accept: 'application/json', ...headers };
  if (body !== undefined) sent['Content-Type'] = type;
  let response;
  let text;
  try {
    response = await fetch('api/v1/' + path, {
      method, headers: sent, body, cache: 'no-store', signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    text = await response.text();
  } catch (failure) {
    // the browser's own words ("Failed to fetch", "signal timed out") say nothing to a user
    throw new ApiError(0, failure.name === 'TimeoutError'
      ? `the center did not answer within ${TIMEOUT_MS / 1000} s`
      : 'the center cannot be reached', null);
  }
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = text;
  }
  if (!response.ok) {
    if (response.status === 401) window.dispatchEvent(new Event('mcp:unauthorized'));
    const message = (data && data.error) || `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, message, data);
  }
  return data;
}

/** The API path of a target, `configs/<app>/<env>`. */
export function targetPath(app, env) {
  return `configs/${encodeURIComponent(app)}/${encodeURIComponent(env)}`;
}

/** The If-Match header that makes a change apply only on top of `version` (0: no release yet). */
export function ifMatch(version) {
  return { 'If-Match': `"${version}"` };
}

/**
 * Keeps a view from drawing an old answer over a newer one. Its loads start as events
 * come, and their answers can come back out of order: `const turn = order.start()` before
 * asking, `if (!turn.draws()) return;` once answered. An answer to a load started before
 * one already drawn is dropped; a later one still draws, so a stream of events never
 * starves the view.
 */
export function answerOrder() {
  let started = 0;
  let drawn = 0;
  return {
    start() {
      const ticket = ++started;
      return {
        draws() {
          if (ticket < drawn) return false;
          drawn = ticket;
          return true;
        },
      };
    },
  };
}

/**
 * What to say of a change that failed: a change that got no answer may have been stored
 * (the center may have stored it and the answer been lost), which the user must check
 * before trying again.
 * @param refused what to say before the reason, e.g. "Not published"
 * @param failure the ApiError
 */
export function changeFailed(refused, failure) {
  return failure.unanswered
    ? `No answer: ${failure.message}. The change may have been stored all the same: check the History before trying again.`
    : `${refused}: ${failure.message}`;
}
