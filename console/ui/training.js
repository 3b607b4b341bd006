// Practise: the practice scenarios, each started as a conversation with a
// simulated worker, already claimed by the trainee and never counted.
import { api } from './api.js';
import { announce, blank, clear, clearError, cssEscape, h, say, showApiError } from './dom.js';
import { setSection } from './layout.js';
import { openWhenListed, refreshQueue } from './queue.js';
import { knownPriority, state, ui } from './state.js';
import { languageName } from './strings.js';

let scenarios = null;
/** `idle`, `loading`, `loaded` or `failed`. */
let scenariosState = 'idle';

export function buildTraining() {
  const trainingHeading = say(h('h2', { id: 'cw-training-heading', tabindex: '-1' }), 'training.heading');
  const trainingNote = h('p', { class: 'cw-page-note', role: 'status' });
  const trainingList = h('ul', { class: 'cw-scenarios', 'data-testid': 'cw-training-list' });
  const trainingView = h('main', { class: 'cw-page', id: 'cw-training-view', hidden: true, 'aria-labelledby': 'cw-training-heading' }, [
    h('div', { class: 'cw-page-inner' }, [trainingHeading, say(h('p', { class: 'cw-muted' }), 'training.intro'), trainingNote, trainingList]),
  ]);
  Object.assign(ui, { trainingView, trainingHeading, trainingNote, trainingList });
  return trainingView;
}
/** The section is shown: the scenarios are read unless they have come. */
export function showTraining() {
  if (scenariosState !== 'loaded') loadScenarios();
}
/** Signing out: the list leaves the page. */
export function resetTraining() {
  scenarios = null;
  scenariosState = 'idle';
  clear(ui.trainingList);
  blank(ui.trainingNote);
}
async function loadScenarios() {
  if (scenariosState === 'loading') return;
  scenariosState = 'loading';
  renderScenarios();
  try {
    const data = await api('GET', '/training/scenarios');
    if (!state.user) return;
    scenarios = (Array.isArray(data.scenarios) ? data.scenarios : []).filter((x) => x && typeof x.id === 'string');
    scenariosState = 'loaded';
  } catch (error) {
    if (!state.user) return;
    scenariosState = 'failed';
  }
  renderScenarios();
}
export function renderScenarios() {
  const list = ui.trainingList;
  const focusedId = list.contains(document.activeElement) ? document.activeElement.getAttribute('data-scenario-id') : null;
  clear(list);
  const note = scenariosState === 'loading' ? 'training.loading' : scenariosState === 'failed' ? 'training.loadFailed'
    : scenariosState === 'loaded' && !scenarios.length ? 'training.empty' : null;
  blank(ui.trainingNote);
  if (note) ui.trainingNote.appendChild(say(h('span'), note));
  if (scenariosState === 'failed') {
    ui.trainingNote.append(' ', say(h('button', { type: 'button', class: 'cw-button cw-button-quiet', onclick: loadScenarios }), 'training.retry'));
  }
  if (scenariosState !== 'loaded') return;
  scenarios.forEach((scenario) => {
    const priority = knownPriority(scenario.priority) || null;
    const start = say(say(h('button', {
      type: 'button', class: 'cw-button cw-button-primary', 'data-testid': 'cw-training-start', 'data-scenario-id': scenario.id,
      onclick: () => startScenario(scenario, start),
    }), 'training.start'), 'training.startLabel', { title: String(scenario.title || scenario.id) }, 'aria-label');
    list.appendChild(h('li', { class: 'cw-scenario', 'data-testid': 'cw-scenario', 'data-scenario-id': scenario.id }, [
      h('h3', { class: 'cw-scenario-title', dir: 'auto', lang: scenario.language || null, text: String(scenario.title || scenario.id) }),
      h('p', { class: 'cw-scenario-meta' }, [
        priority ? say(h('span', { class: 'cw-badge cw-priority cw-priority-' + priority }), 'priority.' + priority) : null,
        ' ',
        say(h('span'), 'training.language', { language: languageName(scenario.language) }),
      ]),
      h('div', { class: 'cw-item-actions' }, [start]),
    ]));
  });
  if (focusedId) {
    const again = list.querySelector('[data-testid="cw-training-start"][data-scenario-id="' + cssEscape(focusedId) + '"]');
    if (again) again.focus();
  }
}
/** Starts a practice conversation; it opens like a claimed one once the queue lists it. */
async function startScenario(scenario, button) {
  clearError();
  button.disabled = true;
  try {
    const data = await api('POST', '/training', { scenarioId: scenario.id });
    if (!state.user || !data || data.handoffId == null) return;
    state.openWhenListed = String(data.handoffId);
    announce('training.started', { title: String(scenario.title || scenario.id) });
    setSection('work');
    openWhenListed();
    refreshQueue();
  } catch (error) {
    showApiError(error);
  } finally {
    button.disabled = false;
  }
}
