// The open conversation: its header (case number, priority, language,
// channel, WhatsApp's 24-hour window), its actions (case panel, release,
// close and hand back to the bot), and opening and leaving it. Nothing of
// the case stays in the page once it is closed, released or reassigned.
import { api, handoffPath } from './api.js';
import { applyCaseExpanded, buildCasePanel, toggleCase } from './case.js';
import { buildComposer, buildTranscript, loadTranscript, updateInput } from './chat.js';
import { loadCanned } from './canned.js';
import { announce, blank, clear, clearError, h, isGone, say, showApiError, showError, shownKey } from './dom.js';
import { focusInput, focusQueue, setView } from './layout.js';
import { refreshQueue, renderQueue } from './queue.js';
import { buildReassignRow, loadUsers, renderReassign } from './reassign.js';
import { state, store, STORE, ui } from './state.js';
import { formatWaiting, label, languageName, t } from './strings.js';

/** WhatsApp's customer-service window: shown from 2 hours left, a warning from 15 minutes. */
const WINDOW_SHOW_SECONDS = 2 * 3600;
const WINDOW_WARN_SECONDS = 15 * 60;

/** The conversation panel: "no conversation open", or the open one (header, case panel, transcript, message box). */
export function buildConversation() {
  const convTitle = h('h2', { id: 'cw-conv-heading', class: 'cw-conv-title', tabindex: '-1' });
  const convMeta = h('p', { class: 'cw-conv-meta' });
  const convWindow = h('p', { class: 'cw-window', 'data-testid': 'cw-window', hidden: true });
  const caseToggle = say(h('button', {
    type: 'button', class: 'cw-button', 'aria-expanded': 'true', 'aria-controls': 'cw-case-body', 'data-testid': 'cw-case-toggle', onclick: toggleCase,
  }), 'conversation.caseToggle');
  const release = say(h('button', { type: 'button', class: 'cw-button', 'data-testid': 'cw-release', onclick: onRelease }), 'conversation.release');
  const close = say(h('button', { type: 'button', class: 'cw-button cw-button-danger', 'data-testid': 'cw-close', onclick: askClose }), 'conversation.close');
  const actions = say(h('div', { class: 'cw-conv-actions', role: 'group' }, [caseToggle, release, close]), 'conversation.actions', null, 'aria-label');
  const conversation = h('div', { class: 'cw-conv', hidden: true }, [
    h('div', { class: 'cw-conv-head' }, [h('div', { class: 'cw-conv-id' }, [convTitle, convMeta, convWindow]), actions, buildReassignRow()]),
    buildCasePanel(),
    buildTranscript(),
    buildComposer(),
  ]);
  const convEmpty = say(h('p', { class: 'cw-conv-empty', tabindex: '-1' }), 'conversation.none');
  Object.assign(ui, { convEmpty, conversation, convTitle, convMeta, convWindow, caseToggle, release, close });
  return h('section', { class: 'cw-conv-panel', id: 'cw-conv-panel', 'aria-labelledby': 'cw-conv-heading' }, [convEmpty, conversation]);
}
/** "Close and hand back to the bot?" */
export function buildCloseDialog() {
  const confirm = say(h('button', { type: 'button', class: 'cw-button cw-button-danger', 'data-testid': 'cw-confirm', onclick: onConfirmClose }), 'closeDialog.confirm');
  const cancel = say(h('button', { type: 'button', class: 'cw-button', 'data-testid': 'cw-cancel', autofocus: true, onclick: () => dialog.close('cancel') }), 'closeDialog.cancel');
  const dialogBody = h('p', { id: 'cw-dialog-body' });
  const dialog = h('dialog', { class: 'cw-dialog', 'aria-labelledby': 'cw-dialog-title', 'aria-describedby': 'cw-dialog-body', 'data-testid': 'cw-dialog' }, [
    say(h('h2', { id: 'cw-dialog-title' }), 'closeDialog.title'),
    dialogBody,
    h('div', { class: 'cw-dialog-actions' }, [cancel, confirm]),
  ]);
  Object.assign(ui, { dialog, dialogBody, confirm });
  return dialog;
}

