// Live updates: the /console/live WebSocket (the session cookie authenticates
// it) and, while it is down, polling every 10 s with reconnects backing off
// from 1 s to 30 s; the header says which. While live the queue is still read
// every 30 s, since "overdue" is decided by the server.
import { loadTranscript, receiveLive } from './chat.js';
import { announce, say } from './dom.js';
import { isMine, refreshQueue, renderQueue } from './queue.js';
import { state, ui } from './state.js';

const POLL_MS = 10000;
const LIVE_REFRESH_MS = 30000;
let socket = null;
let attempt = 0;
/** `connecting`, `live` or `offline`. */
let live = 'connecting';
let pollTimer = 0;
let reconnectTimer = 0;

export function setLive(value) {
  live = value;
  ui.liveState.setAttribute('data-state', value);
  say(ui.liveState, 'live.' + value);
}
/** Back on the page while the socket is down: read now rather than at the next poll. */
export function watchVisibility() {
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && state.user && live !== 'live') pollOnce();
  });
}
function liveUrl() {
  return (location.protocol === 'https:' ? 'wss:' : 'ws:') + '//' + location.host + '/console/live';
}
const backoff = (n) => Math.min(30000, 1000 * Math.pow(2, n)) * (0.5 + Math.random() / 2);
export function connectLive() {
  if (!state.user || socket) return;
  clearTimeout(reconnectTimer);
  let ws;
  try {
    ws = new WebSocket(liveUrl());
  } catch (e) {
    onLiveLost();
    return;
  }
  socket = ws;
  ws.onopen = () => {
    attempt = 0;
    setLive('live');
    stopPolling();
    // Whatever happened while the socket was down.
    refreshQueue();
    if (state.open) loadTranscript(true);
  };
  ws.onmessage = (event) => {
    if (typeof event.data !== 'string') return;
    let message;
    try {
      message = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    if (message && typeof message === 'object') onLive(message);
  };
  ws.onclose = () => {
    if (socket !== ws) return;
    socket = null;
    onLiveLost();
  };
}
function onLiveLost() {
  if (!state.user) return;
  setLive('offline');
  startPolling();
  clearTimeout(reconnectTimer);
  reconnectTimer = setTimeout(connectLive, backoff(attempt++));
}
export function stopLive() {
  const ws = socket;
  socket = null;
  live = 'connecting';
  if (ws) {
    ws.onclose = null;
    ws.onmessage = null;
    try {
      ws.close();
    } catch (e) { /* already closed */ }
  }
  clearTimeout(reconnectTimer);
  stopPolling();
}
function startPolling() {
  stopPolling();
  pollTimer = setInterval(pollOnce, POLL_MS);
}
function stopPolling() {
  clearInterval(pollTimer);
  pollTimer = 0;
  if (live === 'live') pollTimer = setInterval(refreshQueue, LIVE_REFRESH_MS);
}
function pollOnce() {
  refreshQueue();
  if (state.open) loadTranscript(true);
}
function onLive(message) {
  const id = message.handoffId != null ? String(message.handoffId) : null;
  if (message.type === 'queue') {
    refreshQueue();
  } else if (message.type === 'message' && id && typeof message.text === 'string') {
    if (state.open && state.open.id === id) {
      receiveLive(message);
    } else if (message.from !== 'caseWorker') {
      state.unread.add(id);
      const e = state.queue.find((x) => x.id === id);
      renderQueue();
      if (e && isMine(e)) announce('queue.newMessage', { caseNumber: e.caseNumber });
    }
  } else if (message.type === 'claimed' && id) {
    const e = state.queue.find((x) => x.id === id);
    if (e && e.status === 'queued') {
      state.queue = state.queue.map((x) => (x.id === id ? Object.assign({}, x, { status: 'claimed', claimedByName: message.byName || x.claimedByName }) : x));
      renderQueue();
    }
    refreshQueue();
  }
}
