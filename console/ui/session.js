// Signing in and out: the password form (and the second factor's code when
// the account has one), enrolling a second factor where it is required, who
// is signed in, and forgetting everything about them when the session ends.
import { api } from './api.js';
import { resetCanned } from './canned.js';
import { resetCases } from './cases.js';
import { closeConversationView } from './conversation.js';
import { clearError, h, say, showApiError, showError, updateTitle } from './dom.js';
import { focusQueue, setSection, setView } from './layout.js';
import { connectLive, setLive, stopLive } from './live.js';
import { refreshQueue, renderFilter, renderQueue, resetQueue, startTicking } from './queue.js';
import { resetUsers } from './reassign.js';
import { loadAgencies, resetAgencies } from './referrals.js';
import { resetReview } from './review.js';
import { isAdmin, isSupervisor, state, store, stored, STORE, ui, userLanguages } from './state.js';
import { resetStats } from './stats.js';
import { joinList, label, t } from './strings.js';
import { resetTraining } from './training.js';

let loginTimer = 0;

/** The header's account box: name, roles, the live state, and Sign out. */
export function buildUserBox() {
  const logout = say(h('button', { type: 'button', class: 'cw-button cw-button-quiet', 'data-testid': 'cw-logout', onclick: onLogout }), 'user.logout');
  const userName = h('span', { class: 'cw-user-name', dir: 'auto' });
  const userRoles = h('span', { class: 'cw-user-roles' });
  const liveState = h('span', { class: 'cw-live', 'data-state': 'connecting', 'data-testid': 'cw-live' });
  const userBox = h('div', { class: 'cw-user', hidden: true }, [h('span', { class: 'cw-user-text' }, [userName, userRoles]), liveState, logout]);
  Object.assign(ui, { userBox, userName, userRoles, liveState });
  return userBox;
}
/** The sign-in form and the second factor's enrolment, each a page of its own. */
export function buildSignIn() {
  const username = h('input', {
    id: 'cw-username', 'data-testid': 'cw-username', name: 'username', type: 'text', autocomplete: 'username',
    autocapitalize: 'none', spellcheck: 'false', dir: 'auto', required: true, 'aria-describedby': 'cw-error',
  });
  const password = h('input', {
    id: 'cw-password', 'data-testid': 'cw-password', name: 'password', type: 'password', autocomplete: 'current-password',
    required: true, 'aria-describedby': 'cw-error',
  });
  // The second factor's code: asked for only when the account has one (the server says TotpRequired).
  const code = h('input', {
    id: 'cw-code', 'data-testid': 'cw-code', name: 'code', type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code',
    pattern: '[0-9]{6}', maxlength: '6', dir: 'ltr', 'aria-describedby': 'cw-error',
  });
  const codeField = h('div', { class: 'cw-field', hidden: true }, [say(h('label', { for: 'cw-code' }), 'login.code'), code]);
  const loginButton = say(h('button', { type: 'submit', class: 'cw-button cw-button-primary', 'data-testid': 'cw-login' }), 'login.submit');
  const loginView = h('main', { class: 'cw-login', id: 'cw-login-view', hidden: true }, [
    h('form', { class: 'cw-card', novalidate: true, onsubmit: onLogin, 'aria-labelledby': 'cw-login-heading' }, [
      say(h('h2', { id: 'cw-login-heading' }), 'login.heading'),
      say(h('p', { class: 'cw-muted' }), 'login.intro'),
      h('div', { class: 'cw-field' }, [say(h('label', { for: 'cw-username' }), 'login.username'), username]),
      h('div', { class: 'cw-field' }, [say(h('label', { for: 'cw-password' }), 'login.password'), password]),
      codeField,
      loginButton,
    ]),
  ]);

  // Enrolling a second factor (supervisors and admins, where it is required): a secret for the app, then its code.
  const totpSecret = h('code', { class: 'cw-totp-secret', dir: 'ltr', 'data-testid': 'cw-totp-secret' });
  const totpLink = say(h('a', { href: '#', 'data-testid': 'cw-totp-link', dir: 'ltr' }), 'totp.link');
  const totpCode = h('input', {
    id: 'cw-totp-code', 'data-testid': 'cw-totp-code', type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code',
    pattern: '[0-9]{6}', maxlength: '6', dir: 'ltr', 'aria-describedby': 'cw-error',
  });
  const totpSteps = h('div', { hidden: true }, [
    say(h('p', {}), 'totp.secret'),
    h('p', {}, [totpSecret]),
    h('p', {}, [totpLink]),
    h('div', { class: 'cw-field' }, [say(h('label', { for: 'cw-totp-code' }), 'totp.code'), totpCode]),
    say(h('button', { type: 'submit', class: 'cw-button cw-button-primary', 'data-testid': 'cw-totp-confirm' }), 'totp.confirm'),
  ]);
  const totpStart = say(h('button', { type: 'button', class: 'cw-button cw-button-primary', 'data-testid': 'cw-totp-start', onclick: onTotpStart }), 'totp.start');
  const totpView = h('main', { class: 'cw-login', id: 'cw-totp-view', hidden: true }, [
    h('form', { class: 'cw-card', novalidate: true, onsubmit: onTotpConfirm, 'aria-labelledby': 'cw-totp-heading' }, [
      say(h('h2', { id: 'cw-totp-heading' }), 'totp.heading'),
      say(h('p', { class: 'cw-muted' }), 'totp.intro'),
      totpStart,
      totpSteps,
    ]),
  ]);
  Object.assign(ui, {
    loginView, username, password, loginButton, code, codeField,
    totpView, totpStart, totpSteps, totpSecret, totpLink, totpCode,
  });
  return [loginView, totpView];
}

