// Where the case worker is: the header's sections (conversations, practice,
// statistics, review), the queue and conversation tabs of a narrow screen,
// the focus moves between them, and the Alt+Q / Alt+M shortcuts.
import { loadCase } from './case.js';
import { closeCase } from './caseOwner.js';
import { showCases } from './cases.js';
import { announce, clear, h, say } from './dom.js';
import { showReview } from './review.js';
import { isAdmin, isSupervisor, state, ui } from './state.js';
import { showStats } from './stats.js';
import { showTraining } from './training.js';

/** Below 1024 px the queue and the conversation are tabs. */
export const narrow = window.matchMedia('(max-width: 1023.98px)');

/** The narrow screen's tabs: the queue (with its count) and the conversation (with "unread"). */
export function buildTabs() {
  const tabQueue = h('button', { type: 'button', class: 'cw-tab', 'aria-controls': 'cw-queue-panel', onclick: () => setView('queue', true) },
    [say(h('span'), 'views.queue'), h('span', { class: 'cw-tab-count' })]);
  const tabConversation = h('button', { type: 'button', class: 'cw-tab', 'aria-controls': 'cw-conv-panel', onclick: () => setView('conversation', true) },
    [say(h('span'), 'views.conversation'), say(h('span', { class: 'cw-tab-unread', hidden: true }), 'views.unread')]);
  Object.assign(ui, { tabQueue, tabConversation });
  return say(h('nav', { class: 'cw-tabs' }, [tabQueue, tabConversation]), 'views.label', null, 'aria-label');
}

/** The header's sections: the conversations, practice, and (supervisors) statistics, (admins) review. */
export function buildSections() {
  const sectionButton = (section, testid, key, controls) => say(h('button', {
    type: 'button', class: 'cw-section', 'data-testid': testid, 'data-section': section, 'aria-controls': controls, 'aria-pressed': 'false',
    onclick: () => setSection(section, true),
  }), key);
  const sectionWork = sectionButton('work', 'cw-work', 'sections.work', 'cw-app-view');
  const sectionCases = sectionButton('cases', 'cw-cases', 'sections.cases', 'cw-cases-view');
  const sectionTraining = sectionButton('training', 'cw-training', 'sections.training', 'cw-training-view');
  const sectionStats = sectionButton('stats', 'cw-stats', 'sections.stats', 'cw-stats-view');
  sectionStats.hidden = true;
  const sectionReview = sectionButton('review', 'cw-review', 'sections.review', 'cw-review-view');
  sectionReview.hidden = true;
  const sections = say(h('nav', { class: 'cw-sections', hidden: true }, [sectionWork, sectionCases, sectionTraining, sectionStats, sectionReview]), 'sections.label', null, 'aria-label');
  Object.assign(ui, { sections, sectionWork, sectionCases, sectionTraining, sectionStats, sectionReview });
  return sections;
}
/** Shows one section: `work` (queue and conversation), `cases`, `training`, `stats` (supervisors only) or `review` (admins only). */
export function setSection(section, focus) {
  if ((section === 'stats' && !isSupervisor()) || (section === 'review' && !isAdmin())) section = 'work';
  const before = state.section;
  state.section = section;
  // One case in the page at a time: the one of the section shown (each is read again, and audited, when shown again).
  if (before === 'cases' && section !== 'cases') closeCase(false);
  if (section === 'cases' && state.open && state.open.caseState !== 'idle') {
    Object.assign(state.open, { caseData: null, caseState: 'idle', codeWordShown: false });
    clear(ui.caseBody);
  }
  if (section === 'work' && state.open && state.caseExpanded && state.open.caseState === 'idle') loadCase();
  ui.appView.hidden = section !== 'work';
  ui.casesView.hidden = section !== 'cases';
  ui.trainingView.hidden = section !== 'training';
  ui.statsView.hidden = section !== 'stats';
  ui.reviewView.hidden = section !== 'review';
  [ui.sectionWork, ui.sectionCases, ui.sectionTraining, ui.sectionStats, ui.sectionReview].forEach((button) => {
    button.setAttribute('aria-pressed', String(button.getAttribute('data-section') === section));
  });
  if (section === 'cases') showCases();
  if (section === 'training') showTraining();
  if (section === 'stats') showStats();
  if (section === 'review') showReview();
  if (!focus) return;
  if (section === 'cases') ui.casesHeading.focus();
  else if (section === 'training') ui.trainingHeading.focus();
  else if (section === 'stats') ui.statsHeading.focus();
  else if (section === 'review') ui.reviewHeading.focus();
  else (state.view === 'conversation' ? focusConversation : focusQueue)();
}
/** Which panel shows on a narrow screen; on a wide one both show and this only remembers the choice. */
export function setView(view, focus) {
  state.view = view;
  ui.appView.setAttribute('data-view', view);
  ui.tabQueue.setAttribute('aria-pressed', String(view === 'queue'));
  ui.tabConversation.setAttribute('aria-pressed', String(view === 'conversation'));
  if (view === 'conversation') ui.tabConversation.querySelector('.cw-tab-unread').hidden = true;
  if (focus) (view === 'queue' ? focusQueue : focusConversation)();
}
export function focusQueue() {
  if (!state.user) return;
  if (state.section !== 'work') setSection('work');
  setView('queue');
  const button = ui.queueList.querySelector('[data-action="claim"]') || ui.queueList.querySelector('[data-action="open"]');
  (button || ui.queueList).focus();
}
function focusConversation() {
  if (state.open) focusInput();
  else ui.convEmpty.focus();
}
export function focusInput() {
  if (!state.user) return;
  if (!state.open) {
    announce('conversation.noneOpen');
    focusQueue();
    return;
  }
  if (state.section !== 'work') setSection('work');
  setView('conversation');
  ui.input.focus();
}
export function onShortcut(event) {
  if (!state.user || !event.altKey || event.ctrlKey || event.metaKey || (ui.dialog && ui.dialog.open)) return;
  // event.code, not event.key: the same keys on an Arabic keyboard layout.
  if (event.code === 'KeyQ') {
    event.preventDefault();
    focusQueue();
  } else if (event.code === 'KeyM') {
    event.preventDefault();
    focusInput();
  }
}