/** Shows a claimed conversation; `quiet` (a reload restoring it) leaves the narrow-screen view where it is. */
export function openConversation(e, focus, quiet) {
  if (state.open && state.open.id === e.id) {
    state.open.handoff = e;
    renderConversationHeader();
    if (focus) focusInput();
    return;
  }
  closeConversationView();
  clearError();
  state.open = {
    id: e.id, handoff: e, keys: new Set(), shown: [], lines: [], pending: [], caseData: null, caseState: 'idle', codeWordShown: false,
    // What the case worker is writing in the case panel, kept across its redraws (only while the conversation is open).
    drafts: { note: '', status: '', agency: '', imminent: false, reassign: '' },
    caseBusy: false,
    reassignBusy: false,
    canned: null,
    cannedInsert: null,
    windowState: null,
  };
  state.unread.delete(e.id);
  store(STORE.open, e.id, sessionStorage);
  ui.convEmpty.hidden = true;
  ui.conversation.hidden = false;
  ui.input.value = '';
  updateInput();
  renderConversationHeader();
  applyCaseExpanded();
  if (!quiet) setView('conversation');
  renderQueue();
  loadTranscript(false);
  loadCanned(state.open);
  loadUsers();
  if (focus) ui.input.focus();
}
/** Empties the conversation area (nothing of the case stays in the page). */
export function closeConversationView() {
  state.open = null;
  if (!ui.conversation) return;
  clear(ui.transcript);
  clear(ui.caseBody);
  blank(ui.transcriptNote);
  ui.input.value = '';
  ui.conversation.hidden = true;
  ui.convEmpty.hidden = false;
  ui.convWindow.hidden = true;
  blank(ui.convWindow);
  ui.cannedRow.hidden = true;
  clear(ui.canned);
  ui.reassignRow.hidden = true;
  clear(ui.reassignTo);
  blank(ui.reassignNote);
  updateInput();
}
export function renderConversationHeader() {
  const e = state.open.handoff;
  clear(ui.convTitle);
  ui.convTitle.append(say(h('span'), 'conversation.heading', { caseNumber: e.caseNumber }), ' ',
    say(h('span', { class: 'cw-badge cw-priority cw-priority-' + e.priority }), 'priority.' + e.priority));
  say(ui.convMeta, 'conversation.meta', { language: languageName(e.language), channel: label('channels', e.channel) });
  renderWindow();
  renderReassign();
}
/**
 * WhatsApp's 24-hour customer-service window of the open conversation: shown under 2 hours left (counting
 * down), as a warning under 15 minutes, and as closed at 0 (the channel then sends only its neutral template).
 */
export function renderWindow() {
  const open = state.open;
  const el = ui.convWindow;
  const endsAt = open && open.handoff.windowEndsAt;
  const left = endsAt == null ? null : Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
  const windowState = left == null || left >= WINDOW_SHOW_SECONDS ? null : left === 0 ? 'closed' : left < WINDOW_WARN_SECONDS ? 'warning' : 'open';
  if (!windowState) {
    if (!el.hidden) {
      el.hidden = true;
      el.removeAttribute('data-state');
      blank(el);
    }
    if (open) open.windowState = null;
    return;
  }
  el.hidden = false;
  el.setAttribute('data-state', windowState);
  if (windowState === 'closed') {
    if (shownKey(el) !== 'conversation.windowClosed') say(el, 'conversation.windowClosed');
  } else {
    say(el, 'conversation.windowClosesIn', { time: formatWaiting(left) });
  }
  // Said once when it turns urgent (not every second).
  if (open.windowState !== windowState && (windowState === 'warning' || windowState === 'closed')) {
    if (windowState === 'closed') announce('conversation.windowClosed');
    else announce('conversation.windowClosesIn', { time: formatWaiting(left) });
  }
  open.windowState = windowState;
}

// ---- release and close ----
async function onRelease() {
  const open = state.open;
  if (!open) return;
  clearError();
  ui.release.disabled = true;
  try {
    await api('POST', handoffPath(open.id, 'release'));
    if (state.open === open) finishConversation(open, 'conversation.released');
  } catch (error) {
    if (isGone(error) && state.open === open) conversationGone(open);
    else showApiError(error);
  } finally {
    ui.release.disabled = false;
  }
}
function askClose() {
  if (!state.open) return;
  say(ui.dialogBody, 'closeDialog.body', { caseNumber: state.open.handoff.caseNumber });
  ui.dialog.returnValue = '';
  ui.dialog.showModal();
  ui.dialog.querySelector('[data-testid="cw-cancel"]').focus();
  ui.dialog.addEventListener('close', () => {
    if (ui.dialog.returnValue !== 'closed' && state.open) ui.close.focus();
  }, { once: true });
}
async function onConfirmClose() {
  const open = state.open;
  if (!open) return ui.dialog.close('cancel');
  clearError();
  ui.confirm.disabled = true;
  try {
    await api('POST', handoffPath(open.id, 'close'));
    ui.dialog.close('closed');
    if (state.open === open) finishConversation(open, 'conversation.closed');
  } catch (error) {
    ui.dialog.close(isGone(error) ? 'closed' : 'cancel');
    if (isGone(error) && state.open === open) conversationGone(open);
    else showApiError(error);
  } finally {
    ui.confirm.disabled = false;
  }
}
/** The handoff is gone (closed elsewhere, or the worker erased their data): it leaves the page, and the console says so. */
export function conversationGone(open) {
  finishConversation(open, null);
  showError(t('conversation.gone', { caseNumber: open.handoff.caseNumber }));
}
/** The conversation leaves this page (released, closed, reassigned or gone); the queue is read again. */
export function finishConversation(open, messageKey, values) {
  const caseNumber = open.handoff.caseNumber;
  state.queue = state.queue.filter((e) => e.id !== open.id || messageKey === 'conversation.released');
  closeConversationView();
  store(STORE.open, null, sessionStorage);
  if (messageKey) announce(messageKey, Object.assign({ caseNumber }, values));
  renderQueue();
  refreshQueue();
  focusQueue();
}
