/*!
 * Case worker console: the browser side of the hotline's human handoff.
 * Plain JavaScript, no dependencies, no build step; served as /console/console.js
 * by /console/ (index.html) under a strict CSP (no inline script or style).
 *
 * A case worker signs in, watches the queue (priority, then waiting time),
 * claims a conversation, chats live with the worker, reads the case, and
 * closes the conversation to hand the worker back to the bot.
 *
 * Talks only to its own origin: /console/api/* (JSON, session cookie, a CSRF
 * header on every POST) and the /console/live WebSocket. Server and user text
 * is only ever set with textContent. Keeps the interface language, filters and
 * the case panel preference in localStorage ("cw:"), and the open conversation
 * id in sessionStorage; never any case data. See console/README.md.
 */
(() => {
  'use strict';

  const API = '/console/api';
  const LANGUAGES = ['en', 'ar'];
  const RTL = /^(ar|ur|fa|ps|sd|ug|he|yi|ckb|dv)(-|$)/i;
  const PRIORITIES = ['critical', 'high', 'medium', 'low'];
  const FROM = ['worker', 'bot', 'caseWorker'];
  const PERSONAL_FIELDS = ['name', 'phone', 'safeContactMethod', 'safeContactTime', 'location', 'employer', 'narrative'];
  const POLL_MS = 10000;
  /** While live, the queue is still re-read this often: "overdue" is decided by the server when it answers. */
  const LIVE_REFRESH_MS = 30000;
  const REQUEST_TIMEOUT_MS = 20000;
  const MAX_CHARS = 4000;
  const COUNTER_FROM = 300;
  const STORE = { lang: 'cw:lang', filter: 'cw:filter', scope: 'cw:scope', casePanel: 'cw:casePanel', open: 'cw:open' };
  /** The case workflow (models/referral.ts STATUS_TRANSITIONS): the statuses each status may move to. */
  const STATUS_NEXT = {
    new: ['triaged', 'closed'],
    triaged: ['inProgress', 'referred', 'closed'],
    inProgress: ['referred', 'closed'],
    referred: ['inProgress', 'closed'],
    closed: ['inProgress'],
  };
  const STATS_DIMENSIONS = ['indicator', 'nationality', 'language', 'type', 'status', 'priority', 'channel', 'month'];
  /** Questions whose coded answers have their own labels (the rest share `case.answerValues`). */
  const ANSWER_GROUPS = { nationality: 'case.nationalities' };
  const USER_ID = /^[0-9a-f]{24}$/i;
  /** WhatsApp's customer-service window: shown from 2 hours left, a warning from 15 minutes. */
  const WINDOW_SHOW_SECONDS = 2 * 3600;
  const WINDOW_WARN_SECONDS = 15 * 60;
  const narrow = window.matchMedia('(max-width: 1023.98px)');

  const state = {
    lang: 'en',
    strings: {},
    user: null,
    csrf: null,
    queue: [],
    queueLoaded: false,
    queueProblem: false,
    queueFetchedAt: 0,
    filter: '',
    scope: 'mine',
    unread: new Set(),
    open: null,
    view: 'queue',
    caseExpanded: true,
    socket: null,
    socketAttempt: 0,
    live: 'connecting',
    /** `work` (queue and conversation), `training` (practice scenarios), `stats` (supervisors) or `review` (admins). */
    section: 'work',
    /** Canned responses by language: a list, or a promise of one. */
    canned: {},
    scenarios: null,
    scenariosState: 'idle',
    stats: null,
    statsState: 'idle',
    statsQuery: '',
    /** Admins: what needs review before deployment (GET /review). */
    review: null,
    reviewState: 'idle',
    /** A practice conversation just started: open it as soon as the queue lists it. */
    openWhenListed: null,
    /** Escalations being claimed from this page (so a claim is not taken for a reassignment). */
    claiming: new Set(),
    /** The country profile's agencies by interface language: { state: 'loading'|'loaded'|'failed', list: [{ id, name }] }. */
    agencies: {},
    /** Supervisors: the accounts a conversation may be reassigned to. */
    users: [],
    usersState: 'idle',
  };
  const timers = { tick: 0, poll: 0, reconnect: 0, login: 0 };
  let queueBusy = false;
  let queueAgain = false;
  let sending = Promise.resolve();
  let restoreOpenId = null;
  let ui;

  // ---- storage (preferences only; never case data) ----
  function stored(key, storage) {
    try {
      return (storage || localStorage).getItem(key);
    } catch (e) {
      return null;
    }
  }
  function store(key, value, storage) {
    try {
      if (value == null) (storage || localStorage).removeItem(key);
      else (storage || localStorage).setItem(key, String(value));
    } catch (e) { /* private mode: preferences are not kept, nothing else changes */ }
  }

  // ---- HTTP ----
  function httpError(status, body, response) {
    const detail = (body && body.error) || {};
    const error = new Error(detail.message || (status ? 'HTTP ' + status : 'network'));
    error.status = status;
    error.code = detail.code;
    error.detail = detail;
    error.retryAfter = response ? response.headers.get('Retry-After') : null;
    return error;
  }
  /**
   * One call to the console API. A 401 outside login ends the session (the
   * error is then marked handled); a 403 naming the CSRF token refreshes it
   * from /me and retries once.
   */
  async function api(method, path, body, retried) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && state.csrf) headers['X-CSRF-Token'] = state.csrf;
    const abort = typeof AbortController === 'function' ? new AbortController() : null;
    const timer = abort && setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS);
    let response;
    let data = null;
    try {
      response = await fetch(API + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
        cache: 'no-store',
        redirect: 'error',
        signal: abort ? abort.signal : undefined,
      });
      if (response.status !== 204) {
        const type = response.headers.get('Content-Type') || '';
        if (type.indexOf('json') >= 0) data = await response.json().catch(() => null);
      }
    } catch (e) {
      throw httpError(0);
    } finally {
      clearTimeout(timer);
    }
    if (response.ok) return data || {};
    const error = httpError(response.status, data, response);
    if (response.status === 401 && path !== '/login' && path !== '/me') {
      if (state.user) endSession('login.sessionEnded');
      error.handled = true;
    } else if (response.status === 403 && /csrf/i.test(error.code || '') && method !== 'GET' && !retried) {
      const me = await api('GET', '/me').catch(() => null);
      if (me && me.csrfToken) {
        state.csrf = me.csrfToken;
        return api(method, path, body, true);
      }
    }
    throw error;
  }
  const escalationPath = (id, action) => '/escalations/' + encodeURIComponent(id) + '/' + action;

  // ---- strings ----
  function lookup(strings, key) {
    if (typeof strings[key] === 'string') return strings[key];
    let node = strings;
    const parts = key.split('.');
    for (let i = 0; i < parts.length; i++) {
      if (!node || typeof node !== 'object') return undefined;
      node = node[parts[i]];
    }
    return typeof node === 'string' ? node : undefined;
  }
  const has = (key) => lookup(state.strings[state.lang] || {}, key) !== undefined;
  /**
   * The text of `key` in the interface language, `{{name}}` filled from `values`; the key itself when missing.
   * In a right-to-left interface each text value is bidi-isolated (FSI…PDI), so a Latin name or case
   * number keeps its punctuation in place inside Arabic; numbers are left as they are.
   */
  function t(key, values) {
    const text = lookup(state.strings[state.lang] || {}, key);
    if (text === undefined) return key;
    const isolate = directionOf(state.lang) === 'rtl';
    return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name) => {
      if (!values || values[name] == null) return m;
      return isolate && typeof values[name] === 'string' ? '\u2068' + values[name] + '\u2069' : String(values[name]);
    });
  }
  /** "a, b, c" in the interface language's way (Arabic uses "،"). */
  function joinList(items) {
    try {
      return new Intl.ListFormat(state.lang, { style: 'short', type: 'unit' }).format(items);
    } catch (e) {
      return items.join(', ');
    }
  }
  /** A code's label from a group of strings (`reasons.notSafeNow`), or the code itself when the console does not know it. */
  function label(group, code) {
    const key = group + '.' + code;
    return code != null && has(key) ? t(key) : String(code == null ? '' : code);
  }
  function languageName(code) {
    if (has('languages.' + code)) return t('languages.' + code);
    try {
      return new Intl.DisplayNames([state.lang], { type: 'language' }).of(code) || code;
    } catch (e) {
      return code;
    }
  }
  async function loadStrings(code) {
    if (!state.strings[code]) {
      const data = await api('GET', '/strings/' + encodeURIComponent(code));
      if (!data || typeof data !== 'object') throw httpError(0);
      state.strings[code] = data;
    }
    return state.strings[code];
  }
  const directionOf = (code) => (RTL.test(code) ? 'rtl' : 'ltr');
  function pickLanguage() {
    const kept = stored(STORE.lang);
    if (LANGUAGES.indexOf(kept) >= 0) return kept;
    const hints = navigator.languages || [navigator.language];
    for (let i = 0; i < hints.length; i++) {
      const base = String(hints[i] || '').toLowerCase().split('-')[0];
      if (LANGUAGES.indexOf(base) >= 0) return base;
    }
    return 'en';
  }
  // Latin digits, like the case numbers, in both languages.
  const locale = () => state.lang + '-u-nu-latn';
  function formatTime(at) {
    const date = new Date(at);
    if (isNaN(date)) return '';
    const today = new Date().toDateString() === date.toDateString();
    const options = today ? { hour: '2-digit', minute: '2-digit' } : { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' };
    try {
      return new Intl.DateTimeFormat(locale(), options).format(date);
    } catch (e) {
      return date.toISOString().slice(0, 16).replace('T', ' ');
    }
  }
  function formatDateTime(at) {
    const date = new Date(at);
    if (isNaN(date)) return '';
    try {
      return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
    } catch (e) {
      return date.toISOString().slice(0, 16).replace('T', ' ');
    }
  }
  /** mm:ss, or h:mm:ss from an hour on. */
  function formatWaiting(seconds) {
    const s = Math.max(0, Math.floor(seconds));
    const pad = (n) => (n < 10 ? '0' : '') + n;
    const hours = Math.floor(s / 3600);
    const minutes = Math.floor((s % 3600) / 60);
    return (hours ? hours + ':' + pad(minutes) : pad(minutes)) + ':' + pad(s % 60);
  }

  // ---- DOM helpers ----
  function h(tag, props, children) {
    const el = document.createElement(tag);
    Object.keys(props || {}).forEach((name) => {
      const value = props[name];
      if (value == null || value === false) return;
      if (name === 'text') el.textContent = value;
      else if (name.slice(0, 2) === 'on') el.addEventListener(name.slice(2), value);
      else el.setAttribute(name, value === true ? '' : value);
    });
    (children || []).forEach((child) => child && el.appendChild(typeof child === 'string' ? document.createTextNode(child) : child));
    return el;
  }
  const labels = new WeakMap();
  function render(el) {
    const entry = labels.get(el);
    if (!entry) return;
    const text = t(entry.key, entry.values);
    if (entry.attr) el.setAttribute(entry.attr, text);
    else el.textContent = text;
  }
  /** Shows string `key` in `el` (as text, or as attribute `attr`) and remembers it, so a language change redoes it. */
  function say(el, key, values, attr) {
    labels.set(el, { key, values, attr });
    el.setAttribute(attr ? 'data-cw-a' : 'data-cw-t', '');
    render(el);
    return el;
  }
  /** Marks an element as written in the interface language (inside text that may be in another). */
  function inUiLanguage(el) {
    el.setAttribute('data-cw-l', '');
    el.lang = state.lang;
    el.dir = directionOf(state.lang);
    return el;
  }
  function applyStrings() {
    const html = document.documentElement;
    html.lang = state.lang;
    html.dir = directionOf(state.lang);
    document.querySelectorAll('[data-cw-t],[data-cw-a]').forEach(render);
    document.querySelectorAll('[data-cw-l]').forEach((el) => {
      el.lang = state.lang;
      el.dir = directionOf(state.lang);
    });
    document.querySelectorAll('time[data-cw-time]').forEach((el) => (el.textContent = formatTime(el.getAttribute('data-cw-time'))));
    updateTitle();
  }
  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
  }
  /** Empties an element that showed a string, so a language change does not bring the text back. */
  function blank(el) {
    labels.delete(el);
    el.removeAttribute('data-cw-t');
    el.removeAttribute('data-cw-a');
    clear(el);
  }
  function announce(key, values) {
    // Re-set even the same text, so a screen reader says it again.
    ui.status.textContent = '';
    setTimeout(() => (ui.status.textContent = t(key, values)), 50);
  }
  function showError(text) {
    ui.error.textContent = text;
    ui.errorDismiss.hidden = !text;
  }
  function clearError() {
    showError('');
  }
  function errorText(error) {
    if (!error.status) return t('errors.network');
    if (error.status === 403) return t('errors.forbidden');
    if (error.status === 404) return t('errors.notFound');
    if (error.status === 409) return t('errors.conflict');
    if (error.status === 429) return t('errors.busy');
    if (error.status === 400 || error.status === 422) return error.detail && error.detail.message ? t('errors.invalid', { detail: error.detail.message }) : t('errors.generic');
    return t('errors.generic');
  }
  function showApiError(error) {
    if (!error.handled) showError(errorText(error));
  }
  /** The escalation no longer exists or is closed (the worker left, erased their data, or a supervisor closed it). */
  const isGone = (error) => error.status === 404 || error.status === 410;

  // ---- building the page ----
  function build() {
    const root = document.getElementById('cw-root') || document.body.appendChild(h('div', { id: 'cw-root', class: 'cw-app' }));
    clear(root);

    const langSelect = h('select', { id: 'cw-lang', 'data-testid': 'cw-lang', onchange: () => changeLanguage(langSelect.value) },
      LANGUAGES.map((code) => say(h('option', { value: code, lang: code, dir: directionOf(code) }), 'language.' + code)));
    langSelect.value = state.lang;
    const logout = say(h('button', { type: 'button', class: 'cw-button cw-button-quiet', 'data-testid': 'cw-logout', onclick: onLogout }), 'user.logout');
    const userName = h('span', { class: 'cw-user-name', dir: 'auto' });
    const userRoles = h('span', { class: 'cw-user-roles' });
    const liveState = h('span', { class: 'cw-live', 'data-state': 'connecting', 'data-testid': 'cw-live' });
    const userBox = h('div', { class: 'cw-user', hidden: true }, [h('span', { class: 'cw-user-text' }, [userName, userRoles]), liveState, logout]);
    // Sections: the conversations, practice, and (supervisors) statistics.
    const sectionButton = (section, testid, key, controls) => say(h('button', {
      type: 'button', class: 'cw-section', 'data-testid': testid, 'data-section': section, 'aria-controls': controls, 'aria-pressed': 'false',
      onclick: () => setSection(section, true),
    }), key);
    const sectionWork = sectionButton('work', 'cw-work', 'sections.work', 'cw-app-view');
    const sectionTraining = sectionButton('training', 'cw-training', 'sections.training', 'cw-training-view');
    const sectionStats = sectionButton('stats', 'cw-stats', 'sections.stats', 'cw-stats-view');
    sectionStats.hidden = true;
    const sectionReview = sectionButton('review', 'cw-review', 'sections.review', 'cw-review-view');
    sectionReview.hidden = true;
    const sections = say(h('nav', { class: 'cw-sections', hidden: true }, [sectionWork, sectionTraining, sectionStats, sectionReview]), 'sections.label', null, 'aria-label');
    const header = h('header', { class: 'cw-top' }, [
      say(h('h1', { class: 'cw-title' }), 'app.title'),
      sections,
      userBox,
      h('div', { class: 'cw-lang' }, [say(h('label', { for: 'cw-lang' }), 'language.label'), langSelect]),
    ]);

    const error = h('div', { class: 'cw-alert', role: 'alert', 'data-testid': 'cw-error', id: 'cw-error' });
    const errorDismiss = say(h('button', { type: 'button', class: 'cw-button cw-button-quiet cw-alert-dismiss', hidden: true, onclick: () => clearError() }), 'errors.dismiss');
    const alertBar = h('div', { class: 'cw-alertbar' }, [error, errorDismiss]);

    // Login.
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

    // Narrow screens: queue and conversation one at a time.
    const tabQueue = h('button', { type: 'button', class: 'cw-tab', 'aria-controls': 'cw-queue-panel', onclick: () => setView('queue', true) },
      [say(h('span'), 'views.queue'), h('span', { class: 'cw-tab-count' })]);
    const tabConversation = h('button', { type: 'button', class: 'cw-tab', 'aria-controls': 'cw-conv-panel', onclick: () => setView('conversation', true) },
      [say(h('span'), 'views.conversation'), say(h('span', { class: 'cw-tab-unread', hidden: true }), 'views.unread')]);
    const tabs = say(h('nav', { class: 'cw-tabs' }, [tabQueue, tabConversation]), 'views.label', null, 'aria-label');

    // Queue.
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
    const queuePanel = h('section', { class: 'cw-queue-panel', id: 'cw-queue-panel', 'aria-labelledby': 'cw-queue-heading' }, [
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

    // Conversation.
    const convTitle = h('h2', { id: 'cw-conv-heading', class: 'cw-conv-title', tabindex: '-1' });
    const convMeta = h('p', { class: 'cw-conv-meta' });
    const convWindow = h('p', { class: 'cw-window', 'data-testid': 'cw-window', hidden: true });
    const caseToggle = say(h('button', {
      type: 'button', class: 'cw-button', 'aria-expanded': 'true', 'aria-controls': 'cw-case-body', 'data-testid': 'cw-case-toggle', onclick: toggleCase,
    }), 'conversation.caseToggle');
    const release = say(h('button', { type: 'button', class: 'cw-button', 'data-testid': 'cw-release', onclick: onRelease }), 'conversation.release');
    const close = say(h('button', { type: 'button', class: 'cw-button cw-button-danger', 'data-testid': 'cw-close', onclick: askClose }), 'conversation.close');
    const actions = say(h('div', { class: 'cw-conv-actions', role: 'group' }, [caseToggle, release, close]), 'conversation.actions', null, 'aria-label');
    // Supervisors: hand the open conversation to another case worker.
    const reassignTo = h('select', {
      id: 'cw-reassign-to', 'data-testid': 'cw-reassign-to', onchange: () => state.open && (state.open.drafts.reassign = reassignTo.value),
    });
    const reassign = say(h('button', { type: 'button', class: 'cw-button', 'data-testid': 'cw-reassign', onclick: onReassign }), 'conversation.reassign');
    const reassignNote = h('span', { class: 'cw-reassign-note cw-muted' });
    const reassignRow = h('div', { class: 'cw-reassign', hidden: true }, [
      say(h('label', { for: 'cw-reassign-to' }), 'conversation.reassignTo'), reassignTo, reassign, reassignNote,
    ]);
    const transcript = h('ol', {
      class: 'cw-transcript', 'data-testid': 'cw-transcript', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', tabindex: '0',
    });
    say(transcript, 'conversation.transcript', null, 'aria-label');
    const transcriptNote = h('p', { class: 'cw-transcript-note' });
    const input = h('textarea', {
      id: 'cw-input', 'data-testid': 'cw-input', rows: '3', maxlength: String(MAX_CHARS), dir: 'auto', 'aria-keyshortcuts': 'Alt+M',
      'aria-describedby': 'cw-input-count', enterkeyhint: 'send', oninput: updateInput, onkeydown: onInputKey,
    });
    say(input, 'conversation.placeholder', null, 'placeholder');
    const send = say(h('button', { type: 'submit', class: 'cw-button cw-button-primary', 'data-testid': 'cw-send', disabled: true }), 'conversation.send');
    const inputCount = h('p', { id: 'cw-input-count', class: 'cw-input-count', 'aria-live': 'polite' });
    const canned = h('select', { id: 'cw-canned', 'data-testid': 'cw-canned', onchange: onCanned });
    const cannedRow = h('div', { class: 'cw-canned', hidden: true }, [say(h('label', { for: 'cw-canned' }), 'canned.label'), canned]);
    const composer = h('form', { class: 'cw-composer', onsubmit: onSend }, [
      cannedRow,
      say(h('label', { for: 'cw-input', class: 'cw-sr' }), 'conversation.input'),
      input, send, inputCount,
    ]);
    const caseBody = h('div', { id: 'cw-case-body', class: 'cw-case-body' });
    const casePanel = h('section', { class: 'cw-case', 'data-testid': 'cw-case', 'aria-labelledby': 'cw-case-heading' }, [
      say(h('h3', { id: 'cw-case-heading', class: 'cw-case-heading' }), 'case.heading'),
      caseBody,
    ]);
    const conversation = h('div', { class: 'cw-conv', hidden: true }, [
      h('div', { class: 'cw-conv-head' }, [h('div', { class: 'cw-conv-id' }, [convTitle, convMeta, convWindow]), actions, reassignRow]),
      casePanel,
      h('div', { class: 'cw-conv-log' }, [transcriptNote, transcript]),
      composer,
    ]);
    const convEmpty = say(h('p', { class: 'cw-conv-empty', tabindex: '-1' }), 'conversation.none');
    const convPanel = h('section', { class: 'cw-conv-panel', id: 'cw-conv-panel', 'aria-labelledby': 'cw-conv-heading' }, [convEmpty, conversation]);
    const appView = h('main', { class: 'cw-main', id: 'cw-app-view', hidden: true, 'data-view': 'queue' }, [tabs, queuePanel, convPanel]);

    // Practice: scenarios with a simulated worker.
    const trainingHeading = say(h('h2', { id: 'cw-training-heading', tabindex: '-1' }), 'training.heading');
    const trainingNote = h('p', { class: 'cw-page-note', role: 'status' });
    const trainingList = h('ul', { class: 'cw-scenarios', 'data-testid': 'cw-training-list' });
    const trainingView = h('main', { class: 'cw-page', id: 'cw-training-view', hidden: true, 'aria-labelledby': 'cw-training-heading' }, [
      h('div', { class: 'cw-page-inner' }, [trainingHeading, say(h('p', { class: 'cw-muted' }), 'training.intro'), trainingNote, trainingList]),
    ]);

    // Statistics (supervisors): anonymised counts, and the CSV.
    const statsHeading = say(h('h2', { id: 'cw-stats-heading', tabindex: '-1' }), 'stats.heading');
    const statsFrom = h('input', { id: 'cw-stats-from', 'data-testid': 'cw-stats-from', type: 'date', dir: 'ltr', onchange: updateStatsLink });
    const statsTo = h('input', { id: 'cw-stats-to', 'data-testid': 'cw-stats-to', type: 'date', dir: 'ltr', onchange: updateStatsLink });
    const statsCsv = say(h('a', { class: 'cw-button', 'data-testid': 'cw-stats-csv', href: API + '/stats.csv' }), 'stats.csv');
    const statsBody = h('div', { class: 'cw-stats-body', 'data-testid': 'cw-stats-body' });
    const statsView = h('main', { class: 'cw-page', id: 'cw-stats-view', hidden: true, 'aria-labelledby': 'cw-stats-heading' }, [
      h('div', { class: 'cw-page-inner' }, [
        statsHeading,
        say(h('p', { class: 'cw-muted' }), 'stats.intro'),
        h('form', { class: 'cw-stats-form', novalidate: true, onsubmit: onStatsSubmit }, [
          h('div', { class: 'cw-field' }, [say(h('label', { for: 'cw-stats-from' }), 'stats.from'), statsFrom]),
          h('div', { class: 'cw-field' }, [say(h('label', { for: 'cw-stats-to' }), 'stats.to'), statsTo]),
          say(h('button', { type: 'submit', class: 'cw-button cw-button-primary', 'data-testid': 'cw-stats-show' }), 'stats.show'),
          statsCsv,
        ]),
        say(h('p', { class: 'cw-muted cw-small' }), 'stats.csvNote'),
        statsBody,
      ]),
    ]);

    // Review (admins): the country profile's unverified facts and each locale's translation status.
    const reviewHeading = say(h('h2', { id: 'cw-review-heading', tabindex: '-1' }), 'review.heading');
    const reviewBody = h('div', { class: 'cw-review-body', 'data-testid': 'cw-review-body' });
    const reviewView = h('main', { class: 'cw-page', id: 'cw-review-view', hidden: true, 'aria-labelledby': 'cw-review-heading' }, [
      h('div', { class: 'cw-page-inner' }, [reviewHeading, say(h('p', { class: 'cw-muted' }), 'review.intro'), reviewBody]),
    ]);

    // Close confirmation.
    const confirm = say(h('button', { type: 'button', class: 'cw-button cw-button-danger', 'data-testid': 'cw-confirm', onclick: onConfirmClose }), 'closeDialog.confirm');
    const cancel = say(h('button', { type: 'button', class: 'cw-button', 'data-testid': 'cw-cancel', autofocus: true, onclick: () => dialog.close('cancel') }), 'closeDialog.cancel');
    const dialogBody = h('p', { id: 'cw-dialog-body' });
    const dialog = h('dialog', { class: 'cw-dialog', 'aria-labelledby': 'cw-dialog-title', 'aria-describedby': 'cw-dialog-body', 'data-testid': 'cw-dialog' }, [
      say(h('h2', { id: 'cw-dialog-title' }), 'closeDialog.title'),
      dialogBody,
      h('div', { class: 'cw-dialog-actions' }, [cancel, confirm]),
    ]);

    const status = h('div', { class: 'cw-sr', role: 'status', 'aria-live': 'polite' });
    root.append(header, alertBar, loginView, totpView, appView, trainingView, statsView, reviewView, dialog, status);
    root.removeAttribute('aria-busy');

    ui = {
      root, langSelect, userBox, userName, userRoles, liveState, error, errorDismiss,
      loginView, username, password, loginButton, code, codeField,
      totpView, totpStart, totpSteps, totpSecret, totpLink, totpCode,
      appView, tabQueue, tabConversation, filter, scope, scopeField, queueList, queueNote, queueCount,
      convPanel, convEmpty, conversation, convTitle, convMeta, convWindow, caseToggle, release, close, transcript, transcriptNote,
      reassignRow, reassignTo, reassign, reassignNote,
      input, send, inputCount, canned, cannedRow, casePanel, caseBody, dialog, dialogBody, confirm, status,
      sections, sectionWork, sectionTraining, sectionStats, sectionReview,
      reviewView, reviewHeading, reviewBody,
      trainingView, trainingHeading, trainingNote, trainingList,
      statsView, statsHeading, statsFrom, statsTo, statsCsv, statsBody,
    };
    document.addEventListener('keydown', onShortcut);
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden && state.user && state.live !== 'live') pollOnce();
    });
    narrow.addEventListener('change', () => setView(state.view));
  }

  // ---- session ----
  function showLogin(messageKey) {
    ui.appView.hidden = true;
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
  function signedIn(data) {
    if (!data || !data.user) return showLogin();
    if (data.mustEnrollTotp) return showTotpEnrollment(data);
    state.user = data.user;
    state.csrf = data.csrfToken || state.csrf;
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
    restoreOpenId = stored(STORE.open, sessionStorage);
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
    clearInterval(timers.tick);
    timers.tick = setInterval(tick, 1000);
  }
  function renderUser() {
    const roles = Array.isArray(state.user.roles) ? state.user.roles : [];
    ui.userName.textContent = state.user.displayName || state.user.username || '';
    say(ui.userRoles, 'user.roles', { roles: joinList(roles.map((r) => label('roles', r))) });
    ui.userRoles.hidden = !roles.length;
  }
  function isSupervisor() {
    const roles = state.user && Array.isArray(state.user.roles) ? state.user.roles : [];
    return roles.indexOf('supervisor') >= 0 || roles.indexOf('admin') >= 0;
  }
  function isAdmin() {
    return !!state.user && Array.isArray(state.user.roles) && state.user.roles.indexOf('admin') >= 0;
  }
  function userLanguages() {
    return state.user && Array.isArray(state.user.languages) ? state.user.languages.filter((l) => typeof l === 'string') : [];
  }
  /** Forgets everything about the signed-in user and shows the login form. */
  function endSession(messageKey) {
    state.user = null;
    state.csrf = null;
    state.queue = [];
    state.queueLoaded = false;
    state.queueProblem = false;
    state.unread.clear();
    state.openWhenListed = null;
    state.scenarios = null;
    state.scenariosState = 'idle';
    state.stats = null;
    state.statsState = 'idle';
    state.review = null;
    state.reviewState = 'idle';
    clear(ui.reviewBody);
    state.canned = {};
    state.claiming.clear();
    state.agencies = {};
    state.users = [];
    state.usersState = 'idle';
    clear(ui.trainingList);
    blank(ui.trainingNote);
    clear(ui.statsBody);
    ui.statsFrom.value = '';
    ui.statsTo.value = '';
    updateStatsLink();
    if (ui.dialog.open) ui.dialog.close();
    closeConversationView();
    store(STORE.open, null, sessionStorage);
    stopLive();
    clearInterval(timers.tick);
    clear(ui.queueList);
    blank(ui.queueNote);
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
      clearTimeout(timers.login);
      if (wait > 0) timers.login = setTimeout(() => (ui.loginButton.disabled = false), Math.min(wait, 3600) * 1000);
      else ui.loginButton.disabled = false;
    }
  }
  async function onLogout() {
    try {
      await api('POST', '/logout');
    } catch (e) { /* the session is forgotten here either way */ }
    endSession('login.signedOut');
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
    if (state.open) {
      renderConversationHeader();
      renderCase();
    }
  }

  // ---- layout ----
  /** Shows one section: `work` (queue and conversation), `training`, `stats` (supervisors only) or `review` (admins only). */
  function setSection(section, focus) {
    if ((section === 'stats' && !isSupervisor()) || (section === 'review' && !isAdmin())) section = 'work';
    state.section = section;
    ui.appView.hidden = section !== 'work';
    ui.trainingView.hidden = section !== 'training';
    ui.statsView.hidden = section !== 'stats';
    ui.reviewView.hidden = section !== 'review';
    [ui.sectionWork, ui.sectionTraining, ui.sectionStats, ui.sectionReview].forEach((button) => {
      button.setAttribute('aria-pressed', String(button.getAttribute('data-section') === section));
    });
    if (section === 'training' && state.scenariosState !== 'loaded') loadScenarios();
    if (section === 'stats' && state.statsState === 'idle') loadStats();
    if (section === 'review' && state.reviewState !== 'loaded') loadReview();
    if (!focus) return;
    if (section === 'training') ui.trainingHeading.focus();
    else if (section === 'stats') ui.statsHeading.focus();
    else if (section === 'review') ui.reviewHeading.focus();
    else (state.view === 'conversation' ? focusConversation : focusQueue)();
  }
  /** Which panel shows on a narrow screen; on a wide one both show and this only remembers the choice. */
  function setView(view, focus) {
    state.view = view;
    ui.appView.setAttribute('data-view', view);
    ui.tabQueue.setAttribute('aria-pressed', String(view === 'queue'));
    ui.tabConversation.setAttribute('aria-pressed', String(view === 'conversation'));
    if (view === 'conversation') ui.tabConversation.querySelector('.cw-tab-unread').hidden = true;
    if (focus) (view === 'queue' ? focusQueue : focusConversation)();
  }
  function focusQueue() {
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
  function focusInput() {
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
  function onShortcut(event) {
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
  function setLive(live) {
    state.live = live;
    ui.liveState.setAttribute('data-state', live);
    say(ui.liveState, 'live.' + live);
  }
  function updateTitle() {
    const waiting = state.user ? state.queue.filter((e) => e.status === 'queued').length : 0;
    document.title = waiting ? t('app.titleWithCount', { count: waiting }) : t('app.title');
  }

  // ---- queue ----
  function renderFilter() {
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
  function normalizeEscalation(raw, fetchedAt) {
    const escalation = Object.assign({}, raw);
    escalation.id = String(raw.id);
    escalation.priority = PRIORITIES.indexOf(raw.priority) >= 0 ? raw.priority : 'low';
    escalation.reasons = Array.isArray(raw.reasons) ? raw.reasons : [];
    const waiting = Number(raw.waitingSeconds);
    const created = Date.parse(raw.createdAt);
    escalation.since = isFinite(waiting) ? fetchedAt - waiting * 1000 : isNaN(created) ? fetchedAt : created;
    // WhatsApp's customer-service window (only on WhatsApp entries): when it closes, by this page's clock.
    const windowSeconds = raw.whatsappWindowSeconds;
    escalation.windowEndsAt = typeof windowSeconds === 'number' && isFinite(windowSeconds) ? fetchedAt + Math.max(0, windowSeconds) * 1000 : null;
    return escalation;
  }
  async function refreshQueue() {
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
        state.queue = (Array.isArray(data.escalations) ? data.escalations : []).filter((e) => e && e.id != null).map((e) => normalizeEscalation(e, now));
        if (before) announceAssigned(before);
        state.queueLoaded = true;
        state.queueProblem = false;
        renderQueue();
        restoreOpenConversation();
        refreshOpenEscalation();
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
  const isMine = (e) => !!state.user && e.status === 'claimed' && e.claimedBy != null &&
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
      'data-testid': 'cw-queue-item', 'data-case-number': e.caseNumber, 'data-status': e.status, 'data-escalation-id': e.id,
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
    li.cwEscalation = e;
    return li;
  }
  function renderQueue() {
    const list = ui.queueList;
    if (!state.user) return;
    const active = document.activeElement;
    const activeItem = active && list.contains(active) && active !== list ? active.closest('[data-escalation-id]') : null;
    const focusId = activeItem && activeItem.getAttribute('data-escalation-id');
    const focusAction = active && active.getAttribute && active.getAttribute('data-action');
    const existing = new Map();
    Array.from(list.children).forEach((li) => existing.set(li.getAttribute('data-escalation-id'), li));
    const wanted = state.queue.map((e) => {
      const old = existing.get(e.id);
      existing.delete(e.id);
      if (old && old.cwSignature === signature(e)) {
        old.cwEscalation = e;
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
    const shown = labels.get(ui.queueNote);
    if (!note) blank(ui.queueNote);
    else if (!shown || shown.key !== note) say(ui.queueNote, note);
    const waiting = state.queue.filter((e) => e.status === 'queued').length;
    say(ui.queueCount, 'queue.waitingCount', { count: waiting });
    ui.tabQueue.querySelector('.cw-tab-count').textContent = waiting ? ' (' + waiting + ')' : '';
    // The focused element was replaced: put the focus back on its successor, or on the list.
    if (focusId && !list.contains(document.activeElement)) {
      const item = list.querySelector('[data-escalation-id="' + cssEscape(focusId) + '"]');
      const target = item && (item.querySelector('[data-action="' + focusAction + '"]') || item.querySelector('[data-action]'));
      (target || list).focus();
    }
    tick();
    updateTitle();
  }
  function cssEscape(value) {
    return window.CSS && CSS.escape ? CSS.escape(value) : String(value).replace(/["\\]/g, '\\$&');
  }
  /** Once a second: waiting times, and the WhatsApp window of the open conversation. */
  function tick() {
    renderWindow();
    const now = Date.now();
    Array.from(ui.queueList.children).forEach((li) => {
      const e = li.cwEscalation;
      const el = li.querySelector('.cw-wait-time');
      if (!e || !el) return;
      const text = formatWaiting((now - e.since) / 1000);
      if (el.textContent !== text) el.textContent = text;
    });
  }
  function onQueueClick(event) {
    const item = event.target.closest('[data-escalation-id]');
    if (!item || !item.cwEscalation) return;
    const e = item.cwEscalation;
    const action = event.target.closest('[data-action]');
    if (action && action.getAttribute('data-action') === 'claim') claim(e, action);
    else if (isMine(e) && !(event.target.closest('a,select,input,textarea'))) openConversation(e, true);
  }
  async function claim(e, button) {
    clearError();
    button.disabled = true;
    state.claiming.add(e.id);
    try {
      const data = await api('POST', escalationPath(e.id, 'claim'));
      const server = (data && data.escalation) || {};
      const claimed = normalizeEscalation(Object.assign({}, e, server, { status: 'claimed' }), Date.now());
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
  function refreshOpenEscalation() {
    if (!state.open) return;
    const e = state.queue.find((x) => x.id === state.open.id);
    if (!e) return;
    const before = state.open.escalation;
    state.open.escalation = e;
    if (['caseNumber', 'priority', 'language', 'channel'].some((key) => before[key] !== e[key])) renderConversationHeader();
    else renderWindow();
  }
  /** A practice conversation just started opens as soon as the queue lists it as ours. */
  function openWhenListed() {
    const id = state.openWhenListed;
    const e = id && state.queue.find((x) => x.id === id);
    if (!e || !isMine(e)) return;
    state.openWhenListed = null;
    if (state.section !== 'work') setSection('work');
    openConversation(e, true);
  }
  /** After a reload, the conversation that was open in this tab opens again if it is still ours. */
  function restoreOpenConversation() {
    if (!restoreOpenId) return;
    const e = state.queue.find((x) => x.id === restoreOpenId);
    restoreOpenId = null;
    if (e && isMine(e) && !state.open) openConversation(e, false, true);
    else if (!state.open) store(STORE.open, null, sessionStorage);
  }

  // ---- conversation ----
  /** Shows a claimed conversation; `quiet` (a reload restoring it) leaves the narrow-screen view where it is. */
  function openConversation(e, focus, quiet) {
    if (state.open && state.open.id === e.id) {
      state.open.escalation = e;
      renderConversationHeader();
      if (focus) focusInput();
      return;
    }
    closeConversationView();
    clearError();
    state.open = {
      id: e.id, escalation: e, keys: new Set(), shown: [], lines: [], pending: [], caseData: null, caseState: 'idle', codeWordShown: false,
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
  function closeConversationView() {
    state.open = null;
    if (!ui) return;
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
  function renderConversationHeader() {
    const e = state.open.escalation;
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
  function renderWindow() {
    const open = state.open;
    const el = ui.convWindow;
    const endsAt = open && open.escalation.windowEndsAt;
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
      const shown = labels.get(el);
      if (!shown || shown.key !== 'conversation.windowClosed') say(el, 'conversation.windowClosed');
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
  const lineKey = (line) => line.from + '|' + (Date.parse(line.at) || String(line.at)) + '|' + line.text;
  const nearBottom = () => ui.transcript.scrollHeight - ui.transcript.scrollTop - ui.transcript.clientHeight < 80;
  const scrollDown = () => (ui.transcript.scrollTop = ui.transcript.scrollHeight);
  function conversationLanguage() {
    const language = state.open && state.open.escalation && state.open.escalation.language;
    return typeof language === 'string' && /^[a-z]{2,3}$/.test(language) ? language : null;
  }
  function lineNode(line, pending) {
    const from = FROM.indexOf(line.from) >= 0 ? line.from : 'bot';
    const meta = inUiLanguage(h('div', { class: 'cw-line-meta' }, [
      say(h('span', { class: 'cw-line-from' }), 'conversation.from.' + from),
      line.at ? h('time', { datetime: new Date(line.at).toISOString(), 'data-cw-time': line.at, text: formatTime(line.at) }) : null,
    ]));
    const li = h('li', { class: 'cw-line cw-from-' + from + (pending ? ' cw-line-pending' : ''), 'data-testid': 'cw-line', 'data-from': from, dir: 'auto' }, [
      meta,
      // The bot and the case worker write in the conversation's language (Urdu then shows in Nastaliq); the worker's own words are not tagged.
      h('p', { class: 'cw-line-text', dir: 'auto', lang: from !== 'worker' ? conversationLanguage() : null, text: String(line.text == null ? '' : line.text) }),
    ]);
    return li;
  }
  /** The first local (unconfirmed) line, before which confirmed lines go. */
  const firstPending = () => ui.transcript.querySelector('.cw-line-pending');
  function appendConfirmed(line) {
    const open = state.open;
    const key = lineKey(line);
    if (open.keys.has(key)) return;
    const stick = nearBottom();
    open.keys.add(key);
    open.shown.push(key);
    open.lines.push(line);
    ui.transcript.insertBefore(lineNode(line, false), firstPending());
    blank(ui.transcriptNote);
    if (stick) scrollDown();
  }
  /** Puts the server's transcript in place: new lines appended, or everything redrawn if the order differs. */
  function mergeTranscript(lines) {
    const open = state.open;
    const clean = lines.filter((l) => l && typeof l.text === 'string');
    const keys = clean.map(lineKey);
    const prefix = open.shown.length <= keys.length && open.shown.every((k, i) => k === keys[i]);
    let later = [];
    if (!prefix) {
      // Redraw in the server's order; lines that came live after this transcript was read go after it.
      const known = new Set(keys);
      later = open.lines.filter((line) => !known.has(lineKey(line)));
      ui.transcript.setAttribute('aria-busy', 'true');
      Array.from(ui.transcript.querySelectorAll('.cw-line:not(.cw-line-pending)')).forEach((el) => el.remove());
      open.keys.clear();
      open.shown = [];
      open.lines = [];
    }
    clean.slice(open.shown.length).concat(later).forEach((line) => {
      const pending = line.from === 'caseWorker' && open.pending.find((p) => p.state === 'sending' && p.text === line.text);
      if (pending) confirmPending(pending, line.at);
      else appendConfirmed(line);
    });
    ui.transcript.removeAttribute('aria-busy');
    if (!ui.transcript.children.length) say(ui.transcriptNote, 'conversation.empty');
  }
  async function loadTranscript(quiet) {
    const open = state.open;
    if (!open) return;
    if (!quiet && !open.shown.length) say(ui.transcriptNote, 'conversation.loading');
    try {
      const data = await api('GET', escalationPath(open.id, 'transcript'));
      if (state.open !== open) return;
      mergeTranscript(Array.isArray(data.lines) ? data.lines : []);
      if (!quiet) scrollDown();
    } catch (error) {
      if (state.open !== open || error.handled) return;
      if (!quiet) {
        blank(ui.transcriptNote);
        ui.transcriptNote.append(say(h('span'), 'conversation.loadFailed'), ' ',
          say(h('button', { type: 'button', class: 'cw-button cw-button-quiet', onclick: () => loadTranscript(false) }), 'conversation.retry'));
      }
    }
  }
  function receiveLive(message) {
    const open = state.open;
    const line = { from: message.from, text: String(message.text == null ? '' : message.text), at: message.at || new Date().toISOString() };
    if (line.from === 'caseWorker') {
      const pending = open.pending.find((p) => p.state === 'sending' && p.text === line.text);
      if (pending) return confirmPending(pending, line.at);
    }
    appendConfirmed(line);
    if (narrow.matches && state.view !== 'conversation' && line.from !== 'caseWorker') ui.tabConversation.querySelector('.cw-tab-unread').hidden = false;
    // The worker wrote: on WhatsApp that reopens the window, which the queue reports.
    if (line.from === 'worker' && open.escalation.windowEndsAt != null) refreshQueue();
  }

  // ---- canned responses ----
  /** The canned responses in the worker's language (English when the hotline has none in it). */
  function cannedList(language) {
    if (!state.canned[language]) {
      state.canned[language] = api('GET', '/canned/' + encodeURIComponent(language))
        .catch((error) => {
          if (error.status === 404 && language !== 'en') return cannedList('en');
          throw error;
        })
        .then((data) => {
          const list = (data && Array.isArray(data.responses) ? data.responses : [])
            .filter((r) => r && typeof r.id === 'string' && typeof r.text === 'string' && r.text.trim() !== '');
          return { language: (data && data.language) || language, list };
        })
        .catch((error) => {
          // Not kept: the next conversation asks again.
          delete state.canned[language];
          throw error;
        });
    }
    return state.canned[language];
  }
  async function loadCanned(open) {
    try {
      const canned = await cannedList(open.escalation.language || 'en');
      if (state.open !== open) return;
      open.canned = canned;
      renderCannedOptions();
    } catch (error) {
      // The conversation works without them.
      if (state.open === open) ui.cannedRow.hidden = true;
    }
  }
  function renderCannedOptions() {
    const open = state.open;
    const select = ui.canned;
    const chosen = select.value;
    clear(select);
    if (!open || !open.canned || !open.canned.list.length) {
      ui.cannedRow.hidden = true;
      return;
    }
    select.appendChild(say(h('option', { value: '' }), 'canned.choose'));
    open.canned.list.forEach((r) => {
      const named = has('canned.names.' + r.id);
      const short = r.text.length > 70 ? r.text.slice(0, 67) + '…' : r.text;
      select.appendChild(h('option', {
        value: r.id, title: r.text, lang: named ? null : open.canned.language, dir: named ? null : 'auto',
        text: named ? t('canned.names.' + r.id) : short,
      }));
    });
    select.value = open.canned.list.some((r) => r.id === chosen) ? chosen : '';
    ui.cannedRow.hidden = false;
  }
  /**
   * Choosing a canned response puts its text in the message box at the cursor, to edit before sending.
   * Choosing another one while the inserted text is untouched replaces it (so moving through the list
   * with the arrow keys, which fires a change at every step, leaves only the last one).
   */
  function onCanned() {
    const open = state.open;
    if (!open || !open.canned) return;
    const input = ui.input;
    const last = open.cannedInsert;
    if (last && input.value === last.after) {
      input.value = last.before;
      input.setSelectionRange(last.start, last.end);
    }
    open.cannedInsert = null;
    const response = open.canned.list.find((r) => r.id === ui.canned.value);
    if (response) {
      const before = input.value;
      const start = input.selectionStart == null ? before.length : input.selectionStart;
      const end = input.selectionEnd == null ? start : input.selectionEnd;
      const gap = start > 0 && !/\s$/.test(before.slice(0, start)) ? ' ' : '';
      input.setRangeText(gap + response.text, start, end, 'end');
      open.cannedInsert = { before, start, end, after: input.value };
      announce('canned.inserted');
    }
    updateInput();
  }

  // ---- sending ----
  function updateInput() {
    const open = state.open;
    if (open && open.cannedInsert && ui.input.value !== open.cannedInsert.after) {
      open.cannedInsert = null;
      ui.canned.value = '';
    }
    const left = MAX_CHARS - ui.input.value.length;
    // Empty, the box (and its placeholder) runs in the interface's direction; typed text finds its own.
    ui.input.dir = ui.input.value ? 'auto' : directionOf(state.lang);
    ui.send.disabled = !state.open || !ui.input.value.trim();
    if (left <= COUNTER_FROM) say(ui.inputCount, 'conversation.charactersLeft', { count: left });
    else if (ui.inputCount.firstChild) blank(ui.inputCount);
  }
  function onInputKey(event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      onSend(event);
    }
  }
  function onSend(event) {
    event.preventDefault();
    const text = ui.input.value.trim();
    if (!text || !state.open) return;
    const open = state.open;
    const node = lineNode({ from: 'caseWorker', text, at: null }, true);
    const note = inUiLanguage(h('p', { class: 'cw-line-state' }));
    node.appendChild(note);
    const entry = { open, text, node, note, state: 'sending' };
    open.pending.push(entry);
    setPendingState(entry, 'sending');
    ui.transcript.appendChild(node);
    blank(ui.transcriptNote);
    scrollDown();
    ui.input.value = '';
    updateInput();
    ui.input.focus();
    enqueueSend(entry);
  }
  function enqueueSend(entry) {
    const job = () => post(entry);
    sending = sending.then(job, job);
  }
  async function post(entry) {
    if (entry.state !== 'sending') return;
    try {
      const data = await api('POST', escalationPath(entry.open.id, 'messages'), { text: entry.text });
      confirmPending(entry, (data && data.at) || new Date().toISOString());
    } catch (error) {
      if (entry.state !== 'sending') return;
      setPendingState(entry, 'failed');
      if (state.open === entry.open && isGone(error)) conversationGone(entry.open);
      else if (state.open === entry.open) showApiError(error);
    }
  }
  function setPendingState(entry, pendingState) {
    entry.state = pendingState;
    clear(entry.note);
    entry.node.classList.toggle('cw-line-failed', pendingState === 'failed');
    entry.note.appendChild(say(h('span'), pendingState === 'failed' ? 'conversation.failed' : 'conversation.sending'));
    if (pendingState === 'failed') {
      entry.note.append(' ', say(h('button', {
        type: 'button', class: 'cw-button cw-button-quiet',
        onclick: () => {
          setPendingState(entry, 'sending');
          enqueueSend(entry);
        },
      }), 'conversation.sendAgain'));
    }
  }
  /** A sent line is confirmed (by the server's answer, the live socket or the transcript): it joins the confirmed lines once. */
  function confirmPending(entry, at) {
    if (entry.state === 'sent') return;
    entry.state = 'sent';
    const open = entry.open;
    open.pending = open.pending.filter((p) => p !== entry);
    if (state.open !== open) return;
    const line = { from: 'caseWorker', text: entry.text, at };
    entry.node.remove();
    appendConfirmed(line);
  }

  // ---- release and close ----
  async function onRelease() {
    const open = state.open;
    if (!open) return;
    clearError();
    ui.release.disabled = true;
    try {
      await api('POST', escalationPath(open.id, 'release'));
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
    say(ui.dialogBody, 'closeDialog.body', { caseNumber: state.open.escalation.caseNumber });
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
      await api('POST', escalationPath(open.id, 'close'));
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
  // ---- reassigning (supervisors) ----
  /** The accounts (`GET /users`), read again whenever a supervisor opens a conversation, so new colleagues show. */
  async function loadUsers() {
    if (!isSupervisor() || state.usersState === 'loading') return;
    const user = state.user;
    state.usersState = 'loading';
    renderReassign();
    try {
      const data = await api('GET', '/users');
      if (state.user !== user) return;
      state.users = (Array.isArray(data.users) ? data.users : []).filter((u) => u && u.id != null)
        .map((u) => Object.assign({}, u, { id: String(u.id), roles: Array.isArray(u.roles) ? u.roles : [], languages: Array.isArray(u.languages) ? u.languages : [] }));
      state.usersState = 'loaded';
    } catch (error) {
      if (state.user !== user) return;
      state.usersState = 'failed';
    }
    renderReassign();
  }
  const accountName = (u) => String(u.displayName || u.username || u.id);
  /**
   * The case workers a supervisor may hand the open conversation to: not its holder; those who speak the
   * worker's language (or every language) first. Not for a practice conversation, which only its trainee sees.
   */
  function renderReassign() {
    const open = state.open;
    const show = !!open && isSupervisor() && open.escalation.training !== true;
    ui.reassignRow.hidden = !show;
    if (!show) return;
    const select = ui.reassignTo;
    const holder = String(open.escalation.claimedBy != null ? open.escalation.claimedBy : state.user.id);
    const language = open.escalation.language;
    const speaks = (u) => !u.languages.length || u.languages.indexOf(language) >= 0;
    const workers = state.usersState === 'loaded'
      ? state.users.filter((u) => u.roles.indexOf('caseWorker') >= 0 && u.id !== holder && u.id !== String(state.user.id))
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
    if (state.usersState === 'failed') {
      ui.reassignNote.append(say(h('span'), 'conversation.reassignLoadFailed'), ' ',
        say(h('button', { type: 'button', class: 'cw-button cw-button-quiet', onclick: loadUsers }), 'conversation.retry'));
    } else if (state.usersState === 'loaded' && !candidates.length) {
      ui.reassignNote.appendChild(say(h('span'), 'conversation.reassignNone'));
    }
  }
  /** Hands the open conversation to the chosen case worker; it then leaves this page, and their queue shows it as theirs. */
  async function onReassign() {
    const open = state.open;
    if (!open || open.reassignBusy) return;
    const toUserId = ui.reassignTo.value;
    const to = toUserId ? state.users.find((u) => u.id === toUserId) : null;
    if (!to) {
      showError(t('conversation.reassignChooseFirst'));
      ui.reassignTo.focus();
      return;
    }
    clearError();
    open.reassignBusy = true;
    ui.reassign.disabled = true;
    try {
      await api('POST', escalationPath(open.id, 'transfer'), { toUserId });
      if (state.open === open) finishConversation(open, 'conversation.reassigned', { name: accountName(to) });
    } catch (error) {
      if (isGone(error) && state.open === open) conversationGone(open);
      else showApiError(error);
    } finally {
      open.reassignBusy = false;
      if (state.open === open) renderReassign();
    }
  }
  function conversationGone(open) {
    finishConversation(open, null);
    showError(t('conversation.gone', { caseNumber: open.escalation.caseNumber }));
  }
  function finishConversation(open, messageKey, values) {
    const caseNumber = open.escalation.caseNumber;
    state.queue = state.queue.filter((e) => e.id !== open.id || messageKey === 'conversation.released');
    closeConversationView();
    store(STORE.open, null, sessionStorage);
    if (messageKey) announce(messageKey, Object.assign({ caseNumber }, values));
    renderQueue();
    refreshQueue();
    focusQueue();
  }

  // ---- the case panel ----
  function applyCaseExpanded() {
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
  function toggleCase() {
    state.caseExpanded = !state.caseExpanded;
    store(STORE.casePanel, state.caseExpanded ? 'open' : 'closed');
    applyCaseExpanded();
  }
  async function loadCase() {
    const open = state.open;
    if (!open || !open.escalation.caseNumber) return;
    open.caseState = 'loading';
    renderCase();
    try {
      const data = await api('GET', '/cases/' + encodeURIComponent(open.escalation.caseNumber));
      if (state.open !== open || open.caseState !== 'loading') return;
      open.caseData = (data && data.case) || null;
      open.caseState = open.caseData ? 'loaded' : 'failed';
    } catch (error) {
      if (state.open !== open || open.caseState !== 'loading') return;
      open.caseState = 'failed';
    }
    renderCase();
  }
  /** Reads the case again after a change, keeping what is shown until the answer comes (and the focus on `focusId`). */
  async function reloadCase(open, focusId) {
    try {
      const data = await api('GET', '/cases/' + encodeURIComponent(open.escalation.caseNumber));
      if (state.open !== open || open.caseState !== 'loaded' || !data || !data.case) return;
      open.caseData = data.case;
    } catch (error) {
      if (state.open !== open || open.caseState !== 'loaded') return;
      if (!error.handled) showError(t('case.reloadFailed'));
    }
    renderCase(focusId);
  }
  const casePath = (open, action) => '/cases/' + encodeURIComponent(open.escalation.caseNumber) + '/' + action;
  /** Runs one change of the case (note, status, referral): the panel's buttons wait meanwhile. */
  async function changeCase(action, payload, focusId, done, refused) {
    const open = state.open;
    if (!open || open.caseBusy || open.caseState !== 'loaded') return;
    clearError();
    open.caseBusy = true;
    setCaseBusy(true);
    try {
      const data = await api('POST', casePath(open, action), payload);
      if (state.open !== open) return;
      done(data || {});
      open.caseBusy = false;
      await reloadCase(open, focusId);
    } catch (error) {
      if (state.open !== open || error.handled) return;
      if (error.status === 409 && refused) refused(error);
      else showApiError(error);
      if (error.status === 409) reloadCase(open, focusId);
    } finally {
      open.caseBusy = false;
      if (state.open === open) setCaseBusy(false);
    }
  }
  function setCaseBusy(busy) {
    ui.caseBody.querySelectorAll('[data-case-action]').forEach((button) => (button.disabled = busy));
    ui.caseBody.setAttribute('aria-busy', String(busy));
  }
  const serverMessage = (error) => (error.detail && error.detail.message) || t('errors.generic');
  function onStatusSet() {
    const open = state.open;
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
  function onNoteAdd() {
    const open = state.open;
    const text = open ? open.drafts.note.trim() : '';
    if (!text) {
      showError(t('case.noteEmpty'));
      focusCaseControl('cw-note-input');
      return;
    }
    changeCase('notes', { text }, 'cw-note-input', () => {
      open.drafts.note = '';
      announce('case.noteAdded');
    });
  }
  function onRefer() {
    const open = state.open;
    const agencyId = open && open.drafts.agency;
    if (!agencyId) {
      showError(t('case.chooseAgencyFirst'));
      focusCaseControl('cw-agency');
      return;
    }
    const imminentDanger = open.drafts.imminent === true;
    changeCase('referrals', { agencyId, imminentDanger }, 'cw-refer', (data) => {
      open.drafts.agency = '';
      open.drafts.imminent = false;
      announce('case.referred', { agency: agencyName(agencyId), basis: t('case.referralBasis.' + (data.basis === 'imminentDanger' ? 'imminentDanger' : 'consent')) });
    }, (error) => {
      if (error.code === 'NO_CONSENT') showError(t('case.referNoConsent'));
      else showError(t('case.referRefused', { detail: serverMessage(error) }));
    });
  }
  function focusCaseControl(testId) {
    const el = ui.caseBody.querySelector('[data-testid="' + testId + '"]');
    if (el) el.focus();
  }
  function definition(termKey, value, valueProps) {
    return [say(h('dt'), termKey), h('dd', valueProps || {}, Array.isArray(value) ? value : [value])];
  }
  /** The label of a coded answer to question `key` (its own group of values, or the shared one), else the code. */
  function answerValue(key, value) {
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
  function byWhom(actor, name) {
    if (actor == null || actor === '') return null;
    const id = String(actor);
    if (state.user && id === String(state.user.id)) return ['case.byYou'];
    if (name) return ['case.byActor', { actor: String(name) }];
    if (has('case.actors.' + id)) return ['case.byActor', { actor: t('case.actors.' + id) }];
    return ['case.byActor', { actor: USER_ID.test(id) ? t('case.actors.colleague') : id }];
  }

  // ---- agencies ----
  /** The country profile's agencies named in `lng` (`GET /agencies/{lng}`), read once per language (again only on `retry`). */
  function loadAgencies(lng, retry) {
    const known = state.agencies[lng];
    if (known && !(retry && known.state === 'failed')) return known;
    const entry = { state: 'loading', list: [] };
    state.agencies[lng] = entry;
    api('GET', '/agencies/' + encodeURIComponent(lng)).then((data) => {
      entry.list = (data && Array.isArray(data.agencies) ? data.agencies : []).filter((a) => a && typeof a.id === 'string')
        .map((a) => ({ id: a.id, name: typeof a.name === 'string' && a.name.trim() ? a.name : a.id }));
      entry.state = 'loaded';
    }, () => {
      entry.state = 'failed';
    }).then(() => {
      // Still wanted (same session, same language): the case panel shows them.
      if (state.agencies[lng] === entry && state.lang === lng && state.open && state.open.caseState === 'loaded') renderCase();
    });
    return entry;
  }
  /** An agency's name in the interface language (its id until the list has come). */
  function agencyName(id) {
    const entry = state.agencies[state.lang];
    const agency = entry && entry.list.find((a) => a.id === id);
    return agency ? agency.name : String(id == null ? '' : id);
  }
  /** Draws the case panel; the control with data-testid `focusId` (else the one focused before) gets the focus back. */
  function renderCase(focusId) {
    const open = state.open;
    const body = ui.caseBody;
    // Never takes the focus from elsewhere in the page (the message box, the queue).
    const active = document.activeElement;
    const inBody = !!active && body.contains(active);
    const focused = inBody || !active || active === document.body ? focusId || (inBody ? active.getAttribute('data-testid') : null) : null;
    clear(body);
    if (!open || !state.caseExpanded) return;
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
    const priority = PRIORITIES.indexOf(c.priority) >= 0 ? c.priority : null;
    body.appendChild(h('dl', { class: 'cw-facts' }, [].concat(
      definition('case.number', h('span', { dir: 'ltr', text: c.caseNumber || '' })),
      definition('case.type', label('case.types', c.type)),
      definition('case.status', label('case.statuses', c.status)),
      definition('case.priority', priority ? say(h('span', { class: 'cw-badge cw-priority cw-priority-' + priority }), 'priority.' + priority) : String(c.priority || '')),
      definition('case.reasons', list(c.priorityReasons, 'reasons')),
      definition('case.indicators', list(c.indicators, 'indicators')),
    )));
    const next = (STATUS_NEXT[c.status] || []).slice();
    if (next.indexOf(open.drafts.status) < 0) open.drafts.status = '';
    if (next.length) body.appendChild(statusForm(open, next));

    const personal = c.personal || {};
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
          const toggle = ui.caseBody.querySelector('[data-testid="cw-codeword-toggle"]');
          if (toggle) toggle.focus();
        },
      }), open.codeWordShown ? 'case.hideCodeWord' : 'case.showCodeWord'));
      // Only in the page while shown.
      if (open.codeWordShown) codeCell.push(' ', h('span', { class: 'cw-codeword', dir: 'auto', 'data-testid': 'cw-codeword', text: codeWord }));
    } else {
      codeCell.push(say(h('span', { class: 'cw-muted' }), 'case.notGiven'));
    }
    rows.push.apply(rows, definition('case.fields.codeWord', codeCell));
    body.append(say(h('h4'), 'case.personal'), h('dl', { class: 'cw-facts' }, rows));

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
  /** One referral made: the agency (named in the interface language), its basis, when, and by whom. */
  function referralLine(r) {
    const by = byWhom(r.by, r.byName);
    return say(h('li', {
      class: 'cw-referral' + (r.basis === 'imminentDanger' ? ' cw-referral-danger' : ''),
      'data-testid': 'cw-referral', 'data-agency-id': r.agencyId, 'data-basis': r.basis,
    }), 'case.referralLine', {
      agency: agencyName(r.agencyId),
      basis: has('case.referralBasis.' + r.basis) ? t('case.referralBasis.' + r.basis) : String(r.basis || ''),
      date: formatDateTime(r.at),
      by: by ? t(by[0], by[1]) : t('case.actors.colleague'),
    });
  }
  /** Referrals made, and (not for a practice case) referring to an agency: with consent, or for imminent danger. */
  function referralSection(open, c) {
    const referrals = Array.isArray(c.agencyReferrals) ? c.agencyReferrals : [];
    // Named in the interface language; the panel is drawn again when they come.
    const agencies = loadAgencies(state.lang);
    const section = h('section', { class: 'cw-case-section', 'aria-labelledby': 'cw-referrals-heading' }, [say(h('h4', { id: 'cw-referrals-heading' }), 'case.referrals')]);
    section.appendChild(referrals.length
      ? h('ul', { class: 'cw-plain-list cw-referrals' }, referrals.map(referralLine))
      : say(h('p', { class: 'cw-muted' }), 'case.noReferrals'));
    if (open.escalation.training === true) {
      section.appendChild(say(h('p', { class: 'cw-muted' }), 'case.referTraining'));
      return section;
    }
    if (agencies.state === 'failed') {
      section.appendChild(h('p', { class: 'cw-muted' }, [
        say(h('span'), 'case.agenciesLoadFailed'), ' ',
        say(h('button', {
          type: 'button', class: 'cw-button cw-button-quiet',
          onclick: () => {
            loadAgencies(state.lang, true);
            renderCase();
          },
        }), 'case.retry'),
      ]));
      return section;
    }
    const loaded = agencies.state === 'loaded';
    if (loaded && !agencies.list.some((a) => a.id === open.drafts.agency)) open.drafts.agency = '';
    const agency = h('select', {
      id: 'cw-agency', 'data-testid': 'cw-agency', disabled: !loaded, onchange: () => (open.drafts.agency = agency.value),
    }, [say(h('option', { value: '' }), loaded ? 'case.chooseAgency' : 'case.agenciesLoading')]
      .concat(agencies.list.map((a) => h('option', { value: a.id, text: a.name }))));
    agency.value = open.drafts.agency;
    const refer = say(h('button', { type: 'button', class: 'cw-button', 'data-testid': 'cw-refer', 'data-case-action': '', onclick: onRefer }),
      open.drafts.imminent ? 'case.referWithoutConsent' : 'case.refer');
    refer.classList.toggle('cw-button-danger', open.drafts.imminent);
    const imminent = h('input', {
      id: 'cw-imminent', 'data-testid': 'cw-imminent', type: 'checkbox', checked: open.drafts.imminent, 'aria-describedby': 'cw-imminent-help',
      onchange: () => {
        open.drafts.imminent = imminent.checked;
        say(refer, imminent.checked ? 'case.referWithoutConsent' : 'case.refer');
        refer.classList.toggle('cw-button-danger', imminent.checked);
      },
    });
    section.appendChild(h('div', { class: 'cw-case-form' }, [
      say(h('label', { for: 'cw-agency' }), 'case.referTo'),
      agency,
      h('div', { class: 'cw-check' }, [imminent, say(h('label', { for: 'cw-imminent' }), 'case.imminent')]),
      say(h('p', { id: 'cw-imminent-help', class: 'cw-muted cw-small' }), 'case.imminentHelp'),
      h('div', { class: 'cw-case-row' }, [refer]),
    ]));
    return section;
  }
  /** Who wrote a note: you, their name, or (a user the server could not name) another case worker. */
  function noteAuthor(note) {
    if (state.user && String(note.by) === String(state.user.id)) return say(h('span'), 'case.noteByYou');
    if (note.byName) return h('span', { class: 'cw-note-by', dir: 'auto', text: String(note.byName) });
    return say(h('span'), 'case.noteByColleague');
  }
  /** The case workers' notes, and a box to add one. */
  function notesSection(open, c) {
    const notes = Array.isArray(c.notes) ? c.notes : [];
    const section = h('section', { class: 'cw-case-section', 'aria-labelledby': 'cw-notes-heading' }, [say(h('h4', { id: 'cw-notes-heading' }), 'case.notes')]);
    section.appendChild(notes.length
      ? h('ul', { class: 'cw-notes' }, notes.map((note) => h('li', { class: 'cw-note', 'data-testid': 'cw-note' }, [
        inUiLanguage(h('p', { class: 'cw-note-meta' }, [
          h('time', { datetime: isNaN(new Date(note.at)) ? null : new Date(note.at).toISOString(), text: formatDateTime(note.at) }),
          ' · ',
          noteAuthor(note),
        ])),
        h('p', { class: 'cw-note-text', dir: 'auto', text: String(note.text == null ? '' : note.text) }),
      ])))
      : say(h('p', { class: 'cw-muted' }), 'case.noNotes'));
    const input = h('textarea', {
      id: 'cw-note-input', 'data-testid': 'cw-note-input', rows: '3', maxlength: '10000', dir: 'auto',
      oninput: () => (open.drafts.note = input.value),
    });
    input.value = open.drafts.note;
    section.appendChild(h('div', { class: 'cw-case-form' }, [
      say(h('label', { for: 'cw-note-input' }), 'case.noteInput'),
      input,
      h('div', { class: 'cw-case-row' }, [
        say(h('button', { type: 'button', class: 'cw-button', 'data-testid': 'cw-note-add', 'data-case-action': '', onclick: onNoteAdd }), 'case.addNote'),
      ]),
    ]));
    return section;
  }

  // ---- practice (training mode) ----
  async function loadScenarios() {
    if (state.scenariosState === 'loading') return;
    state.scenariosState = 'loading';
    renderScenarios();
    try {
      const data = await api('GET', '/training/scenarios');
      if (!state.user) return;
      state.scenarios = (Array.isArray(data.scenarios) ? data.scenarios : []).filter((x) => x && typeof x.id === 'string');
      state.scenariosState = 'loaded';
    } catch (error) {
      if (!state.user) return;
      state.scenariosState = 'failed';
    }
    renderScenarios();
  }
  function renderScenarios() {
    const list = ui.trainingList;
    const focusedId = list.contains(document.activeElement) ? document.activeElement.getAttribute('data-scenario-id') : null;
    clear(list);
    const note = state.scenariosState === 'loading' ? 'training.loading' : state.scenariosState === 'failed' ? 'training.loadFailed'
      : state.scenariosState === 'loaded' && !state.scenarios.length ? 'training.empty' : null;
    blank(ui.trainingNote);
    if (note) ui.trainingNote.appendChild(say(h('span'), note));
    if (state.scenariosState === 'failed') {
      ui.trainingNote.append(' ', say(h('button', { type: 'button', class: 'cw-button cw-button-quiet', onclick: loadScenarios }), 'training.retry'));
    }
    if (state.scenariosState !== 'loaded') return;
    state.scenarios.forEach((scenario) => {
      const priority = PRIORITIES.indexOf(scenario.priority) >= 0 ? scenario.priority : null;
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
      if (!state.user || !data || data.escalationId == null) return;
      state.openWhenListed = String(data.escalationId);
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

  // ---- statistics (supervisors) ----
  /** yyyy-mm-dd or nothing. */
  const dateValue = (input) => (/^\d{4}-\d{2}-\d{2}$/.test(input.value) ? input.value : '');
  function statsQuery() {
    const from = dateValue(ui.statsFrom);
    const to = dateValue(ui.statsTo);
    return 'from=' + encodeURIComponent(from) + '&to=' + encodeURIComponent(to);
  }
  /** The CSV link always carries the chosen dates (a plain link: the session cookie authenticates it). */
  function updateStatsLink() {
    if (ui) ui.statsCsv.setAttribute('href', API + '/stats.csv?' + statsQuery());
  }
  function onStatsSubmit(event) {
    event.preventDefault();
    updateStatsLink();
    loadStats();
  }
  async function loadStats() {
    if (!isSupervisor()) return;
    const query = statsQuery();
    state.statsState = 'loading';
    state.statsQuery = query;
    renderStats();
    try {
      const data = await api('GET', '/stats?' + query);
      if (!state.user || state.statsQuery !== query) return;
      state.stats = data;
      state.statsState = 'loaded';
    } catch (error) {
      if (!state.user || state.statsQuery !== query) return;
      state.statsState = 'failed';
      if (!error.handled && error.status === 403) showApiError(error);
    }
    renderStats();
  }
  function statsValueLabel(dimension, value) {
    if (value === 'unknown') return t('stats.unknown');
    if (dimension === 'indicator') return label('indicators', value);
    if (dimension === 'type') return label('case.types', value);
    if (dimension === 'status') return label('case.statuses', value);
    if (dimension === 'priority') return label('priority', value);
    if (dimension === 'channel') return label('channels', value);
    if (dimension === 'language') return languageName(value);
    if (dimension === 'nationality') return answerValue('nationality', value);
    if (dimension !== 'month' && has('case.answerValues.' + value)) return t('case.answerValues.' + value);
    if (dimension === 'month' && /^\d{4}-\d{2}$/.test(value)) {
      try {
        return new Intl.DateTimeFormat(locale(), { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(value + '-01T00:00:00Z'));
      } catch (e) {
        return value;
      }
    }
    return String(value);
  }
  function renderStats() {
    const body = ui.statsBody;
    clear(body);
    if (state.statsState === 'idle') return;
    if (state.statsState === 'loading') {
      body.appendChild(say(h('p', { class: 'cw-muted', role: 'status' }), 'stats.loading'));
      return;
    }
    if (state.statsState === 'failed' || !state.stats) {
      body.append(say(h('p', { role: 'status' }), 'stats.loadFailed'), ' ',
        say(h('button', { type: 'button', class: 'cw-button', onclick: loadStats }), 'stats.retry'));
      return;
    }
    const data = state.stats;
    const counts = data.counts && typeof data.counts === 'object' ? data.counts : {};
    body.appendChild(say(h('p', { class: 'cw-stats-total', 'data-testid': 'cw-stats-total', role: 'status' }), 'stats.total', { count: Number(data.total) || 0 }));
    const tables = h('div', { class: 'cw-stats-tables' });
    // The known dimensions in their order, then any the server has added since.
    const dimensions = STATS_DIMENSIONS.concat(Object.keys(counts).filter((d) => STATS_DIMENSIONS.indexOf(d) < 0 && counts[d] && typeof counts[d] === 'object'));
    dimensions.forEach((dimension) => {
      const values = counts[dimension] && typeof counts[dimension] === 'object' ? counts[dimension] : {};
      const keys = Object.keys(values);
      // Months in order; everything else most frequent first.
      keys.sort(dimension === 'month' ? undefined : (a, b) => values[b] - values[a] || a.localeCompare(b));
      const rows = keys.length
        ? keys.map((key) => h('tr', { 'data-value': key }, [
          h('th', { scope: 'row', text: statsValueLabel(dimension, key) }),
          h('td', { class: 'cw-num', text: String(values[key]) }),
        ]))
        : [h('tr', {}, [say(h('td', { colspan: '2', class: 'cw-muted' }), 'stats.none')])];
      tables.appendChild(h('table', { class: 'cw-stats-table', 'data-testid': 'cw-stats-table', 'data-dimension': dimension }, [
        has('stats.dimensions.' + dimension) ? say(h('caption'), 'stats.dimensions.' + dimension) : h('caption', { text: dimension }),
        h('thead', {}, [h('tr', {}, [say(h('th', { scope: 'col' }), 'stats.value'), say(h('th', { scope: 'col', class: 'cw-num' }), 'stats.count')])]),
        h('tbody', {}, rows),
      ]));
    });
    body.appendChild(tables);
  }

  // ---- review before deployment (admins) ----
  async function loadReview() {
    if (!isAdmin() || state.reviewState === 'loading') return;
    state.reviewState = 'loading';
    renderReview();
    try {
      const data = await api('GET', '/review');
      if (!state.user) return;
      state.review = data;
      state.reviewState = 'loaded';
    } catch (error) {
      if (!state.user) return;
      state.reviewState = 'failed';
      if (!error.handled && error.status === 403) showApiError(error);
    }
    renderReview();
  }
  /** Text the deployer wrote in English (verify notes, review records): marked so, whatever the interface language. */
  const english = (tag, text, props) => h(tag, Object.assign({ lang: 'en', dir: 'ltr', text: String(text == null ? '' : text) }, props || {}));
  function reviewTable(testid, captionKey, columns, rows) {
    return h('table', { class: 'cw-stats-table cw-review-table', 'data-testid': testid }, [
      say(h('caption'), captionKey),
      h('thead', {}, [h('tr', {}, columns.map((key) => say(h('th', { scope: 'col' }), key)))]),
      h('tbody', {}, rows),
    ]);
  }
  function renderReview() {
    const body = ui.reviewBody;
    clear(body);
    if (state.reviewState === 'idle') return;
    if (state.reviewState === 'loading') {
      body.appendChild(say(h('p', { class: 'cw-muted', role: 'status' }), 'review.loading'));
      return;
    }
    const data = state.review;
    if (state.reviewState === 'failed' || !data || !data.profile) {
      body.append(say(h('p', { role: 'status' }), 'review.loadFailed'), ' ',
        say(h('button', { type: 'button', class: 'cw-button', onclick: loadReview }), 'review.retry'));
      return;
    }
    const facts = Array.isArray(data.profile.unverified) ? data.profile.unverified : [];
    body.appendChild(h('section', { class: 'cw-review-part', 'aria-labelledby': 'cw-review-facts' }, [
      say(h('h3', { id: 'cw-review-facts' }), 'review.factsHeading', { number: facts.length }),
      h('div', {}, [say(h('p'), 'review.profileStatus', { profile: String(data.profile.id || '') }), english('p', data.profile.reviewStatus)]),
      facts.length
        ? reviewTable('cw-review-facts', 'review.factsCaption', ['review.kind', 'review.fact', 'review.check', 'review.sources'], facts.map((fact) =>
          h('tr', { 'data-testid': 'cw-review-fact', 'data-fact': fact.kind + ':' + fact.id }, [
            h('td', {}, [say(h('span'), 'review.kinds.' + fact.kind)]),
            h('th', { scope: 'row' }, [h('code', { dir: 'ltr', text: String(fact.id) }), fact.number ? h('span', { class: 'cw-review-number', dir: 'ltr', text: String(fact.number) }) : null]),
            h('td', {}, [english('p', fact.note)]),
            h('td', { dir: 'ltr', text: (Array.isArray(fact.sources) ? fact.sources : []).map((n) => '[' + n + ']').join(' ') }),
          ])))
        : say(h('p', { 'data-testid': 'cw-review-facts-none' }), 'review.factsNone'),
    ]));
    const translations = Array.isArray(data.translations) ? data.translations : [];
    body.appendChild(h('section', { class: 'cw-review-part', 'aria-labelledby': 'cw-review-translations' }, [
      say(h('h3', { id: 'cw-review-translations' }), 'review.translationsHeading'),
      reviewTable('cw-review-translations', 'review.translationsCaption', ['review.language', 'review.offered', 'review.status', 'review.drafted', 'review.record'], translations.map((entry) =>
        h('tr', { 'data-testid': 'cw-review-locale', 'data-language': entry.language }, [
          h('th', { scope: 'row' }, [
            entry.name ? h('span', { lang: entry.language, dir: 'auto', text: String(entry.name) }) : h('span', { text: languageName(entry.language) }),
            ' ', h('code', { dir: 'ltr', text: String(entry.language) }),
          ]),
          h('td', {}, [say(h('span'), entry.offered ? 'review.yes' : 'review.no')]),
          h('td', {}, [has('review.statuses.' + entry.status) ? say(h('span'), 'review.statuses.' + entry.status) : english('span', entry.status)]),
          h('td', { dir: 'ltr', text: String(entry.drafted || '') }),
          h('td', {}, [entry.review ? english('p', entry.review) : null, entry.notes ? english('p', entry.notes, { class: 'cw-small cw-muted' }) : null]),
        ]))),
    ]));
  }

  // ---- live updates ----
  function liveUrl() {
    return (location.protocol === 'https:' ? 'wss:' : 'ws:') + '//' + location.host + '/console/live';
  }
  const backoff = (n) => Math.min(30000, 1000 * Math.pow(2, n)) * (0.5 + Math.random() / 2);
  function connectLive() {
    if (!state.user || state.socket) return;
    clearTimeout(timers.reconnect);
    let ws;
    try {
      ws = new WebSocket(liveUrl());
    } catch (e) {
      onLiveLost();
      return;
    }
    state.socket = ws;
    ws.onopen = () => {
      state.socketAttempt = 0;
      setLive('live');
      stopPolling();
      // Whatever happened while the socket was down.
      refreshQueue();
      if (state.open) loadTranscript(true);
    };
    ws.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      if (message && typeof message === 'object') onLive(message);
    };
    ws.onclose = () => {
      if (state.socket !== ws) return;
      state.socket = null;
      onLiveLost();
    };
  }
  function onLiveLost() {
    if (!state.user) return;
    setLive('offline');
    startPolling();
    clearTimeout(timers.reconnect);
    timers.reconnect = setTimeout(connectLive, backoff(state.socketAttempt++));
  }
  function stopLive() {
    const ws = state.socket;
    state.socket = null;
    state.live = 'connecting';
    if (ws) {
      ws.onclose = null;
      ws.onmessage = null;
      try {
        ws.close();
      } catch (e) { /* already closed */ }
    }
    clearTimeout(timers.reconnect);
    stopPolling();
  }
  function startPolling() {
    stopPolling();
    timers.poll = setInterval(pollOnce, POLL_MS);
  }
  function stopPolling() {
    clearInterval(timers.poll);
    timers.poll = 0;
    if (state.live === 'live') timers.poll = setInterval(refreshQueue, LIVE_REFRESH_MS);
  }
  function pollOnce() {
    refreshQueue();
    if (state.open) loadTranscript(true);
  }
  function onLive(message) {
    const id = message.escalationId != null ? String(message.escalationId) : null;
    if (message.type === 'queue') {
      refreshQueue();
    } else if (message.type === 'message' && id && typeof message.text === 'string') {
      if (state.open && state.open.id === id) {
        receiveLive(message);
      } else if (message.from !== 'caseWorker') {
        state.unread.add(id);
        const e = state.queue.find((x) => x.id === id);
        renderQueue();
        if (e && isMine(e)) announce('queue.newMessage', { caseNumber: e.caseNumber });
      }
    } else if (message.type === 'claimed' && id) {
      const e = state.queue.find((x) => x.id === id);
      if (e && e.status === 'queued') {
        state.queue = state.queue.map((x) => (x.id === id ? Object.assign({}, x, { status: 'claimed', claimedByName: message.byName || x.claimedByName }) : x));
        renderQueue();
      }
      refreshQueue();
    }
  }

  // ---- start ----
  async function init() {
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
})();
