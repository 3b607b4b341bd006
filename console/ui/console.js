/*!
 * Case worker console: the browser side of the hotline's human handoff.
 * Plain JavaScript in native ES modules, no dependencies, no build step; this
 * entry module is loaded by /console (index.html) with <script type="module">
 * under a strict CSP (no inline script or style), and imports the others from
 * /console/*.js. See console/README.md for the modules and what each holds.
 *
 * A case worker signs in, watches the queue (priority, then waiting time),
 * claims a conversation, chats live with the worker, reads the case, and
 * closes the conversation to hand the worker back to the bot.
 *
 * Talks only to its own origin: /console/api/* (JSON, session cookie, a CSRF
 * header on every POST) and the /console/live WebSocket. Server and user text
 * is only ever set with textContent. Keeps the interface language, filters and
 * the case panel preference in localStorage ("cw:"), and the open conversation
 * id in sessionStorage; never any case data.
 */
import { api, onSessionEnded } from './api.js';
import { renderCannedOptions } from './canned.js';
import { renderCase } from './case.js';
import { renderOwner } from './caseOwner.js';
import { buildCases, renderCases } from './cases.js';
import { updateInput } from './chat.js';
import { buildCloseDialog, buildConversation, renderConversationHeader } from './conversation.js';
import { applyStrings, clear, clearError, h, say, showApiError, showError } from './dom.js';
import { buildSections, buildTabs, narrow, onShortcut, setView } from './layout.js';
import { watchVisibility } from './live.js';
import { buildQueue, renderFilter, renderQueue } from './queue.js';
import { buildReview, renderReview } from './review.js';
import { buildSignIn, buildUserBox, endSession, renderUser, showLogin, signedIn } from './session.js';
import { state, store, STORE, ui } from './state.js';
import { buildStats, renderStats } from './stats.js';
import { directionOf, LANGUAGES, loadStrings, pickLanguage, t } from './strings.js';
import { buildTraining, renderScenarios } from './training.js';

/** Builds the whole page inside #cw-root; each screen's module builds its own part. */
function build() {
  const root = document.getElementById('cw-root') || document.body.appendChild(h('div', { id: 'cw-root', class: 'cw-app' }));
  clear(root);

  const langSelect = h('select', { id: 'cw-lang', 'data-testid': 'cw-lang', onchange: () => changeLanguage(langSelect.value) },
    LANGUAGES.map((code) => say(h('option', { value: code, lang: code, dir: directionOf(code) }), 'language.' + code)));
  langSelect.value = state.lang;
  const header = h('header', { class: 'cw-top' }, [
    say(h('h1', { class: 'cw-title' }), 'app.title'),
    buildSections(),
    buildUserBox(),
    h('div', { class: 'cw-lang' }, [say(h('label', { for: 'cw-lang' }), 'language.label'), langSelect]),
  ]);

  const error = h('div', { class: 'cw-alert', role: 'alert', 'data-testid': 'cw-error', id: 'cw-error' });
  const errorDismiss = say(h('button', { type: 'button', class: 'cw-button cw-button-quiet cw-alert-dismiss', hidden: true, onclick: () => clearError() }), 'errors.dismiss');
  const alertBar = h('div', { class: 'cw-alertbar' }, [error, errorDismiss]);

  const appView = h('main', { class: 'cw-main', id: 'cw-app-view', hidden: true, 'data-view': 'queue' }, [buildTabs(), buildQueue(), buildConversation()]);
  const status = h('div', { class: 'cw-sr', role: 'status', 'aria-live': 'polite' });
  Object.assign(ui, { root, langSelect, error, errorDismiss, appView, status });
  root.append(header, alertBar, ...buildSignIn(), appView, buildCases(), buildTraining(), buildStats(), buildReview(), buildCloseDialog(), status);
  root.removeAttribute('aria-busy');

  document.addEventListener('keydown', onShortcut);
  watchVisibility();
  narrow.addEventListener('change', () => setView(state.view));
}

async function changeLanguage(code) {
  try {
    await loadStrings(code);
  } catch (e) {
    ui.langSelect.value = state.lang;
    showError(t('errors.network'));
    return;
  }
  state.lang = code;
  store(STORE.lang, code);
  applyStrings();
  if (state.user) renderUser();
  renderFilter();
  renderQueue();
  updateInput();
  renderCannedOptions();
  renderScenarios();
  renderStats();
  renderReview();
  renderCases();
  if (state.caseOpen) {
    renderOwner(state.caseOpen);
    renderCase();
  }
  if (state.open) {
    renderConversationHeader();
    renderCase();
  }
}

async function init() {
  onSessionEnded(endSession);
  state.lang = pickLanguage();
  document.documentElement.lang = state.lang;
  document.documentElement.dir = directionOf(state.lang);
  try {
    await loadStrings(state.lang);
  } catch (e) {
    if (state.lang !== 'en') {
      state.lang = 'en';
      await loadStrings('en').catch(() => undefined);
    }
  }
  build();
  applyStrings();
  if (!state.strings[state.lang]) showError(t('errors.network'));
  try {
    signedIn(await api('GET', '/me'));
  } catch (error) {
    showLogin();
    if (error.status !== 401) showApiError(error);
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
