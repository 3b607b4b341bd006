// The case panel beside the conversation: what the worker reported (type,
// status, priority and why, indicators, their own words, answers, consents,
// timeline), the code word only on request, and the status moved on. Every
// reading is audited by the server; collapsing the panel takes the case out.
// It shows the open conversation's case, or on the Cases screen (cases.js)
// the case opened there: `shownCase()` is the one the page shows now.
import { api } from './api.js';
import { announce, clear, clearError, h, say, showApiError, showError } from './dom.js';
import { notesSection } from './notes.js';
import { referralSection } from './referrals.js';
import { knownPriority, state, store, STORE, ui } from './state.js';
import { formatDateTime, has, joinList, label, t } from './strings.js';

const PERSONAL_FIELDS = ['name', 'phone', 'safeContactMethod', 'safeContactTime', 'location', 'employer', 'narrative'];
/** Questions whose coded answers have their own labels (the rest share `case.answerValues`). */
const ANSWER_GROUPS = { nationality: 'case.nationalities' };
const USER_ID = /^[0-9a-f]{24}$/i;

/** The case the page shows now: the Cases screen's (state.caseOpen), else the open conversation's. */
export function shownCase() {
  return state.section === 'cases' ? state.caseOpen : state.open;
}
/** Where it is drawn: the Cases screen's case body, else the conversation's case panel. */
function panelBody() {
  return state.section === 'cases' ? ui.casesCaseBody : ui.caseBody;
}
/** The number of the case a holder shows (a conversation's comes with its handoff). */
const numberOf = (open) => open.caseNumber || (open.handoff && open.handoff.caseNumber);

export function buildCasePanel() {
  const caseBody = h('div', { id: 'cw-case-body', class: 'cw-case-body' });
  const casePanel = h('section', { class: 'cw-case', 'data-testid': 'cw-case', 'aria-labelledby': 'cw-case-heading' }, [
    say(h('h3', { id: 'cw-case-heading', class: 'cw-case-heading' }), 'case.heading'),
    caseBody,
  ]);
  Object.assign(ui, { casePanel, caseBody });
  return casePanel;
}
export function applyCaseExpanded() {
  const expanded = state.caseExpanded;
  ui.caseToggle.setAttribute('aria-expanded', String(expanded));
  ui.conversation.classList.toggle('cw-case-open', expanded);
  ui.caseBody.hidden = !expanded;
  ui.casePanel.hidden = !expanded;
  if (expanded && state.open && state.open.caseState === 'idle') loadCase();
  if (!expanded && state.open) {
    // Collapsing takes the personal data out of the page; opening again fetches it (and is audited) again.
    state.open.caseData = null;
    state.open.caseState = 'idle';
    state.open.codeWordShown = false;
    state.open.drafts = Object.assign(state.open.drafts, { note: '', status: '', agency: '', imminent: false });
    clear(ui.caseBody);
  }
}
export function toggleCase() {
  state.caseExpanded = !state.caseExpanded;
  store(STORE.casePanel, state.caseExpanded ? 'open' : 'closed');
  applyCaseExpanded();
}
export async function loadCase() {
  const open = shownCase();
  if (!open || !numberOf(open)) return;
  open.caseState = 'loading';
  renderCase();
  try {
    const data = await api('GET', '/cases/' + encodeURIComponent(numberOf(open)));
    if (shownCase() !== open || open.caseState !== 'loading') return;
    open.caseData = (data && data.case) || null;
    open.caseState = open.caseData ? 'loaded' : 'failed';
  } catch (error) {
    if (shownCase() !== open || open.caseState !== 'loading') return;
    open.caseState = 'failed';
    open.caseError = error;
  }
  renderCase();
  if (open.onLoaded) open.onLoaded(open);
}
/** Reads the case again after a change, keeping what is shown until the answer comes (and the focus on `focusId`). */
export async function reloadCase(open, focusId) {
  try {
    const data = await api('GET', '/cases/' + encodeURIComponent(numberOf(open)));
    if (shownCase() !== open || open.caseState !== 'loaded' || !data || !data.case) return;
    open.caseData = data.case;
  } catch (error) {
    if (shownCase() !== open || open.caseState !== 'loaded') return;
    if (!error.handled) showError(t('case.reloadFailed'));
  }
  renderCase(focusId);
  if (open.onLoaded) open.onLoaded(open);
}
const casePath = (open, action) => '/cases/' + encodeURIComponent(numberOf(open)) + '/' + action;
/** Runs one change of the case (note, status, referral): the panel's buttons wait meanwhile. */
export async function changeCase(action, payload, focusId, done, refused) {
  const open = shownCase();
  if (!open || open.caseBusy || open.caseState !== 'loaded') return;
  clearError();
  open.caseBusy = true;
  setCaseBusy(true);
  try {
    const data = await api('POST', casePath(open, action), payload);
    if (shownCase() !== open) return;
    done(data || {});
    open.caseBusy = false;
    await reloadCase(open, focusId);
  } catch (error) {
    if (shownCase() !== open || error.handled) return;
    if ((error.status === 409 || error.code === 'NEEDS_SUPERVISOR') && refused) refused(error);
    else showApiError(error);
    if (error.status === 409) reloadCase(open, focusId);
  } finally {
    open.caseBusy = false;
    if (shownCase() === open) setCaseBusy(false);
  }
}
function setCaseBusy(busy) {
  const body = panelBody();
  body.querySelectorAll('[data-case-action]').forEach((button) => (button.disabled = busy));
  body.setAttribute('aria-busy', String(busy));
}
/** The reason the server gave for refusing a change. */
export const serverMessage = (error) => (error.detail && error.detail.message) || t('errors.generic');
function onStatusSet() {
  const open = shownCase();
  const status = open && open.drafts.status;
  if (!status) {
    showError(t('case.chooseStatusFirst'));
    focusCaseControl('cw-status');
    return;
  }
  changeCase('status', { status }, 'cw-status', () => {
    open.drafts.status = '';
    announce('case.statusChanged', { status: label('case.statuses', status) });
  }, (error) => showError(t('case.statusRefused', { detail: serverMessage(error) })));
}
export function focusCaseControl(testId) {
  const el = panelBody().querySelector('[data-testid="' + testId + '"]');
  if (el) el.focus();
}
function definition(termKey, value, valueProps) {
  return [say(h('dt'), termKey), h('dd', valueProps || {}, Array.isArray(value) ? value : [value])];
}
/** The label of a coded answer to question `key` (its own group of values, or the shared one), else the code. */
export function answerValue(key, value) {
  const group = ANSWER_GROUPS[key];
  return group && has(group + '.' + value) ? t(group + '.' + value) : label('case.answerValues', value);
}
function valueText(value, key) {
  if (value == null || value === '' || (Array.isArray(value) && !value.length)) return t('case.notGiven');
  if (value === true) return t('case.yes');
  if (value === false) return t('case.no');
  if (Array.isArray(value)) return joinList(value.map((item) => valueText(item, key)));
  if (typeof value === 'object') return JSON.stringify(value);
  return typeof value === 'string' ? answerValue(key, value) : String(value);
}
/**
 * "by …" for something done on the case: by you, by the name the server gave (a console user), by the bot,
 * the system or the worker, or by another case worker when a user id came without a name. As [key, values] for say().
 */