export function showLogin(messageKey) {
  ui.appView.hidden = true;
  ui.casesView.hidden = true;
  ui.trainingView.hidden = true;
  ui.statsView.hidden = true;
  ui.reviewView.hidden = true;
  ui.sections.hidden = true;
  ui.userBox.hidden = true;
  ui.totpView.hidden = true;
  ui.loginView.hidden = false;
  if (messageKey) showError(t(messageKey));
  updateTitle();
  ui.username.focus();
}
/** A password alone, where a second factor is required: only enrolment is open. */
function showTotpEnrollment(data) {
  state.user = data.user;
  state.csrf = data.csrfToken || state.csrf;
  ui.loginView.hidden = true;
  ui.appView.hidden = true;
  ui.totpSteps.hidden = true;
  ui.totpStart.hidden = false;
  ui.totpView.hidden = false;
  ui.totpStart.focus();
}
async function onTotpStart() {
  clearError();
  try {
    const enrollment = await api('POST', '/me/totp');
    ui.totpSecret.textContent = String(enrollment.secret || '').replace(/(.{4})/g, '$1 ').trim();
    ui.totpLink.href = String(enrollment.uri || '#');
    ui.totpStart.hidden = true;
    ui.totpSteps.hidden = false;
    ui.totpCode.focus();
  } catch (error) {
    showApiError(error);
  }
}
async function onTotpConfirm(event) {
  event.preventDefault();
  clearError();
  try {
    await api('POST', '/me/totp/confirm', { code: ui.totpCode.value.trim() });
    ui.totpCode.value = '';
    ui.totpView.hidden = true;
    signedIn(await api('GET', '/me'));
    focusQueue();
  } catch (error) {
    if (error.status === 400) {
      showError(t('totp.badCode'));
      ui.totpCode.focus();
    } else showApiError(error);
  }
}
/** The session `/me` or `/login` answered: the console opens on the queue, with the kept preferences. */
export function signedIn(data) {
  if (!data || !data.user) return showLogin();
  if (data.mustEnrollTotp) return showTotpEnrollment(data);
  state.user = data.user;
  state.csrf = data.csrfToken || state.csrf;
  if (data.domain) state.domain = data.domain;
  renderUser();
  const supervises = isSupervisor();
  ui.scopeField.hidden = !supervises;
  ui.sectionStats.hidden = !supervises;
  ui.sectionReview.hidden = !isAdmin();
  state.scope = supervises && stored(STORE.scope) === 'all' ? 'all' : 'mine';
  ui.scope.value = state.scope;
  const languages = userLanguages();
  const kept = stored(STORE.filter) || '';
  state.filter = languages.indexOf(kept) >= 0 ? kept : '';
  renderFilter();
  state.caseExpanded = stored(STORE.casePanel) !== 'closed';
  state.restoreOpenId = stored(STORE.open, sessionStorage);
  ui.loginView.hidden = true;
  ui.userBox.hidden = false;
  ui.sections.hidden = false;
  setSection('work');
  setView('queue');
  setLive('connecting');
  renderQueue();
  refreshQueue();
  loadAgencies(state.lang);
  connectLive();
  startTicking();
}
export function renderUser() {
  const roles = Array.isArray(state.user.roles) ? state.user.roles : [];
  ui.userName.textContent = state.user.displayName || state.user.username || '';
  say(ui.userRoles, 'user.roles', { roles: joinList(roles.map((r) => label('roles', r))) });
  ui.userRoles.hidden = !roles.length;
}
/** Forgets everything about the signed-in user and shows the login form. */
export function endSession(messageKey) {
  state.user = null;
  state.csrf = null;
  resetQueue();
  resetTraining();
  resetStats();
  resetReview();
  resetCases();
  resetCanned();
  resetAgencies();
  resetUsers();
  if (ui.dialog.open) ui.dialog.close();
  closeConversationView();
  store(STORE.open, null, sessionStorage);
  stopLive();
  ui.password.value = '';
  clearError();
  showLogin(messageKey);
}

async function onLogin(event) {
  event.preventDefault();
  clearError();
  const username = ui.username.value.trim();
  const password = ui.password.value;
  if (!username || !password) {
    showError(t('login.missing'));
    (username ? ui.password : ui.username).focus();
    return;
  }
  ui.loginButton.disabled = true;
  say(ui.loginButton, 'login.signingIn');
  let wait = 0;
  try {
    const code = ui.code.value.trim();
    const data = await api('POST', '/login', code ? { username, password, code } : { username, password });
    ui.password.value = '';
    ui.code.value = '';
    ui.codeField.hidden = true;
    signedIn(data);
    if (!data.mustEnrollTotp) focusQueue();
  } catch (error) {
    if (error.status === 401 && error.code === 'TotpRequired') {
      ui.codeField.hidden = false;
      showError(t('login.codeNeeded'));
      ui.code.focus();
    } else if (error.status === 401) {
      showError(t('login.failed'));
      ui.password.value = '';
      ui.code.value = '';
      ui.password.focus();
    } else if (error.status === 429) {
      wait = parseInt(error.retryAfter, 10);
      showError(wait > 0 ? t('login.tooMany', { seconds: wait }) : t('login.tooManyLater'));
    } else {
      showApiError(error);
    }
  } finally {
    say(ui.loginButton, 'login.submit');
    clearTimeout(loginTimer);
    if (wait > 0) loginTimer = setTimeout(() => (ui.loginButton.disabled = false), Math.min(wait, 3600) * 1000);
    else ui.loginButton.disabled = false;
  }
}
async function onLogout() {
  try {
    await api('POST', '/logout');
  } catch (e) { /* the session is forgotten here either way */ }
  endSession('login.signedOut');
}
