// Reassigning (supervisors and admins): the open conversation handed to a
// case worker who speaks the worker's language, chosen from the accounts.
import { api, handoffPath } from './api.js';
import { conversationGone, finishConversation } from './conversation.js';
import { blank, clear, clearError, h, isGone, say, showApiError, showError } from './dom.js';
import { isSupervisor, state, ui } from './state.js';
import { joinList, languageName, t } from './strings.js';

/** The accounts a conversation may be reassigned to, and whether they have come. */
let users = [];
let usersState = 'idle';

export function buildReassignRow() {
  const reassignTo = h('select', {
    id: 'cw-reassign-to', 'data-testid': 'cw-reassign-to', onchange: () => state.open && (state.open.drafts.reassign = reassignTo.value),
  });
  const reassign = say(h('button', { type: 'button', class: 'cw-button', 'data-testid': 'cw-reassign', onclick: onReassign }), 'conversation.reassign');
  const reassignNote = h('span', { class: 'cw-reassign-note cw-muted' });
  const reassignRow = h('div', { class: 'cw-reassign', hidden: true }, [
    say(h('label', { for: 'cw-reassign-to' }), 'conversation.reassignTo'), reassignTo, reassign, reassignNote,
  ]);
  Object.assign(ui, { reassignRow, reassignTo, reassign, reassignNote });
  return reassignRow;
}
/** Signing out forgets the accounts. */
export function resetUsers() {
  users = [];
  usersState = 'idle';
}
/** The accounts (`GET /users`), read again whenever a supervisor opens a conversation, so new colleagues show. */
export async function loadUsers() {
  if (!isSupervisor() || usersState === 'loading') return;
  const user = state.user;
  usersState = 'loading';
  renderReassign();
  try {
    const data = await api('GET', '/users');
    if (state.user !== user) return;
    users = (Array.isArray(data.users) ? data.users : []).filter((u) => u && u.id != null)
      .map((u) => Object.assign({}, u, { id: String(u.id), roles: Array.isArray(u.roles) ? u.roles : [], languages: Array.isArray(u.languages) ? u.languages : [] }));
    usersState = 'loaded';
  } catch (error) {
    if (state.user !== user) return;
    usersState = 'failed';
  }
  renderReassign();
}
const accountName = (u) => String(u.displayName || u.username || u.id);
/**
 * The case workers a supervisor may hand the open conversation to: not its holder; those who speak the
 * worker's language (or every language) first. Not for a practice conversation, which only its trainee sees.
 */
export function renderReassign() {
  const open = state.open;
  const show = !!open && isSupervisor() && open.handoff.training !== true;
  ui.reassignRow.hidden = !show;
  if (!show) return;
  const select = ui.reassignTo;
  const holder = String(open.handoff.claimedBy != null ? open.handoff.claimedBy : state.user.id);
  const language = open.handoff.language;
  const speaks = (u) => !u.languages.length || u.languages.indexOf(language) >= 0;
  const workers = usersState === 'loaded'
    ? users.filter((u) => u.roles.indexOf('caseWorker') >= 0 && u.id !== holder && u.id !== String(state.user.id))
    : [];
  const candidates = workers.filter(speaks).concat(workers.filter((u) => !speaks(u)));
  clear(select);
  select.appendChild(say(h('option', { value: '' }), 'conversation.reassignChoose'));
  candidates.forEach((u) => select.appendChild(h('option', {
    value: u.id,
    text: t('conversation.reassignOption', {
      name: accountName(u),
      languages: u.languages.length ? joinList(u.languages.map(languageName)) : t('conversation.reassignAllLanguages'),
    }),
  })));
  if (!candidates.some((u) => u.id === open.drafts.reassign)) open.drafts.reassign = '';
  select.value = open.drafts.reassign;
  select.disabled = !candidates.length;
  ui.reassign.disabled = open.reassignBusy || !candidates.length;
  blank(ui.reassignNote);
  if (usersState === 'failed') {
    ui.reassignNote.append(say(h('span'), 'conversation.reassignLoadFailed'), ' ',
      say(h('button', { type: 'button', class: 'cw-button cw-button-quiet', onclick: loadUsers }), 'conversation.retry'));
  } else if (usersState === 'loaded' && !candidates.length) {
    ui.reassignNote.appendChild(say(h('span'), 'conversation.reassignNone'));
  }
}
/** Hands the open conversation to the chosen case worker; it then leaves this page, and their queue shows it as theirs. */
async function onReassign() {
  const open = state.open;
  if (!open || open.reassignBusy) return;
  const toUserId = ui.reassignTo.value;
  const to = toUserId ? users.find((u) => u.id === toUserId) : null;
  if (!to) {
    showError(t('conversation.reassignChooseFirst'));
    ui.reassignTo.focus();
    return;
  }
  clearError();
  open.reassignBusy = true;
  ui.reassign.disabled = true;
  try {
    await api('POST', handoffPath(open.id, 'transfer'), { toUserId });
    if (state.open === open) finishConversation(open, 'conversation.reassigned', { name: accountName(to) });
  } catch (error) {
    if (isGone(error) && state.open === open) conversationGone(open);
    else showApiError(error);
  } finally {
    open.reassignBusy = false;
    if (state.open === open) renderReassign();
  }
}