export function byWhom(actor, name) {
  if (actor == null || actor === '') return null;
  const id = String(actor);
  if (state.user && id === String(state.user.id)) return ['case.byYou'];
  if (name) return ['case.byActor', { actor: String(name) }];
  if (has('case.actors.' + id)) return ['case.byActor', { actor: t('case.actors.' + id) }];
  return ['case.byActor', { actor: USER_ID.test(id) ? t('case.actors.colleague') : id }];
}
/** Draws the case panel; the control with data-testid `focusId` (else the one focused before) gets the focus back. */
export function renderCase(focusId) {
  const open = shownCase();
  const body = panelBody();
  // Never takes the focus from elsewhere in the page (the message box, the queue).
  const active = document.activeElement;
  const inBody = !!active && body.contains(active);
  const focused = inBody || !active || active === document.body ? focusId || (inBody ? active.getAttribute('data-testid') : null) : null;
  clear(body);
  if (!open || (open === state.open && !state.caseExpanded)) return;
  if (open.caseState === 'loading' || open.caseState === 'idle') {
    body.appendChild(say(h('p', { class: 'cw-muted', role: 'status' }), 'case.loading'));
    return;
  }
  if (open.caseState === 'failed' || !open.caseData) {
    body.append(say(h('p'), 'case.loadFailed'),
      say(h('button', { type: 'button', class: 'cw-button', onclick: loadCase }), 'case.retry'));
    return;
  }
  const c = open.caseData;
  const list = (items, group) => (Array.isArray(items) && items.length ? joinList(items.map((code) => label(group, code))) : t('case.none'));
  const priority = knownPriority(c.priority) || null;
  body.appendChild(h('dl', { class: 'cw-facts' }, [].concat(
    definition('case.number', h('span', { dir: 'ltr', text: c.caseNumber || '' })),
    definition('case.type', label('case.types', c.type)),
    definition('case.status', label('case.statuses', c.status)),
    definition('case.priority', priority ? say(h('span', { class: 'cw-badge cw-priority cw-priority-' + priority }), 'priority.' + priority) : String(c.priority || '')),
    definition('case.reasons', list(c.priorityReasons, 'reasons')),
    definition('case.indicators', list(c.indicators, 'indicators')),
  )));
  // The workflow the server sent with the session (models/domain.ts CASE_STATUS_TRANSITIONS).
  const next = (state.domain.transitions[c.status] || []).slice();
  if (next.indexOf(open.drafts.status) < 0) open.drafts.status = '';
  if (next.length) body.appendChild(statusForm(open, next));

  body.append(say(h('h4'), 'case.personal'), h('dl', { class: 'cw-facts' }, personalRows(open, c.personal || {})));

  const answers = c.answers && typeof c.answers === 'object' ? Object.keys(c.answers) : [];
  body.appendChild(say(h('h4'), 'case.answers'));
  if (answers.length) {
    body.appendChild(h('dl', { class: 'cw-facts' }, [].concat.apply([], answers.map((key) => [
      h('dt', { text: label('case.answerKeys', key) }),
      h('dd', { text: valueText(c.answers[key], key) }),
    ]))));
  } else {
    body.appendChild(say(h('p', { class: 'cw-muted' }), 'case.noAnswers'));
  }

  const consents = Array.isArray(c.consents) ? c.consents : [];
  body.appendChild(say(h('h4'), 'case.consents'));
  body.appendChild(consents.length
    ? h('ul', { class: 'cw-plain-list' }, consents.map((consent) => say(h('li', { class: consent.given ? 'cw-consent-given' : 'cw-consent-refused' }), 'case.consentLine', {
      kind: label('case.consentKinds', consent.kind),
      answer: t(consent.given ? 'case.consentGiven' : 'case.consentRefused'),
      date: formatDateTime(consent.at),
      version: consent.noticeVersion || '',
    })))
    : say(h('p', { class: 'cw-muted' }), 'case.noConsents'));

  body.appendChild(referralSection(open, c));
  body.appendChild(notesSection(open, c));

  const timeline = Array.isArray(c.timeline) ? c.timeline : [];
  if (timeline.length) {
    body.appendChild(say(h('h4'), 'case.timeline'));
    body.appendChild(h('ol', { class: 'cw-timeline' }, timeline.map((entry) => h('li', {}, [
      h('time', { datetime: isNaN(new Date(entry.at)) ? null : new Date(entry.at).toISOString(), text: formatDateTime(entry.at) }),
      ' ',
      h('strong', { text: label('case.events', entry.event) }),
      ...actorOf(entry),
      entry.detail ? h('span', { class: 'cw-timeline-detail', dir: 'auto', text: String(entry.detail) }) : null,
    ]))));
  }
  if (open.caseBusy) setCaseBusy(true);
  if (focused) focusCaseControl(focused);
}
/** What the worker told us about themselves, and the code word behind "Show code word" (only in the page while shown). */
function personalRows(open, personal) {
  const rows = [];
  PERSONAL_FIELDS.forEach((field) => {
    const value = personal[field];
    const given = typeof value === 'string' && value.trim() !== '';
    rows.push.apply(rows, definition('case.fields.' + field,
      given ? h('span', { class: field === 'narrative' ? 'cw-narrative' : null, dir: 'auto', text: value }) : say(h('span', { class: 'cw-muted' }), 'case.notGiven')));
  });
  const codeWord = typeof personal.codeWord === 'string' && personal.codeWord.trim() !== '' ? personal.codeWord : null;
  const codeCell = [];
  if (codeWord) {
    codeCell.push(say(h('button', {
      type: 'button', class: 'cw-button cw-button-quiet', 'aria-expanded': String(open.codeWordShown), 'data-testid': 'cw-codeword-toggle',
      onclick: () => {
        open.codeWordShown = !open.codeWordShown;
        renderCase();
        const toggle = panelBody().querySelector('[data-testid="cw-codeword-toggle"]');
        if (toggle) toggle.focus();
      },
    }), open.codeWordShown ? 'case.hideCodeWord' : 'case.showCodeWord'));
    // Only in the page while shown.
    if (open.codeWordShown) codeCell.push(' ', h('span', { class: 'cw-codeword', dir: 'auto', 'data-testid': 'cw-codeword', text: codeWord }));
  } else {
    codeCell.push(say(h('span', { class: 'cw-muted' }), 'case.notGiven'));
  }
  rows.push.apply(rows, definition('case.fields.codeWord', codeCell));
  return rows;
}
/** " by …" after a timeline event, when it names who did it. */
function actorOf(entry) {
  const by = byWhom(entry.actor, entry.actorName);
  return by ? [' ', say(h('span'), by[0], by[1])] : [];
}
/** The next status the case may take (the workflow's), and a button. */
function statusForm(open, next) {
  const select = h('select', {
    id: 'cw-status', 'data-testid': 'cw-status',
    onchange: () => (open.drafts.status = select.value),
  }, [say(h('option', { value: '' }), 'case.chooseStatus')].concat(next.map((status) => h('option', { value: status, text: label('case.statuses', status) }))));
  select.value = open.drafts.status;
  return h('div', { class: 'cw-case-form cw-case-status' }, [
    say(h('label', { for: 'cw-status' }), 'case.statusTo'),
    h('div', { class: 'cw-case-row' }, [
      select,
      say(h('button', { type: 'button', class: 'cw-button', 'data-testid': 'cw-status-set', 'data-case-action': '', onclick: onStatusSet }), 'case.changeStatus'),
    ]),
  ]);
}
