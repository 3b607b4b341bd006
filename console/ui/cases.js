// The Cases screen: every case the signed-in user may see (the server applies
// the access rules), whatever its priority: the views "all", "my cases" and
// "due today", the filters, search by case number or phone number, the
// order, pages, and opening a case (caseOwner.js) into the case panel.
// The statuses, priorities, types, indicators and orders offered come from
// the server's answer (`domain`), never restated here.
import { api } from './api.js';
import { closeCase, openCase } from './caseOwner.js';
import { announce, blank, clear, clearError, h, say, showApiError, showError } from './dom.js';
import { knownPriority, state, ui } from './state.js';
import { formatDateTime, label, languageName, t } from './strings.js';

const LIMIT = 25;
const FILTERS = ['q', 'status', 'priority', 'type', 'indicator', 'language', 'channel', 'owner', 'from', 'to', 'sort'];
/** The filter selects and the label group each one's values are named from. */
const SELECTS = { status: 'case.statuses', priority: 'priority', type: 'case.types', indicator: 'indicators', language: null, channel: 'channels', sort: 'cases.sorts' };
const DOMAIN_LISTS = { status: 'statuses', priority: 'priorities', type: 'types', indicator: 'indicators', language: 'languages', channel: 'channels', sort: 'sorts' };

/** The screen's state: the view, the filters asked, the page, the last answer. */
const list = { view: 'all', filters: {}, page: 1, state: 'idle', answer: null, asked: '' };

