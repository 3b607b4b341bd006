// The live chat of the open conversation: the transcript (worker, bot and
// case worker lines, each in its own direction and language), lines arriving
// live, and the message box: sent in order, shown at once, confirmed once.
import { api, handoffPath } from './api.js';
import { buildCannedRow } from './canned.js';
import { conversationGone } from './conversation.js';
import { blank, clear, h, inUiLanguage, isGone, say, showApiError } from './dom.js';
import { narrow } from './layout.js';
import { refreshQueue } from './queue.js';
import { state, ui } from './state.js';
import { directionOf, formatTime } from './strings.js';

const FROM = ['worker', 'bot', 'caseWorker'];
const MAX_CHARS = 4000;
/** The characters-left counter shows from this many left. */
const COUNTER_FROM = 300;
let sending = Promise.resolve();

/**
 * The transcript: an ordered list (its lines stay list items: a `log` role on the list would take that away,
 * axe `listitem`) and a polite live region, so a screen reader says each line added.
 */
export function buildTranscript() {
  const transcript = h('ol', {
    class: 'cw-transcript', 'data-testid': 'cw-transcript', 'aria-live': 'polite', 'aria-relevant': 'additions', tabindex: '0',
  });
  say(transcript, 'conversation.transcript', null, 'aria-label');
  const transcriptNote = h('p', { class: 'cw-transcript-note' });
  Object.assign(ui, { transcript, transcriptNote });
  return h('div', { class: 'cw-conv-log' }, [transcriptNote, transcript]);
}
/** The prepared answers, the message box (Enter sends, Shift+Enter is a new line) and Send. */
export function buildComposer() {
  const input = h('textarea', {
    id: 'cw-input', 'data-testid': 'cw-input', rows: '3', maxlength: String(MAX_CHARS), dir: 'auto', 'aria-keyshortcuts': 'Alt+M',
    'aria-describedby': 'cw-input-count', enterkeyhint: 'send', oninput: updateInput, onkeydown: onInputKey,
  });
  say(input, 'conversation.placeholder', null, 'placeholder');
  const send = say(h('button', { type: 'submit', class: 'cw-button cw-button-primary', 'data-testid': 'cw-send', disabled: true }), 'conversation.send');
  const inputCount = h('p', { id: 'cw-input-count', class: 'cw-input-count', 'aria-live': 'polite' });
  Object.assign(ui, { input, send, inputCount });
  return h('form', { class: 'cw-composer', onsubmit: onSend }, [
    buildCannedRow(),
    say(h('label', { for: 'cw-input', class: 'cw-sr' }), 'conversation.input'),
    input, send, inputCount,
  ]);
}

const lineKey = (line) => line.from + '|' + (Date.parse(line.at) || String(line.at)) + '|' + line.text;
const nearBottom = () => ui.transcript.scrollHeight - ui.transcript.scrollTop - ui.transcript.clientHeight < 80;
const scrollDown = () => (ui.transcript.scrollTop = ui.transcript.scrollHeight);
function conversationLanguage() {
  const language = state.open && state.open.handoff && state.open.handoff.language;
  return typeof language === 'string' && /^[a-z]{2,3}$/.test(language) ? language : null;
}
function lineNode(line, pending) {
  const from = FROM.indexOf(line.from) >= 0 ? line.from : 'bot';
  const meta = inUiLanguage(h('div', { class: 'cw-line-meta' }, [
    say(h('span', { class: 'cw-line-from' }), 'conversation.from.' + from),
    line.at ? h('time', { datetime: new Date(line.at).toISOString(), 'data-cw-time': line.at, text: formatTime(line.at) }) : null,
  ]));
  const li = h('li', { class: 'cw-line cw-from-' + from + (pending ? ' cw-line-pending' : ''), 'data-testid': 'cw-line', 'data-from': from, dir: 'auto' }, [
    meta,
    // The bot and the case worker write in the conversation's language (Urdu then shows in Nastaliq); the worker's own words are not tagged.
    h('p', { class: 'cw-line-text', dir: 'auto', lang: from !== 'worker' ? conversationLanguage() : null, text: String(line.text == null ? '' : line.text) }),
  ]);
  return li;
}
/** The first local (unconfirmed) line, before which confirmed lines go. */
const firstPending = () => ui.transcript.querySelector('.cw-line-pending');
function appendConfirmed(line) {
  const open = state.open;
  const key = lineKey(line);
  if (open.keys.has(key)) return;
  const stick = nearBottom();
  open.keys.add(key);
  open.shown.push(key);
  open.lines.push(line);
  ui.transcript.insertBefore(lineNode(line, false), firstPending());
  blank(ui.transcriptNote);
  if (stick) scrollDown();
}
/** Puts the server's transcript in place: new lines appended, or everything redrawn if the order differs. */
function mergeTranscript(lines) {
  const open = state.open;
  const clean = lines.filter((l) => l && typeof l.text === 'string');
  const keys = clean.map(lineKey);
  const prefix = open.shown.length <= keys.length && open.shown.every((k, i) => k === keys[i]);
  let later = [];
  if (!prefix) {
    // Redraw in the server's order; lines that came live after this transcript was read go after it.
    const known = new Set(keys);
    later = open.lines.filter((line) => !known.has(lineKey(line)));
    ui.transcript.setAttribute('aria-busy', 'true');
    Array.from(ui.transcript.querySelectorAll('.cw-line:not(.cw-line-pending)')).forEach((el) => el.remove());
    open.keys.clear();
    open.shown = [];
    open.lines = [];
  }
  clean.slice(open.shown.length).concat(later).forEach((line) => {
    const pending = line.from === 'caseWorker' && open.pending.find((p) => p.state === 'sending' && p.text === line.text);
    if (pending) confirmPending(pending, line.at);
    else appendConfirmed(line);
  });
  ui.transcript.removeAttribute('aria-busy');
  if (!ui.transcript.children.length) say(ui.transcriptNote, 'conversation.empty');
}
/** Reads the transcript of the open conversation; `quiet` (a poll) neither says "loading" nor offers a retry. */
export async function loadTranscript(quiet) {
  const open = state.open;
  if (!open) return;
  if (!quiet && !open.shown.length) say(ui.transcriptNote, 'conversation.loading');
  try {
    const data = await api('GET', handoffPath(open.id, 'transcript'));
    if (state.open !== open) return;
    mergeTranscript(Array.isArray(data.lines) ? data.lines : []);
    if (!quiet) scrollDown();
  } catch (error) {
    if (state.open !== open || error.handled) return;
    if (!quiet) {
      blank(ui.transcriptNote);
      ui.transcriptNote.append(say(h('span'), 'conversation.loadFailed'), ' ',
        say(h('button', { type: 'button', class: 'cw-button cw-button-quiet', onclick: () => loadTranscript(false) }), 'conversation.retry'));
    }
  }
}
/** A line of the open conversation from the live socket. */
export function receiveLive(message) {
  const open = state.open;
  const line = { from: message.from, text: String(message.text == null ? '' : message.text), at: message.at || new Date().toISOString() };
  if (line.from === 'caseWorker') {
    const pending = open.pending.find((p) => p.state === 'sending' && p.text === line.text);
    if (pending) return confirmPending(pending, line.at);
  }
  appendConfirmed(line);
  if (narrow.matches && state.view !== 'conversation' && line.from !== 'caseWorker') ui.tabConversation.querySelector('.cw-tab-unread').hidden = false;
  // The worker wrote: on WhatsApp that reopens the window, which the queue reports.
  if (line.from === 'worker' && open.handoff.windowEndsAt != null) refreshQueue();
}

