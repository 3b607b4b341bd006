// A case opened from the Cases screen: its heading, the case panel's body
// (case.js draws it; shownCase() is this one while the screen shows), and
// who owns it and when it is followed up: take it, give it back, (supervisors)
// assign it to someone, set or clear the follow-up day. The server decides
// who may (services/caseAccess.ts); a refusal is told, never guessed here.
import { api } from './api.js';
import { loadCase, reloadCase, renderCase, shownCase } from './case.js';
import { announce, clear, clearError, cssEscape, h, say, showApiError, showError } from './dom.js';
import { loadCases } from './cases.js';
import { isSupervisor, state, ui } from './state.js';
import { t } from './strings.js';

/** The accounts a supervisor may assign to (`GET /users`, read once per opened case). */
let users = [];

/** Opens `caseNumber` in the screen's detail (the list steps aside), reading it (audited by the server). */
export function openCase(caseNumber) {
  state.caseOpen = {
    caseNumber, caseData: null, caseState: 'idle', codeWordShown: false, caseBusy: false, ownerBusy: false,
    drafts: { note: '', status: '', agency: '', imminent: false, assign: '', followUp: null },
    onLoaded: renderOwner,
  };
  say(ui.casesDetailHeading, 'cases.detailHeading', { caseNumber });
  ui.casesBrowse.hidden = true;
  ui.casesDetail.hidden = false;
  clear(ui.casesOwnerBox);
  ui.casesDetailHeading.focus();
  loadCase();
  if (isSupervisor()) {
    api('GET', '/users').then((data) => {
      users = (data && Array.isArray(data.users) ? data.users : []).filter((u) => u && u.id != null);
      if (shownCase() && shownCase().caseState === 'loaded') renderOwner(shownCase());
    }, () => undefined);
  }
}
/** Back to the list: the case's personal data leaves the page; `focus` returns to its Open button. */
export function closeCase(focus) {
  const open = state.caseOpen;
  state.caseOpen = null;
  if (!ui.casesDetail) return;
  ui.casesDetail.hidden = true;
  ui.casesBrowse.hidden = false;
  clear(ui.casesCaseBody);
  clear(ui.casesOwnerBox);
  if (!open || !focus) return;
  loadCases().then(() => {
    const button = ui.casesList.querySelector('[data-case-number="' + cssEscape(open.caseNumber) + '"] [data-action="open-case"]');
    (button || ui.casesList).focus();
  });
}
const mine = (c) => !!state.user && c.owner != null && String(c.owner) === String(state.user.id);

/** Draws who owns the case and its follow-up day, with what may be done (the server still decides). */
export function renderOwner(open) {
  if (!open || open !== state.caseOpen || !ui.casesOwnerBox) return;
  const box = ui.casesOwnerBox;
  const focused = box.contains(document.activeElement) ? document.activeElement.getAttribute('data-testid') : null;
  clear(box);
  const c = open.caseData;
  if (!c) return;
  const supervises = isSupervisor();
  const owner = c.owner == null ? ['cases.noOwner'] : mine(c) ? ['cases.ownedByYou'] : ['cases.ownerLine', { name: String(c.ownerName || '') }];
  box.append(
    say(h('h4', { id: 'cw-case-owner-heading' }), 'cases.ownerHeading'),
    say(h('p', { 'data-testid': 'cw-case-owner' }), owner[0], owner[1]),
  );
  const row = h('div', { class: 'cw-case-row' });
  if (!mine(c) && (c.owner == null || supervises)) row.appendChild(action('cw-case-take', 'cases.take', () => setOwner(open, 'me')));
  if (c.owner != null && (mine(c) || supervises)) row.appendChild(action('cw-case-give-back', 'cases.giveBack', () => setOwner(open, 'none')));
  if (row.childNodes.length) box.appendChild(row);
  if (supervises && users.length) box.appendChild(assignForm(open, c));
  box.appendChild(followUpForm(open, c));
  if (focused) {
    const again = box.querySelector('[data-testid="' + focused + '"]');
    if (again) again.focus();
  }
}
function action(testId, key, onclick) {
  return say(h('button', { type: 'button', class: 'cw-button', 'data-testid': testId, 'data-owner-action': '', onclick }), key);
}
function assignForm(open, c) {
  const choose = h('select', { id: 'cw-case-assign-to', 'data-testid': 'cw-case-assign-to', onchange: () => (open.drafts.assign = choose.value) },
    [say(h('option', { value: '' }), 'cases.chooseUser')].concat(users.filter((u) => String(u.id) !== String(c.owner)).map((u) => h('option', { value: String(u.id), text: String(u.displayName || u.username || u.id) }))));
  choose.value = open.drafts.assign;
  return h('div', { class: 'cw-case-form' }, [
    say(h('label', { for: 'cw-case-assign-to' }), 'cases.assignTo'),
    h('div', { class: 'cw-case-row' }, [choose, action('cw-case-assign', 'cases.assign', () => open.drafts.assign && setOwner(open, open.drafts.assign))]),
  ]);
}
function followUpForm(open, c) {
  const date = h('input', { id: 'cw-case-follow-up', 'data-testid': 'cw-case-follow-up', type: 'date', dir: 'ltr', oninput: () => (open.drafts.followUp = date.value) });
  date.value = open.drafts.followUp != null ? open.drafts.followUp : c.followUpDate || '';
  const row = h('div', { class: 'cw-case-row' }, [date, action('cw-case-follow-up-set', 'cases.setFollowUp', () => setFollowUp(open, date.value || ''))]);
  if (c.followUpDate) row.appendChild(action('cw-case-follow-up-clear', 'cases.clearFollowUp', () => setFollowUp(open, null)));
  return h('div', { class: 'cw-case-form' }, [say(h('label', { for: 'cw-case-follow-up' }), 'cases.followUp'), row]);
}
/** One change of owner or follow-up; the case is read again after it (which draws this box again). */
async function change(open, path, payload, done) {
  if (open.ownerBusy) return;
  clearError();
  open.ownerBusy = true;
  ui.casesOwnerBox.querySelectorAll('[data-owner-action]').forEach((b) => (b.disabled = true));
  try {
    const data = await api('POST', '/cases/' + encodeURIComponent(open.caseNumber) + '/' + path, payload);
    if (state.caseOpen !== open) return;
    done(data || {});
  } catch (error) {
    if (state.caseOpen !== open || error.handled) return;
    if (error.code === 'AlreadyOwned') showError(error.detail && error.detail.ownerName ? t('cases.alreadyOwned', { name: String(error.detail.ownerName) }) : t('cases.alreadyOwnedUnknown'));
    else showApiError(error);
  } finally {
    open.ownerBusy = false;
    if (state.caseOpen === open) {
      await reloadCase(open);
      renderCase();
    }
  }
}
function setOwner(open, to) {
  change(open, 'owner', { to }, (data) => {
    if (data.owner == null) announce('cases.givenBack', { caseNumber: open.caseNumber });
    else if (to === 'me') announce('cases.taken', { caseNumber: open.caseNumber });
    else announce('cases.assigned', { caseNumber: open.caseNumber, name: String(data.ownerName || '') });
    open.drafts.assign = '';
  });
}
function setFollowUp(open, date) {
  if (date === '') {
    showError(t('cases.chooseDate'));
    const input = ui.casesOwnerBox.querySelector('[data-testid="cw-case-follow-up"]');
    if (input) input.focus();
    return;
  }
  change(open, 'follow-up', { date }, () => {
    open.drafts.followUp = null;
    if (date) announce('cases.followUpSet', { date });
    else announce('cases.followUpCleared');
  });
}
