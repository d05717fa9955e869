// The live feed: one WebSocket to /ws, re-opened with back-off when it drops; subscriptions are remembered and
// sent again on every (re)connect, so a view never has to care about the connection.
import { $ } from './util.js';
import { session } from './api.js';

/** Channels about the participant's own accounts: sent only once the socket carries its key. */
const PRIVATE = new Set(['orders', 'balances', 'positions']);
const handlers = new Map();   // channel -> Set<fn(message)>
const subscriptions = new Map(); // JSON of the subscribe message -> message
let socket = null;
let retry = 500;
let authenticated = false;
let immediate = false;

function setStatus(state, text) {
  const s = $('ws-status');
  s.dataset.state = state;
  s.textContent = text || state;
}

function send(message) {
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

function connect() {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  socket = new WebSocket(`${proto}//${location.host}/ws`);
  setStatus('connecting');
  authenticated = false;
  socket.addEventListener('open', () => {
    retry = 500;
    setStatus('live');
    const key = session.key();
    if (key) { send({ op: 'auth', key }); authenticated = true; }
    for (const message of subscriptions.values()) {
      if (PRIVATE.has(message.channel)) { if (authenticated) send(message); }
      else send(message);
    }
    // Whatever happened while the socket was down is fetched again by the views (REST), then kept by the feed.
    const set = handlers.get('open');
    if (set) for (const fn of set) fn();
  });
  socket.addEventListener('message', (e) => {
    let message;
    try { message = JSON.parse(e.data); } catch { return; }
    if (message.type === 'resync') setStatus('live', 'live · resync');
    if (message.type === 'error') console.warn('live feed:', message.code, message.message);
    const set = handlers.get(message.channel);
    if (set) for (const fn of set) fn(message);
    const all = handlers.get('*');
    if (all) for (const fn of all) fn(message);
  });
  socket.addEventListener('close', () => {
    if (immediate) { immediate = false; connect(); return; }
    setStatus('offline', `offline · retry ${Math.round(retry / 1000)}s`);
    setTimeout(connect, retry);
    retry = Math.min(retry * 2, 8000);
  });
}

export const live = {
  start() { if (!socket) connect(); },
  on(channel, fn) {
    if (!handlers.has(channel)) handlers.set(channel, new Set());
    handlers.get(channel).add(fn);
  },
  subscribe(message) {
    const id = JSON.stringify(message);
    if (subscriptions.has(id)) return;
    subscriptions.set(id, message);
    send(message);
  },
  /**
   * Forgets a subscription: it is not sent again on the next connect. The API has no unsubscribe operation, so the
   * server may go on sending it until then; the views ignore messages for books they do not show.
   */
  unsubscribe(message) {
    subscriptions.delete(JSON.stringify(message));
  },
  /** After log-in or log-out the socket is opened again so it carries the new identity. */
  reconnect() { if (socket) { immediate = true; socket.close(); } },
};