function field(name, control, key) {
  return h('div', { class: 'cw-field' }, [say(h('label', { for: 'cw-cases-' + name }), key || 'cases.' + name), control]);
}
function select(name) {
  return h('select', { id: 'cw-cases-' + name, 'data-testid': 'cw-cases-' + name }, [say(h('option', { value: '' }), name === 'sort' ? 'cases.sorts.priority' : 'cases.any')]);
}
export function buildCases() {
  const casesHeading = say(h('h2', { id: 'cw-cases-heading', tabindex: '-1' }), 'cases.heading');
  const viewButtons = ['all', 'mine', 'due'].map((view) => say(h('button', {
    type: 'button', class: 'cw-button', 'data-testid': 'cw-cases-view-' + view, 'aria-pressed': String(view === 'all'), onclick: () => setView(view),
  }), 'cases.views.' + view));
  const controls = {};
  controls.q = h('input', { id: 'cw-cases-q', 'data-testid': 'cw-cases-q', type: 'search', dir: 'auto', maxlength: '40', 'aria-describedby': 'cw-cases-q-hint', autocomplete: 'off' });
  Object.keys(SELECTS).forEach((name) => (controls[name] = select(name)));
  controls.owner = h('select', { id: 'cw-cases-owner', 'data-testid': 'cw-cases-owner' },
    [['', 'cases.ownerAny'], ['me', 'cases.ownerMe'], ['none', 'cases.ownerNone']].map(([value, key]) => say(h('option', { value }), key)));
  controls.from = h('input', { id: 'cw-cases-from', 'data-testid': 'cw-cases-from', type: 'date', dir: 'ltr' });
  controls.to = h('input', { id: 'cw-cases-to', 'data-testid': 'cw-cases-to', type: 'date', dir: 'ltr' });
  controls.overdue = h('input', { id: 'cw-cases-overdue', 'data-testid': 'cw-cases-overdue', type: 'checkbox' });
  const form = h('form', { class: 'cw-cases-form', novalidate: true, onsubmit: onFilter }, [
    h('div', { class: 'cw-field cw-cases-search' }, [say(h('label', { for: 'cw-cases-q' }), 'cases.search'), controls.q, say(h('p', { id: 'cw-cases-q-hint', class: 'cw-muted cw-small' }), 'cases.searchHint')]),
    ...['status', 'priority', 'type', 'indicator', 'language', 'channel', 'owner', 'from', 'to', 'sort'].map((name) => field(name, controls[name])),
    h('div', { class: 'cw-field-inline' }, [controls.overdue, say(h('label', { for: 'cw-cases-overdue' }), 'cases.overdue')]),
    h('div', { class: 'cw-case-row' }, [
      say(h('button', { type: 'submit', class: 'cw-button cw-button-primary', 'data-testid': 'cw-cases-apply' }), 'cases.apply'),
      say(h('button', { type: 'button', class: 'cw-button cw-button-quiet', 'data-testid': 'cw-cases-reset', onclick: onReset }), 'cases.reset'),
    ]),
  ]);
  say(form, 'cases.filters', null, 'aria-label');
  const casesCount = h('p', { class: 'cw-muted', role: 'status', 'data-testid': 'cw-cases-count' });
  const casesList = say(h('ul', { class: 'cw-case-list', 'data-testid': 'cw-cases-list', id: 'cw-cases-list', tabindex: '-1', onclick: onListClick }), 'cases.list', null, 'aria-label');
  const casesPrev = say(h('button', { type: 'button', class: 'cw-button', 'data-testid': 'cw-cases-prev', onclick: () => goPage(-1) }), 'cases.previous');
  const casesNext = say(h('button', { type: 'button', class: 'cw-button', 'data-testid': 'cw-cases-next', onclick: () => goPage(1) }), 'cases.next');
  const casesPage = h('span', { 'data-testid': 'cw-cases-page' });
  const casesPaging = say(h('nav', { class: 'cw-case-row cw-cases-paging', hidden: true }, [casesPrev, casesPage, casesNext]), 'cases.paging', null, 'aria-label');
  const casesBrowse = h('div', { class: 'cw-cases-browse' }, [
    say(h('p', { class: 'cw-muted' }), 'cases.intro'),
    say(h('div', { class: 'cw-case-row cw-case-views', role: 'group' }, viewButtons), 'cases.views.label', null, 'aria-label'),
    form, casesCount, casesList, casesPaging,
  ]);
  const casesView = h('main', { class: 'cw-page', id: 'cw-cases-view', hidden: true, 'aria-labelledby': 'cw-cases-heading' }, [
    h('div', { class: 'cw-page-inner' }, [casesHeading, casesBrowse, buildDetail()]),
  ]);
  Object.assign(ui, { casesView, casesHeading, casesBrowse, casesControls: controls, casesViewButtons: viewButtons, casesCount, casesList, casesPaging, casesPrev, casesNext, casesPage });
  return casesView;
}
/** The opened case: its heading, the way back, the owner and follow-up (caseOwner.js), and the case panel's body. */
function buildDetail() {
  const casesDetailHeading = h('h3', { id: 'cw-cases-detail-heading', tabindex: '-1', 'data-testid': 'cw-cases-detail-heading' });
  const casesOwnerBox = h('section', { class: 'cw-case-section', 'data-testid': 'cw-case-owner-box', 'aria-labelledby': 'cw-case-owner-heading' });
  const casesCaseBody = h('div', { class: 'cw-case-body', 'data-testid': 'cw-cases-case' });
  const casesDetail = h('section', { class: 'cw-cases-detail', hidden: true, 'aria-labelledby': 'cw-cases-detail-heading' }, [
    h('div', { class: 'cw-case-row' }, [
      casesDetailHeading,
      say(h('button', { type: 'button', class: 'cw-button cw-button-quiet', 'data-testid': 'cw-cases-back', onclick: () => closeCase(true) }), 'cases.back'),
    ]),
    casesOwnerBox,
    casesCaseBody,
  ]);
  Object.assign(ui, { casesDetail, casesDetailHeading, casesOwnerBox, casesCaseBody });
  return casesDetail;
}
/** The section is shown: the list is read the first time (and again each time, so it is fresh). */
export function showCases() {
  if (!state.caseOpen) loadCases();
}
/** Signing out: the list, the filters and any opened case leave the page. */
export function resetCases() {
  closeCase(false);
  Object.assign(list, { view: 'all', filters: {}, page: 1, state: 'idle', answer: null, asked: '' });
  clear(ui.casesList);
  blank(ui.casesCount);
  ui.casesPaging.hidden = true;
  ui.casesControls.q.value = '';
  Object.keys(ui.casesControls).forEach((name) => (name === 'overdue' ? (ui.casesControls.overdue.checked = false) : (ui.casesControls[name].value = '')));
  markView();
}
function setView(view) {
  list.view = view;
  list.page = 1;
  markView();
  loadCases();
}
function markView() {
  ui.casesViewButtons.forEach((button, i) => button.setAttribute('aria-pressed', String(['all', 'mine', 'due'][i] === list.view)));
}
function onFilter(event) {
  event.preventDefault();
  const c = ui.casesControls;
  list.filters = {};
  FILTERS.forEach((name) => {
    const value = String(c[name].value || '').trim();
    if (value) list.filters[name] = value;
  });
  if (c.overdue.checked) list.filters.overdue = 'true';
  list.page = 1;
  loadCases(true);
}
function onReset() {
  resetCases();
  loadCases();
}
function goPage(step) {
  list.page = Math.max(1, list.page + step);
  loadCases(false, true);
}
function queryString() {
  const params = Object.assign({}, list.filters, { limit: String(LIMIT), page: String(list.page) });
  if (list.view === 'mine') params.owner = 'me';
  if (list.view === 'due') params.due = 'today';
  return Object.keys(params).map((k) => encodeURIComponent(k) + '=' + encodeURIComponent(params[k])).join('&');
}
/** Reads the page of cases asked; an answer to an older question is dropped. */
export async function loadCases(fromForm, focusList) {
  const asked = queryString();
  list.asked = asked;
  list.state = 'loading';
  say(ui.casesCount, 'cases.loading');
  try {
    const answer = await api('GET', '/cases?' + asked);
    if (list.asked !== asked) return;
    list.answer = answer;
    list.state = 'loaded';
    fillOptions(answer.domain || {});
    renderCases();
    if (focusList) ui.casesList.focus();
  } catch (error) {
    if (list.asked !== asked) return;
    list.state = 'failed';
    say(ui.casesCount, 'cases.failed');
    clear(ui.casesList);
    if (error.status === 400 && fromForm && list.filters.q) showError(t('cases.searchBad'));
    else showApiError(error);
  }
}
/** The selects offer what the server's domain holds (kept as chosen). */
function fillOptions(domain) {
  Object.keys(SELECTS).forEach((name) => {
    const control = ui.casesControls[name];
    const values = Array.isArray(domain[DOMAIN_LISTS[name]]) ? domain[DOMAIN_LISTS[name]] : [];
    const chosen = control.value;
    while (control.options.length > 1) control.remove(1);
    values.filter((value) => !(name === 'sort' && value === 'priority')).forEach((value) => {
      const text = name === 'language' ? languageName(value) : label(SELECTS[name], value);
      control.appendChild(h('option', { value, text }));
    });
    control.value = chosen;
  });
}
/** Draws the list and its pages from the last answer (and again when the language changes). */
export function renderCases() {
  if (!ui.casesList) return;
  if (list.state !== 'loaded' || !list.answer) return;
  const answer = list.answer;
  const cases = Array.isArray(answer.cases) ? answer.cases : [];
  fillOptions(answer.domain || {});
  clear(ui.casesList);
  if (!cases.length) say(ui.casesCount, 'cases.empty');
  else say(ui.casesCount, 'cases.count', { count: Number(answer.total) || cases.length });
  cases.forEach((c) => ui.casesList.appendChild(caseItem(c)));
  const pages = Math.max(1, Math.ceil((Number(answer.total) || 0) / LIMIT));
  ui.casesPaging.hidden = pages <= 1;
  say(ui.casesPage, 'cases.page', { page: list.page, pages });
  ui.casesPrev.disabled = list.page <= 1;
  ui.casesNext.disabled = !answer.hasMore;
}
function caseItem(c) {
  const priority = knownPriority(c.priority) || null;
  const owner = c.owner == null ? ['cases.noOwner'] : state.user && String(c.owner) === String(state.user.id) ? ['cases.ownedByYou'] : ['cases.ownerLine', { name: String(c.ownerName || '') }];
  return h('li', { class: 'cw-item cw-case-item', 'data-testid': 'cw-case-item', 'data-case-number': String(c.caseNumber), 'data-priority': priority }, [
    h('div', { class: 'cw-item-top' }, [
      h('strong', { class: 'cw-item-case', dir: 'ltr', text: String(c.caseNumber) }),
      h('span', { class: 'cw-badges' }, [
        priority ? say(h('span', { class: 'cw-badge cw-priority cw-priority-' + priority }), 'priority.' + priority) : null,
        c.overdue ? say(h('span', { class: 'cw-badge cw-overdue-badge', 'data-testid': 'cw-case-overdue' }), 'cases.overdueBadge') : null,
      ]),
    ]),
    h('p', { class: 'cw-item-meta', text: [label('case.types', c.type), label('case.statuses', c.status), languageName(c.language), label('channels', c.channel)].join(' · ') }),
    say(h('p', { class: 'cw-item-meta', 'data-testid': 'cw-case-item-owner' }), owner[0], owner[1]),
    c.followUpDate ? say(h('p', { class: 'cw-item-meta', 'data-testid': 'cw-case-item-follow-up' }), 'cases.followUpLine', { date: String(c.followUpDate) }) : null,
    say(h('p', { class: 'cw-item-meta' }), 'cases.opened', { date: formatDateTime(c.openedAt) }),
    // Redrawn whole on a language change (renderCases), so the text needs no say() of its own.
    h('div', { class: 'cw-item-actions' }, [say(h('button', { type: 'button', class: 'cw-button', 'data-testid': 'cw-case-open', 'data-action': 'open-case', text: t('cases.open') }), 'cases.openLabel', { caseNumber: String(c.caseNumber) }, 'aria-label')]),
  ]);
}
function onListClick(event) {
  const button = event.target.closest('[data-action="open-case"]');
  if (!button) return;
  const item = button.closest('[data-case-number]');
  clearError();
  openCase(item.getAttribute('data-case-number'));
  announce('cases.detailHeading', { caseNumber: item.getAttribute('data-case-number') });
}