// ---- sending ----
export function updateInput() {
  const open = state.open;
  if (open && open.cannedInsert && ui.input.value !== open.cannedInsert.after) {
    open.cannedInsert = null;
    ui.canned.value = '';
  }
  const left = MAX_CHARS - ui.input.value.length;
  // Empty, the box (and its placeholder) runs in the interface's direction; typed text finds its own.
  ui.input.dir = ui.input.value ? 'auto' : directionOf(state.lang);
  ui.send.disabled = !state.open || !ui.input.value.trim();
  if (left <= COUNTER_FROM) say(ui.inputCount, 'conversation.charactersLeft', { count: left });
  else if (ui.inputCount.firstChild) blank(ui.inputCount);
}
function onInputKey(event) {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
    event.preventDefault();
    onSend(event);
  }
}
function onSend(event) {
  event.preventDefault();
  const text = ui.input.value.trim();
  if (!text || !state.open) return;
  const open = state.open;
  const node = lineNode({ from: 'caseWorker', text, at: null }, true);
  const note = inUiLanguage(h('p', { class: 'cw-line-state' }));
  node.appendChild(note);
  const entry = { open, text, node, note, state: 'sending' };
  open.pending.push(entry);
  setPendingState(entry, 'sending');
  ui.transcript.appendChild(node);
  blank(ui.transcriptNote);
  scrollDown();
  ui.input.value = '';
  updateInput();
  ui.input.focus();
  enqueueSend(entry);
}
function enqueueSend(entry) {
  const job = () => post(entry);
  sending = sending.then(job, job);
}
async function post(entry) {
  if (entry.state !== 'sending') return;
  try {
    const data = await api('POST', handoffPath(entry.open.id, 'messages'), { text: entry.text });
    confirmPending(entry, (data && data.at) || new Date().toISOString());
  } catch (error) {
    if (entry.state !== 'sending') return;
    setPendingState(entry, 'failed');
    if (state.open === entry.open && isGone(error)) conversationGone(entry.open);
    else if (state.open === entry.open) showApiError(error);
  }
}
function setPendingState(entry, pendingState) {
  entry.state = pendingState;
  clear(entry.note);
  entry.node.classList.toggle('cw-line-failed', pendingState === 'failed');
  entry.note.appendChild(say(h('span'), pendingState === 'failed' ? 'conversation.failed' : 'conversation.sending'));
  if (pendingState === 'failed') {
    entry.note.append(' ', say(h('button', {
      type: 'button', class: 'cw-button cw-button-quiet',
      onclick: () => {
        setPendingState(entry, 'sending');
        enqueueSend(entry);
      },
    }), 'conversation.sendAgain'));
  }
}
/** A sent line is confirmed (by the server's answer, the live socket or the transcript): it joins the confirmed lines once. */
function confirmPending(entry, at) {
  if (entry.state === 'sent') return;
  entry.state = 'sent';
  const open = entry.open;
  open.pending = open.pending.filter((p) => p !== entry);
  if (state.open !== open) return;
  const line = { from: 'caseWorker', text: entry.text, at };
  entry.node.remove();
  appendConfirmed(line);
}
