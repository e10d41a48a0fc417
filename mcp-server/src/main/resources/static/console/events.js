// The center's server-sent events, read with fetch() and a stream reader: EventSource
// cannot send the Authorization header, and the token must not go in the URL.

import { authorization } from './api.js';

/** A stream that stays silent this long is dead (the center sends a comment every 15 s). */
const SILENCE_MS = 40000;
const MAX_BACKOFF_MS = 15000;

/**
 * Reads the events until the returned function is called, reconnecting with back-off.
 * @param onEvent called with (type, data) of each event
 * @param onState called with 'live', 'reconnecting' or 'refused'
 */
export function streamEvents(onEvent, onState) {
  const stop = new AbortController();
  (async () => {
    let backoff = 1000;
    while (!stop.signal.aborted) {
      const attempt = new AbortController();
      const abort = () => attempt.abort();
      stop.signal.addEventListener('abort', abort);
      try {
        const response = await fetch('api/v1/events', {
          headers: { ...authorization(), Accept: 'text/event-stream' }, cache: 'no-store', signal: attempt.signal,
        });
        if (response.status === 401 || response.status === 403) {
          onState('refused');
          if (response.status === 401) window.dispatchEvent(new Event('mcp:unauthorized'));
          return;
        }
        if (response.ok) {
          onState('live');
          backoff = 1000;
          await readEvents(response.body, onEvent, attempt);
        }
      } catch {
        // cut, timed out or refused: try again below
      } finally {
        stop.signal.removeEventListener('abort', abort);
        attempt.abort();
      }
      if (stop.signal.aborted) return;
      onState('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, backoff));
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  })();
  return () => stop.abort();
}

async function readEvents(body, onEvent, attempt) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let watchdog = setTimeout(() => attempt.abort(), SILENCE_MS);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      clearTimeout(watchdog);
      watchdog = setTimeout(() => attempt.abort(), SILENCE_MS);
      buffer = (buffer + value).replace(/\r\n|\r(?!$)/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = parseFrame(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (event) onEvent(event.type, event.data);
      }
    }
  } finally {
    clearTimeout(watchdog);
  }
}

/** One SSE frame as the spec reads it: `event:` and `data:` fields, comments skipped. */
export function parseFrame(frame) {
  let type = 'message';
  const data = [];
  for (const line of frame.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'event') type = value;
    else if (name === 'data') data.push(value);
  }
  if (data.length === 0) return null;
  try {
    return { type, data: JSON.parse(data.join('\n')) };
  } catch {
    return null;
  }
}
