// The queue: who is waiting (most urgent first, then longest waiting), in the
// case worker's languages or, for supervisors, everyone's; claiming; waiting
// times counted every second; and opening a conversation that is ours.
import { api, handoffPath } from './api.js';
import { openConversation, renderConversationHeader, renderWindow } from './conversation.js';
import { announce, blank, clear, clearError, cssEscape, h, isGone, say, showApiError, showError, shownKey, updateTitle } from './dom.js';
import { setSection } from './layout.js';
import { knownPriority, state, store, STORE, ui, userLanguages } from './state.js';
import { formatWaiting, joinList, label, languageName, t } from './strings.js';

let queueBusy = false;
let queueAgain = false;
let ticking = 0;

/** The queue panel: its heading and count, the language filter, (supervisors) the scope, and the list. */
export function buildQueue() {
  const filter = h('select', { id: 'cw-filter', 'data-testid': 'cw-filter', onchange: () => setFilter(filter.value) });
  const scope = h('select', { id: 'cw-scope', 'data-testid': 'cw-scope', onchange: () => setScope(scope.value) }, [
    say(h('option', { value: 'mine' }), 'queue.scopeMine'),
    say(h('option', { value: 'all' }), 'queue.scopeAll'),
  ]);
  const scopeField = h('div', { class: 'cw-field-inline', hidden: true }, [say(h('label', { for: 'cw-scope' }), 'queue.scope'), scope]);
  const queueList = h('ul', {
    class: 'cw-queue', 'data-testid': 'cw-queue', id: 'cw-queue', tabindex: '-1', 'aria-keyshortcuts': 'Alt+Q', onclick: onQueueClick,
  });
  say(queueList, 'queue.list', null, 'aria-label');
  const queueNote = h('p', { class: 'cw-queue-note', role: 'status' });
  const queueCount = h('span', { class: 'cw-count' });
  Object.assign(ui, { filter, scope, scopeField, queueList, queueNote, queueCount });
  return h('section', { class: 'cw-queue-panel', id: 'cw-queue-panel', 'aria-labelledby': 'cw-queue-heading' }, [
    h('div', { class: 'cw-panel-head' }, [
      h('h2', { id: 'cw-queue-heading' }, [say(h('span'), 'queue.heading'), ' ', queueCount]),
      h('div', { class: 'cw-filters' }, [
        h('div', { class: 'cw-field-inline' }, [say(h('label', { for: 'cw-filter' }), 'queue.filter'), filter]),
        scopeField,
      ]),
    ]),
    queueNote,
    queueList,
    say(h('p', { class: 'cw-shortcuts cw-muted' }), 'queue.shortcuts'),
  ]);
}

export function renderFilter() {
  const select = ui.filter;
  clear(select);
  select.appendChild(say(h('option', { value: '' }), 'queue.allLanguages'));
  userLanguages().forEach((code) => select.appendChild(h('option', { value: code, text: languageName(code) })));
  select.value = state.filter;
}
function setFilter(value) {
  state.filter = value;
  store(STORE.filter, value || null);
  refreshQueue();
}
function setScope(value) {
  state.scope = value === 'all' ? 'all' : 'mine';
  store(STORE.scope, state.scope);
  refreshQueue();
}
function normalizeHandoff(raw, fetchedAt) {
  const handoff = Object.assign({}, raw);
  handoff.id = String(raw.id);
  handoff.priority = knownPriority(raw.priority) || 'low';
  handoff.reasons = Array.isArray(raw.reasons) ? raw.reasons : [];
  const waiting = Number(raw.waitingSeconds);
  const created = Date.parse(raw.createdAt);
  handoff.since = isFinite(waiting) ? fetchedAt - waiting * 1000 : isNaN(created) ? fetchedAt : created;
  // WhatsApp's customer-service window (only on WhatsApp entries): when it closes, by this page's clock.
  const windowSeconds = raw.whatsappWindowSeconds;
  handoff.windowEndsAt = typeof windowSeconds === 'number' && isFinite(windowSeconds) ? fetchedAt + Math.max(0, windowSeconds) * 1000 : null;
  return handoff;
}
/** Reads the queue (one request at a time; a call meanwhile reads it once more after). */
export async function refreshQueue() {
  if (!state.user) return;
  if (queueBusy) {
    queueAgain = true;
    return;
  }
  queueBusy = true;
  try {
    do {
      queueAgain = false;
      const query = [];
      if (state.filter) query.push('language=' + encodeURIComponent(state.filter));
      query.push('scope=' + state.scope);
      const data = await api('GET', '/queue?' + query.join('&'));
      if (!state.user) return;
      const now = Date.now();
      const before = state.queueLoaded ? new Map(state.queue.map((e) => [e.id, isMine(e)])) : null;
      state.queue = (Array.isArray(data.handoffs) ? data.handoffs : []).filter((e) => e && e.id != null).map((e) => normalizeHandoff(e, now));
      if (before) announceAssigned(before);
      state.queueLoaded = true;
      state.queueProblem = false;
      renderQueue();
      restoreOpenConversation();
      refreshOpenHandoff();
      openWhenListed();
    } while (queueAgain && state.user);
  } catch (error) {
    if (!error.handled && state.user) {
      state.queueProblem = true;
      renderQueue();
    }
  } finally {
    queueBusy = false;
  }
}
/** A conversation that became ours without being claimed here was reassigned to us by a supervisor: say so. */
function announceAssigned(before) {
  const assigned = state.queue.filter((e) => isMine(e) && before.get(e.id) !== true && e.training !== true &&
    !state.claiming.has(e.id) && e.id !== state.openWhenListed);
  if (assigned.length) announce('queue.assignedToYou', { caseNumber: assigned.map((e) => e.caseNumber).join(', ') });
}
export const isMine = (e) => !!state.user && e.status === 'claimed' && e.claimedBy != null &&
  (String(e.claimedBy) === String(state.user.id) || String(e.claimedBy) === String(state.user.username));
/** Everything a queue item shows, so an unchanged item keeps its element (and the focus inside it). */
function signature(e) {
  return [e.status, e.priority, e.overdue, e.training, e.claimedBy, e.claimedByName, e.language, e.channel, e.caseNumber, e.reasons.join(','),
    state.unread.has(e.id), !!state.open && state.open.id === e.id, state.lang].join('|');
}
function queueItem(e) {
  const mine = isMine(e);
  const current = !!state.open && state.open.id === e.id;
  const badges = [say(h('span', { class: 'cw-badge cw-priority cw-priority-' + e.priority }), 'priority.' + e.priority)];
  if (e.overdue) badges.push(say(h('span', { class: 'cw-badge cw-overdue-badge' }), 'queue.overdue'));
  if (e.training === true) badges.push(say(h('span', { class: 'cw-badge cw-training-badge' }), 'queue.training'));
  if (state.unread.has(e.id)) badges.push(say(h('span', { class: 'cw-badge cw-unread-badge' }), 'queue.unread'));
  if (current) badges.push(say(h('span', { class: 'cw-badge cw-current-badge' }), 'queue.current'));
  const action = [];
  if (e.status === 'queued') {
    action.push(say(say(h('button', { type: 'button', class: 'cw-button cw-button-primary', 'data-testid': 'cw-claim', 'data-action': 'claim' }), 'queue.claim'),
      'queue.claimLabel', { caseNumber: e.caseNumber }, 'aria-label'));
  } else if (mine) {
    action.push(say(h('span', { class: 'cw-claimed' }), 'queue.claimedByYou'));
    action.push(say(say(h('button', { type: 'button', class: 'cw-button', 'data-testid': 'cw-open', 'data-action': 'open' }), 'queue.open'),
      'queue.openLabel', { caseNumber: e.caseNumber }, 'aria-label'));
  } else {
    action.push(e.claimedByName ? say(h('span', { class: 'cw-claimed' }), 'queue.claimedBy', { name: e.claimedByName }) : say(h('span', { class: 'cw-claimed' }), 'queue.claimedByOther'));
  }
  const reasons = joinList(e.reasons.map((code) => label('reasons', code)));
  const li = h('li', {
    class: 'cw-item' + (e.overdue ? ' cw-item-overdue' : '') + (mine ? ' cw-item-mine' : '') + (current ? ' cw-item-current' : ''),
    'data-testid': 'cw-queue-item', 'data-case-number': e.caseNumber, 'data-status': e.status, 'data-handoff-id': e.id,
    'data-priority': e.priority, 'aria-current': current ? 'true' : null,
  }, [
    h('div', { class: 'cw-item-top' }, [
      h('span', { class: 'cw-badges' }, badges),
      h('span', { class: 'cw-wait' }, [say(h('span', { class: 'cw-wait-label' }), 'queue.waitingLabel'), ' ', h('span', { class: 'cw-wait-time', dir: 'ltr', text: formatWaiting((Date.now() - e.since) / 1000) })]),
    ]),
    h('h3', { class: 'cw-item-case', dir: 'ltr', text: e.caseNumber || '' }),
    say(h('p', { class: 'cw-item-meta' }), 'queue.meta', { language: languageName(e.language), channel: label('channels', e.channel) }),
    reasons ? say(h('p', { class: 'cw-item-reasons' }), 'queue.reasons', { reasons }) : null,
    h('div', { class: 'cw-item-actions' }, action),
  ]);
  li.cwSignature = signature(e);
  li.cwHandoff = e;
  return li;
}
/** Draws the queue, keeping the elements of unchanged entries (and the focus). */
export function renderQueue() {
  const list = ui.queueList;
  if (!state.user) return;
  const active = document.activeElement;
  const activeItem = active && list.contains(active) && active !== list ? active.closest('[data-handoff-id]') : null;
  const focusId = activeItem && activeItem.getAttribute('data-handoff-id');
  const focusAction = active && active.getAttribute && active.getAttribute('data-action');
  const existing = new Map();
  Array.from(list.children).forEach((li) => existing.set(li.getAttribute('data-handoff-id'), li));
  const wanted = state.queue.map((e) => {
    const old = existing.get(e.id);
    existing.delete(e.id);
    if (old && old.cwSignature === signature(e)) {
      old.cwHandoff = e;
      return old;
    }
    if (old) old.remove();
    return queueItem(e);
  });
  existing.forEach((li) => li.remove());
  wanted.forEach((li, i) => {
    if (list.children[i] !== li) list.insertBefore(li, list.children[i] || null);
  });
  const note = state.queueProblem ? 'queue.refreshFailed' : !state.queueLoaded ? 'queue.loading' : !state.queue.length ? 'queue.empty' : null;
  if (!note) blank(ui.queueNote);
  else if (shownKey(ui.queueNote) !== note) say(ui.queueNote, note);
  const waiting = state.queue.filter((e) => e.status === 'queued').length;
  say(ui.queueCount, 'queue.waitingCount', { count: waiting });
  ui.tabQueue.querySelector('.cw-tab-count').textContent = waiting ? ' (' + waiting + ')' : '';
  // The focused element was replaced: put the focus back on its successor, or on the list.
  if (focusId && !list.contains(document.activeElement)) {
    const item = list.querySelector('[data-handoff-id="' + cssEscape(focusId) + '"]');
    const target = item && (item.querySelector('[data-action="' + focusAction + '"]') || item.querySelector('[data-action]'));
    (target || list).focus();
  }
  tick();
  updateTitle();
}
/** Once a second: waiting times, and the WhatsApp window of the open conversation. */
function tick() {
  renderWindow();
  const now = Date.now();
  Array.from(ui.queueList.children).forEach((li) => {
    const e = li.cwHandoff;
    const el = li.querySelector('.cw-wait-time');
    if (!e || !el) return;
    const text = formatWaiting((now - e.since) / 1000);
    if (el.textContent !== text) el.textContent = text;
  });
}
export function startTicking() {
  clearInterval(ticking);
  ticking = setInterval(tick, 1000);
}
export function stopTicking() {
  clearInterval(ticking);
}
function onQueueClick(event) {
  const item = event.target.closest('[data-handoff-id]');
  if (!item || !item.cwHandoff) return;
  const e = item.cwHandoff;
  const action = event.target.closest('[data-action]');
  if (action && action.getAttribute('data-action') === 'claim') claim(e, action);
  else if (isMine(e) && !(event.target.closest('a,select,input,textarea'))) openConversation(e, true);
}
async function claim(e, button) {
  clearError();
  button.disabled = true;
  state.claiming.add(e.id);
  try {
    const data = await api('POST', handoffPath(e.id, 'claim'));
    const server = (data && data.handoff) || {};
    const claimed = normalizeHandoff(Object.assign({}, e, server, { status: 'claimed' }), Date.now());
    if (server.waitingSeconds == null) claimed.since = e.since;
    if (server.whatsappWindowSeconds == null) claimed.windowEndsAt = e.windowEndsAt;
    if (claimed.claimedBy == null) claimed.claimedBy = state.user.id;
    if (!claimed.claimedByName) claimed.claimedByName = state.user.displayName;
    state.queue = state.queue.map((x) => (x.id === e.id ? claimed : x));
    openConversation(claimed, true);
    refreshQueue();
  } catch (error) {
    if (error.status === 409) {
      const name = (error.detail && error.detail.claimedByName) || '';
      showError(name ? t('queue.alreadyClaimed', { name }) : t('queue.alreadyClaimedUnknown'));
      refreshQueue();
    } else {
      showApiError(error);
      if (isGone(error)) refreshQueue();
    }
  } finally {
    state.claiming.delete(e.id);
    button.disabled = false;
  }
}
/** The open conversation follows what the queue says of it (its WhatsApp window, above all). */
function refreshOpenHandoff() {
  if (!state.open) return;
  const e = state.queue.find((x) => x.id === state.open.id);
  if (!e) return;
  const before = state.open.handoff;
  state.open.handoff = e;
  if (['caseNumber', 'priority', 'language', 'channel'].some((key) => before[key] !== e[key])) renderConversationHeader();
  else renderWindow();
}
/** A practice conversation just started opens as soon as the queue lists it as ours. */
export function openWhenListed() {
  const id = state.openWhenListed;
  const e = id && state.queue.find((x) => x.id === id);
  if (!e || !isMine(e)) return;
  state.openWhenListed = null;
  if (state.section !== 'work') setSection('work');
  openConversation(e, true);
}
/** After a reload, the conversation that was open in this tab opens again if it is still ours. */
function restoreOpenConversation() {
  if (!state.restoreOpenId) return;
  const e = state.queue.find((x) => x.id === state.restoreOpenId);
  state.restoreOpenId = null;
  if (e && isMine(e) && !state.open) openConversation(e, false, true);
  else if (!state.open) store(STORE.open, null, sessionStorage);
}
/** Signing out: the queue leaves the page. */
export function resetQueue() {
  state.queue = [];
  state.queueLoaded = false;
  state.queueProblem = false;
  state.unread.clear();
  state.openWhenListed = null;
  state.claiming.clear();
  stopTicking();
  clear(ui.queueList);
  blank(ui.queueNote);
}
