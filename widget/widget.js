/*!
 * Hotline web chat widget: a small Direct Line 3.0 client for a worker on a
 * cheap phone who may be watched. One tag, no dependencies, no build step:
 *
 *   <script src="https://HOTLINE/widget.js" defer
 *     data-hotline="https://HOTLINE"  hotline base URL (default: this script's origin)
 *     data-lang="auto"                auto | a language code of the hotline (en, ar, hi, ur, tl, bn…);
 *                                     auto = <html lang>, then the browser's languages
 *     data-position="right"           right | left corner for the chat button
 *     data-open="false"></script>     true opens the chat when the page loads
 *
 * Talks only to the hotline (config, strings, token, Direct Line under
 * /v3/directline); keeps its state in sessionStorage under "hlw:" only.
 * Server and user text is only ever set with textContent. See README.md.
 * One file on purpose, though over 400 lines: a host page embeds it with one
 * classic <script> tag, one request of ~10 KB gzipped; parts are "// ----".
 */
(() => {
  'use strict';
  const script = document.currentScript || document.querySelector('script[src*="widget.js"]');
  if (!script || window.hotlineWidgetLoaded) return;
  window.hotlineWidgetLoaded = true;

  const data = script.dataset;
  const HOTLINE = (data.hotline || new URL(script.src, location.href).origin).replace(/\/+$/, '');
  const DIRECT_LINE = HOTLINE + '/v3/directline';
  const STORE = 'hlw:session';
  const MAX_CHARS = 2000;
  const COUNTER_FROM = 200;
  const POLL_MS = 3000;
  const POLL_HIDDEN_MS = 15000;
  const RTL = /^(ar|ur|fa|ps|sd|ug|he|yi|ckb|dv)(-|$)/i;
  const ALIASES = { fil: 'tl' };

  let config;
  let lang;
  const stringsByLang = {};
  let session = load() || {};
  let socket = null;
  let polling = false;
  let exited = false;
  let reconnecting = false;
  let attempt = 0;
  let socketFailures = 0;
  let lastPoll = 0;
  let pollTimer;
  let refreshTimer;
  let reconnectTimer;
  let typingTimer;
  let starting = null;
  let queue = Promise.resolve();
  let languagePending = false;
  const seen = new Set();
  const outgoing = new Map();
  let ui;

  // ---- storage (sessionStorage only: it dies with the tab) ----
  function load() {
    try {
      return JSON.parse(sessionStorage.getItem(STORE) || 'null');
    } catch (e) {
      return null;
    }
  }
  function save() {
    if (exited) return; // a late reply must not write anything back after a quick exit
    try {
      sessionStorage.setItem(STORE, JSON.stringify(session));
    } catch (e) { /* private mode: the chat still works, it just will not survive a reload */ }
  }
  function forget() {
    try {
      Object.keys(sessionStorage).filter((key) => key.indexOf('hlw:') === 0).forEach((key) => sessionStorage.removeItem(key));
    } catch (e) { /* nothing stored */ }
  }

  // ---- HTTP ----
  function randomId() {
    const bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => (b + 256).toString(16).slice(1)).join('');
  }
  async function request(method, url, body, token) {
    const abort = typeof AbortController === 'function' ? new AbortController() : null;
    const timer = abort && setTimeout(() => abort.abort(), 20000);
    const headers = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers.Authorization = 'Bearer ' + token;
    try {
      const response = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        cache: token ? 'no-store' : 'default',
        signal: abort ? abort.signal : undefined,
      });
      if (!response.ok) {
        const error = new Error(method + ' ' + url + ': HTTP ' + response.status);
        error.status = response.status;
        throw error;
      }
      return response.status === 204 ? {} : await response.json();
    } finally {
      clearTimeout(timer);
    }
  }
  const directLine = (method, path, body) => request(method, DIRECT_LINE + path, body, session.token);
  const conversationPath = () => '/conversations/' + encodeURIComponent(session.conversationId);
  const watermarkQuery = () => (session.watermark != null ? '?watermark=' + encodeURIComponent(session.watermark) : '');
  const isGone = (error) => error.status === 401 || error.status === 403 || error.status === 404;
  const backoff = (n) => Math.min(30000, 1000 * 2 ** n) * (0.5 + Math.random() / 2);

  // ---- language and strings ----
  function matchLanguage(tag) {
    if (!tag) return undefined;
    const codes = config.languages.map((l) => l.code);
    const wanted = String(tag).toLowerCase();
    const base = wanted.split('-')[0];
    return codes.find((c) => c.toLowerCase() === wanted) || codes.find((c) => c.toLowerCase() === (ALIASES[base] || base));
  }
  /**
   * The language kept from earlier in this tab, unless the page's own language changed since
   * (the worker followed a language link); then data-lang, <html lang>, the browser, the default.
   */
  function pickLanguage() {
    const page = matchLanguage(data.lang !== 'auto' && data.lang) || matchLanguage(document.documentElement.lang);
    const kept = (!page || page === session.pageLang) && matchLanguage(session.lang);
    session.pageLang = page;
    if (kept) return kept;
    const hints = [page].concat(navigator.languages || [navigator.language]);
    for (const hint of hints) {
      const code = matchLanguage(hint);
      if (code) return code;
    }
    return matchLanguage(config.defaultLanguage) || (config.languages[0] || {}).code || 'en';
  }
  function directionOf(code) {
    const entry = config.languages.find((l) => l.code === code);
    return entry && entry.dir ? entry.dir : RTL.test(code) ? 'rtl' : 'ltr';
  }
  async function loadStrings(code) {
    if (!stringsByLang[code]) stringsByLang[code] = await request('GET', HOTLINE + '/api/webchat/strings/' + encodeURIComponent(code));
    return stringsByLang[code];
  }
  function t(key, values) {
    const text = (stringsByLang[lang] || {})[key];
    return typeof text === 'string' ? text.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name) => (values && name in values ? values[name] : m)) : '';
  }
  function render(el) {
    const key = el.getAttribute('data-hlw-t');
    const attr = el.getAttribute('data-hlw-a');
    if (attr) el.setAttribute(attr, t(key));
    else el.textContent = t(key);
  }
  /** Shows string `key` in `el` (as text, or as attribute `attr`) and marks it, so a language change redoes it. */
  function say(el, key, attr) {
    el.setAttribute('data-hlw-t', key);
    if (attr) el.setAttribute('data-hlw-a', attr);
    render(el);
    return el;
  }
  function applyStrings() {
    const dir = directionOf(lang);
    [ui.root, ui.panel].forEach((el) => {
      el.lang = lang;
      el.dir = dir;
    });
    ui.root.querySelectorAll('[data-hlw-t],[data-hlw-l]').forEach((el) => {
      if (el.hasAttribute('data-hlw-l')) {
        el.lang = lang;
        el.dir = dir;
      }
      if (el.hasAttribute('data-hlw-t')) render(el);
    });
    updateInput();
  }

  // ---- DOM ----
  function h(tag, props, children) {
    const el = document.createElement(tag);
    Object.keys(props || {}).forEach((name) => {
      const value = props[name];
      if (value == null || value === false) return;
      if (name === 'text') el.textContent = value;
      else if (name.slice(0, 2) === 'on') el.addEventListener(name.slice(2), value);
      else el.setAttribute(name, value === true ? '' : value);
    });
    (children || []).forEach((child) => child && el.appendChild(child));
    return el;
  }
  function icon(d) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', d);
    svg.appendChild(path);
    return svg;
  }

  // Sizes in rem, so the panel grows with the worker's text size; a Noto face for every script workers write in.
  const CSS = `
.hlw-root,.hlw-root *{box-sizing:border-box;margin:0;padding:0;border:0;font:inherit;color:inherit;letter-spacing:normal;text-transform:none;text-align:start;float:none;max-width:none;min-width:0;box-shadow:none;list-style:none}
.hlw-root{font:1rem/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic","Noto Naskh Arabic","Noto Nastaliq Urdu","Noto Sans Devanagari","Noto Sans Bengali","Noto Sans Tamil","Noto Sans Telugu","Noto Sans Malayalam","Noto Sans Sinhala","Noto Sans Ethiopic",sans-serif;color:#111;position:fixed;z-index:2147483000;bottom:1rem;right:1rem}
.hlw-root :lang(ur){font-family:"Noto Nastaliq Urdu","Noto Naskh Arabic","Noto Sans Arabic",system-ui,sans-serif;line-height:2.2}
.hlw-root [lang=""]{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic","Noto Naskh Arabic","Noto Sans Devanagari","Noto Sans Bengali","Noto Sans Tamil","Noto Sans Telugu","Noto Sans Malayalam","Noto Sans Sinhala","Noto Sans Ethiopic",sans-serif;line-height:1.45}
.hlw-root[data-position=left]{right:auto;left:1rem}
.hlw-root [hidden]{display:none!important}
.hlw-sr{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.hlw-root button,.hlw-root select{cursor:pointer;min-height:2.75rem;border-radius:.5rem}
.hlw-root :focus{outline:.1875rem solid #fd0;outline-offset:0;box-shadow:0 0 0 .375rem #111}
.hlw-root :focus:not(:focus-visible){outline:0;box-shadow:none}
.hlw-launcher{display:flex;align-items:center;gap:.5rem;padding:.625rem 1.125rem;background:#0a5c66;color:#fff;border-radius:1.75rem!important;font-weight:600;box-shadow:0 .125rem .5rem rgba(0,0,0,.3)}
.hlw-launcher svg{width:1.5rem;height:1.5rem;fill:currentColor}
.hlw-dot{width:.75rem;height:.75rem;border-radius:50%;background:#fd0;border:.125rem solid #111}
.hlw-panel{position:fixed;bottom:5.5rem;right:1rem;width:23.75rem;max-width:calc(100vw - 2rem);height:37.5rem;max-height:calc(100vh - 6.5rem);display:flex;flex-direction:column;background:#fff;border-radius:.75rem;overflow:hidden;box-shadow:0 .25rem 1.5rem rgba(0,0,0,.35)}
.hlw-root[data-position=left] .hlw-panel{right:auto;left:1rem}
.hlw-head{background:#0a5c66;color:#fff;padding:.5rem .625rem;display:flex;flex-direction:column;gap:.375rem}
.hlw-row{display:flex;align-items:center;gap:.5rem;flex-wrap:wrap}
.hlw-title{flex:1 1 8rem;font-weight:700;font-size:1.0625rem;line-height:1.2;overflow-wrap:anywhere}
.hlw-title small{display:block;font-weight:400;font-size:.875rem}
.hlw-tools{display:flex;align-items:center;gap:.5rem;margin-inline-start:auto}
.hlw-exit{background:#b3261e;color:#fff;border:.125rem solid #fff;padding:0 .75rem;font-weight:700}
.hlw-close{background:transparent;color:#fff;width:2.75rem;display:flex;align-items:center;justify-content:center}
.hlw-close svg{width:1.5rem;height:1.5rem;fill:currentColor}
.hlw-head label{font-size:.875rem}
.hlw-head select{background:#fff;color:#111;padding:0 .5rem;min-height:2.25rem;font-size:1rem;max-width:100%}
.hlw-log{flex:1;overflow-y:auto;padding:.75rem;display:flex;flex-direction:column;gap:.5rem;background:#f6f8f8;overscroll-behavior:contain}
.hlw-msg,.hlw-greet{max-width:85%;padding:.5rem .75rem;border-radius:.75rem;white-space:pre-wrap;overflow-wrap:anywhere}
.hlw-bot,.hlw-greet{align-self:flex-start;background:#fff;border:1px solid #c9d3d5}
.hlw-greet p+p{margin-top:.375rem;font-size:.875rem;color:#333}
.hlw-sos{margin-top:.5rem;padding-top:.375rem;border-top:1px solid #e8c4c1;white-space:normal}
.hlw-sos p{font-weight:700;color:#8c1d18;font-size:.9375rem}
.hlw-sos li{display:flex;flex-wrap:wrap;align-items:center;column-gap:.5rem}
.hlw-sos a{display:inline-flex;align-items:center;min-height:2.75rem;font-size:1.125rem;font-weight:700;color:#8c1d18}
.hlw-user{align-self:flex-end;background:#0a5c66;color:#fff}
.hlw-meta{display:block;font-size:.8125rem;margin-top:.125rem;opacity:.9}
.hlw-failed{background:#fff;color:#b3261e;border:.125rem solid #b3261e}
.hlw-retry{display:inline-block;margin-inline-start:.5rem;padding:0 .625rem;background:#b3261e;color:#fff;font-weight:600}
.hlw-actions{display:flex;flex-wrap:wrap;gap:.375rem;margin-top:.5rem}
.hlw-action{background:#e6f0f1;color:#06454d;border:1px solid #0a5c66;padding:.375rem .75rem;text-align:start}
.hlw-status,.hlw-typing{font-size:.875rem;color:#333;padding:0 .75rem}
.hlw-form{display:flex;gap:.5rem;padding:.5rem;border-top:1px solid #c9d3d5;align-items:flex-end;flex-wrap:wrap}
.hlw-form textarea{flex:1 1 10rem;resize:none;border:1px solid #667;border-radius:.5rem;padding:.625rem;min-height:2.75rem;max-height:8.75rem;background:#fff;color:#111;font-size:1rem}
.hlw-send{background:#0a5c66;color:#fff;padding:0 1rem;font-weight:600}
.hlw-send:disabled{background:#8a9a9c;cursor:default}
.hlw-count{flex-basis:100%;font-size:.8125rem;color:#333}
@media (max-width:480px){.hlw-panel{top:0;left:0!important;right:0!important;bottom:0;width:auto;max-width:none;height:auto;max-height:none;border-radius:0}}
@media (prefers-reduced-motion:no-preference){.hlw-panel{animation:hlw-in .18s ease-out}@keyframes hlw-in{from{opacity:0;transform:translateY(.75rem)}}}
@media (forced-colors:active){.hlw-root button,.hlw-msg,.hlw-greet{border:1px solid}}`;

  /**
   * The numbers to call in danger, from the hotline's configuration, at the top of the
   * conversation: full screen on a phone, the panel hides the page's own.
   */
  function emergencyNumbers() {
    const contacts = (Array.isArray(config.emergency) ? config.emergency : [])
      .filter((c) => c && /^[A-Za-z][A-Za-z0-9]{0,40}$/.test(c.id) && /^\+?[0-9][0-9 ]{0,24}$/.test(c.number));
    if (!contacts.length) return null;
    return h('div', { class: 'hlw-sos', role: 'group', 'aria-labelledby': 'hlw-sos-title', 'data-testid': 'hlw-emergency' }, [
      say(h('p', { id: 'hlw-sos-title' }), 'emergencyHeading'),
      h('ul', {}, contacts.map((c) => {
        const dial = c.number.replace(/[^\d+]/g, '');
        return h('li', {}, [
          h('a', { href: 'tel:' + dial, dir: 'ltr', 'data-testid': 'hlw-emergency-number', 'aria-describedby': 'hlw-sos-' + c.id, text: c.number }),
          say(h('span', { id: 'hlw-sos-' + c.id }), 'contact.' + c.id),
        ]);
      })),
    ]);
  }

  function build() {
    const style = h('style', { id: 'hlw-style', text: CSS });
    document.head.appendChild(style);
    const select = h('select', { id: 'hlw-lang-select', 'data-testid': 'hlw-lang', onchange: () => changeLanguage(select.value) },
      config.languages.map((l) => h('option', { value: l.code, lang: l.code, dir: l.dir, text: l.name })));
    const input = h('textarea', {
      id: 'hlw-input', 'data-testid': 'hlw-input', rows: 1, maxlength: MAX_CHARS, enterkeyhint: 'send', 'aria-describedby': 'hlw-count',
      oninput: updateInput, onkeydown: onInputKey,
    });
    const send = h('button', { type: 'submit', class: 'hlw-send', 'data-testid': 'hlw-send', disabled: true });
    const launcher = h('button', {
      type: 'button', class: 'hlw-launcher', 'data-testid': 'hlw-launcher', 'aria-expanded': 'false', 'aria-controls': 'hlw-panel',
      onclick: () => (ui.panel.hidden ? openPanel(true) : closePanel(true)),
    }, [icon('M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z')]);
    const launcherText = say(h('span'), 'launcher');
    const dot = h('span', { class: 'hlw-dot', hidden: true }, [say(h('span', { class: 'hlw-sr' }), 'unread')]);
    launcher.append(launcherText, dot);
    const log = h('div', { class: 'hlw-log', role: 'log', tabindex: 0, 'aria-live': 'polite', 'aria-relevant': 'additions', 'data-testid': 'hlw-log' }, [
      h('div', { class: 'hlw-greet', 'data-testid': 'hlw-greeting' }, [say(h('p'), 'greeting'), say(h('p'), 'privacy'), emergencyNumbers()]),
    ]);
    say(log, 'log', 'aria-label');
    const panel = h('div', {
      id: 'hlw-panel', class: 'hlw-panel', role: 'dialog', 'aria-labelledby': 'hlw-title', 'data-testid': 'hlw-panel', hidden: true,
      onkeydown: onPanelKey,
    }, [
      h('div', { class: 'hlw-head' }, [
        h('div', { class: 'hlw-row', 'data-testid': 'hlw-head-row' }, [
          h('h2', { id: 'hlw-title', class: 'hlw-title' }, [say(h('span'), 'title'), say(h('small'), 'subtitle')]),
          h('div', { class: 'hlw-tools' }, [
            say(h('button', { type: 'button', class: 'hlw-exit', 'data-testid': 'hlw-exit', 'aria-describedby': 'hlw-exit-hint', onclick: quickExit }), 'quickExit'),
            say(h('button', { type: 'button', class: 'hlw-close', 'data-testid': 'hlw-close', onclick: () => closePanel(true) }, [icon('M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z')]), 'close', 'aria-label'),
          ]),
        ]),
        h('div', { class: 'hlw-row' }, [say(h('label', { for: 'hlw-lang-select' }), 'language'), select]),
        say(h('span', { id: 'hlw-exit-hint', class: 'hlw-sr' }), 'quickExitHint'),
      ]),
      log,
      say(h('div', { class: 'hlw-typing', 'aria-hidden': 'true', hidden: true }), 'typing'),
      h('div', { class: 'hlw-status', role: 'status' }),
      h('form', { class: 'hlw-form', onsubmit: onSubmit }, [
        say(h('label', { for: 'hlw-input', class: 'hlw-sr' }), 'input'),
        say(input, 'placeholder', 'placeholder'),
        say(send, 'send'),
        h('div', { id: 'hlw-count', class: 'hlw-count' }),
      ]),
    ]);
    const root = h('div', { id: 'hlw-root', class: 'hlw-root', 'data-position': data.position === 'left' ? 'left' : 'right' }, [launcher, panel]);
    ui = {
      root, style, panel, launcher, dot, log, select, input, send,
      status: panel.querySelector('.hlw-status'), typing: panel.querySelector('.hlw-typing'), count: panel.querySelector('.hlw-count'),
    };
    select.value = lang;
    applyStrings();
    document.body.appendChild(root);

    document.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape') return;
      if (event.shiftKey) return quickExit();
      // Escape closes the open panel from inside it, or when the focus has fallen to the page's <body>.
      const at = document.activeElement;
      if (!ui.panel.hidden && (!at || at === document.body || ui.root.contains(at))) {
        event.preventDefault();
        closePanel(true);
      }
    });
    narrow.addEventListener('change', () => {
      fit();
      updateBackdrop();
    });
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden && polling && Date.now() - lastPoll >= POLL_MS) poll();
    });
    window.addEventListener('online', () => {
      if (session.conversationId && !socket && !polling && !reconnecting) {
        clearTimeout(reconnectTimer);
        reconnect();
      }
    });
    // On phones the on-screen keyboard shrinks only the visual viewport: keep the input above it.
    const viewport = window.visualViewport;
    const fit = () => {
      const on = viewport && narrow.matches && !panel.hidden;
      panel.style.top = on ? viewport.offsetTop + 'px' : '';
      panel.style.height = on ? viewport.height + 'px' : '';
      panel.style.bottom = on ? 'auto' : '';
    };
    if (viewport) {
      viewport.addEventListener('resize', fit);
      viewport.addEventListener('scroll', fit);
    }
    ui.fit = fit;
  }

  const narrow = window.matchMedia('(max-width:480px)');
  function onPanelKey(event) {
    if (event.key === 'Tab' && narrow.matches) {
      // Full screen on a phone: keep Tab inside the panel, as the page behind cannot be seen.
      const items = Array.from(ui.panel.querySelectorAll('button,select,textarea,[tabindex]')).filter((el) => !el.disabled && el.offsetParent);
      const edge = items[event.shiftKey ? 0 : items.length - 1];
      if (document.activeElement === edge) {
        event.preventDefault();
        items[event.shiftKey ? items.length - 1 : 0].focus();
      }
    }
  }
  /** Page elements this widget made inert (never those the page made inert itself). */
  const madeInert = [];
  /**
   * Full screen on a phone, the panel is modal: the page behind it, and the chat button under
   * it, are inert, so neither Tab nor a screen reader reaches what cannot be seen.
   */
  function updateBackdrop() {
    const full = narrow.matches && !ui.panel.hidden;
    if (full) ui.panel.setAttribute('aria-modal', 'true');
    else ui.panel.removeAttribute('aria-modal');
    ui.launcher.inert = full;
    if (full && !madeInert.length) {
      Array.from(document.body.children).forEach((el) => {
        if (el === ui.root || el.inert || /^(SCRIPT|STYLE|TEMPLATE|NOSCRIPT)$/.test(el.tagName)) return;
        el.inert = true;
        madeInert.push(el);
      });
    } else if (!full) {
      madeInert.splice(0).forEach((el) => (el.inert = false));
    }
  }
  function openPanel(focus) {
    ui.panel.hidden = false;
    ui.launcher.setAttribute('aria-expanded', 'true');
    ui.dot.hidden = true;
    ui.fit();
    updateBackdrop();
    session.open = true;
    save();
    scrollDown();
    if (focus) ui.input.focus();
  }
  function closePanel(focus) {
    ui.panel.hidden = true;
    ui.launcher.setAttribute('aria-expanded', 'false');
    updateBackdrop();
    session.open = false;
    save();
    if (focus) ui.launcher.focus();
  }
  function setStatus(key) {
    say(ui.status, key);
  }
  function scrollDown() {
    ui.log.scrollTop = ui.log.scrollHeight;
  }
  function clearActions() {
    ui.log.querySelectorAll('.hlw-actions').forEach((el) => el.remove());
  }
  function showTyping() {
    ui.typing.hidden = false;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => (ui.typing.hidden = true), 8000);
  }

  function addMessage(from, text, language, dir) {
    clearActions();
    const el = h('div', { class: 'hlw-msg hlw-' + from, 'data-testid': 'hlw-msg', 'data-from': from, dir }, [
      say(h('span', { class: 'hlw-sr', lang, dir: directionOf(lang), 'data-hlw-l': true }), from === 'bot' ? 'hotline' : 'you'),
      h('span', { class: 'hlw-text', text: text || '' }),
    ]);
    el.setAttribute('lang', language || ''); // h() drops empty values; an empty lang is meant
    ui.log.appendChild(el);
    scrollDown();
    return el;
  }
  function showBot(activity, restoring) {
    ui.typing.hidden = true;
    const channelData = activity.channelData || {};
    const language = activity.locale || lang;
    const dir = channelData.textDirection === 'rtl' || channelData.textDirection === 'ltr'
      ? channelData.textDirection
      : RTL.test(language) ? 'rtl' : 'ltr';
    const actions = ((activity.suggestedActions || {}).actions || [])
      .filter((a) => /^(imBack|postBack|messageBack)$/.test(a.type) && /^(string|number)$/.test(typeof (a.value != null ? a.value : a.title)));
    if (!activity.text && !actions.length) return; // cards and attachments are not shown
    const el = addMessage('bot', activity.text, language, dir);
    // A guess ("hello" on an Arabic page) is the bot's question, not the worker's answer: follow only a confirmed language.
    if (!restoring && channelData.languageConfirmed === true) followLanguage(String(language).split('-')[0]);
    if (actions.length) {
      const group = say(h('div', { class: 'hlw-actions', role: 'group' }), 'choices', 'aria-label');
      actions.forEach((action) => group.appendChild(h('button', {
        type: 'button', class: 'hlw-action', 'data-testid': 'hlw-action', text: action.title || String(action.value),
        onclick: () => {
          // The button goes with the answer: the message box takes the focus first, so it never falls to <body>.
          ui.input.focus();
          send(String(action.value != null ? action.value : action.title));
        },
      })));
      el.appendChild(group);
    }
    if (!restoring && ui.panel.hidden) ui.dot.hidden = false;
    scrollDown();
  }
  function setState(entry, state) {
    entry.state = state;
    const meta = entry.meta;
    meta.textContent = '';
    meta.setAttribute('aria-hidden', state === 'failed' ? 'false' : 'true');
    entry.el.classList.toggle('hlw-failed', state === 'failed');
    meta.appendChild(say(h('span'), state));
    if (state === 'failed') {
      meta.appendChild(say(h('button', {
        type: 'button', class: 'hlw-retry',
        onclick: () => {
          setState(entry, 'sending');
          enqueue(() => post(entry));
        },
      }), 'retry'));
    }
  }

  // ---- receiving ----
  function receive(set, restoring) {
    ((set && set.activities) || []).forEach((activity) => show(activity, restoring));
    if (set && set.watermark != null) {
      session.watermark = String(set.watermark);
      save();
    }
  }
  function show(activity, restoring) {
    if (!activity || exited) return;
    if (activity.id) {
      if (seen.has(activity.id)) return;
      seen.add(activity.id);
    }
    const mine = !!activity.from && (activity.from.role === 'user' || activity.from.id === session.userId);
    if (activity.type === 'typing' && !mine && !restoring) return showTyping();
    if (activity.type !== 'message') return;
    if (!mine) return showBot(activity, restoring);
    const clientId = (activity.channelData || {}).clientActivityID;
    const entry = clientId && outgoing.get(clientId);
    if (entry) {
      if (entry.state !== 'sent') setState(entry, 'sent');
    } else {
      addMessage('user', activity.text, '', 'auto');
    }
  }

  // ---- sending ----
  function enqueue(job) {
    queue = queue.then(job, job);
    return queue;
  }
  function send(text) {
    text = String(text).slice(0, MAX_CHARS);
    if (!text.trim() || exited) return;
    const id = randomId();
    // Whatever language the worker wrote in, it is not necessarily the interface's: lang="" (unknown) for screen readers.
    const el = addMessage('user', text, '', 'auto');
    const meta = h('span', { class: 'hlw-meta', lang, dir: directionOf(lang), 'data-hlw-l': true });
    el.appendChild(meta);
    const entry = { id, text, el, meta, lang };
    outgoing.set(id, entry);
    setState(entry, 'sending');
    enqueue(() => post(entry));
  }
  async function post(entry) {
    try {
      await ensureConversation();
      if (languagePending) await postLanguage();
      await directLine('POST', conversationPath() + '/activities', {
        type: 'message', from: { id: session.userId }, text: entry.text, locale: entry.lang, channelData: { clientActivityID: entry.id },
      });
      if (entry.state !== 'sent') setState(entry, 'sent');
    } catch (error) {
      if (entry.state === 'sent') return; // its echo came back: the hotline has it
      if (isGone(error) && session.conversationId) endConversation();
      if (error.status === 429) setStatus('busy');
      setState(entry, 'failed');
    }
  }
  /** Tells the bot the worker's language; stays pending (sent before the next message) if it fails. */
  async function postLanguage() {
    languagePending = false;
    try {
      await directLine('POST', conversationPath() + '/activities', { type: 'event', name: 'setLanguage', value: lang, from: { id: session.userId } });
    } catch (error) {
      languagePending = true;
      throw error;
    }
  }
  const tellLanguage = () => enqueue(() => postLanguage().catch(() => undefined));
  /** The bot settled on a language (detected from what the worker wrote): the widget's own words follow. */
  async function followLanguage(code) {
    if (code === lang || !config.languages.some((l) => l.code === code)) return;
    try {
      await loadStrings(code);
    } catch (e) {
      return;
    }
    lang = code;
    session.lang = code;
    save();
    applyStrings();
    ui.select.value = code;
  }
  async function changeLanguage(code) {
    try {
      await loadStrings(code);
    } catch (e) {
      ui.select.value = lang;
      return;
    }
    lang = code;
    session.lang = code;
    save();
    applyStrings();
    languagePending = true;
    if (session.conversationId) tellLanguage();
  }

  // ---- the conversation ----
  function setToken(reply) {
    if (reply.token) session.token = reply.token;
    if (reply.conversationId) session.conversationId = reply.conversationId;
    if (reply.expires_in) session.expiresAt = Date.now() + reply.expires_in * 1000;
    save();
    scheduleRefresh();
  }
  /** Forgets the conversation and its token, keeping only the worker's preferences. */
  function resetSession() {
    session = { lang, open: session.open, pageLang: session.pageLang };
    save();
  }
  function ensureConversation() {
    if (session.conversationId) return Promise.resolve();
    if (!starting) starting = start().finally(() => (starting = null));
    return starting;
  }
  async function start() {
    setStatus('connecting');
    try {
      const token = await request('POST', HOTLINE + '/api/webchat/token');
      // The server chooses the user id (a client-chosen one could claim another worker's data).
      session = { lang, open: session.open, pageLang: session.pageLang, userId: token.userId || 'dl_' + randomId(), watermark: null };
      setToken(token);
      const conversation = await directLine('POST', '/conversations');
      setToken(conversation);
      setStatus('');
      attempt = 0;
      connect(conversation.streamUrl);
    } catch (error) {
      resetSession();
      setStatus(error.status === 429 ? 'busy' : '');
      throw error;
    }
  }
  /** After a reload: the same conversation, its transcript shown again, then the stream from the watermark. */
  async function resume() {
    if (!session.conversationId || exited) return;
    if (!(session.expiresAt > Date.now() + 5000)) return resetSession();
    setStatus('connecting');
    try {
      setToken(await directLine('POST', '/tokens/refresh'));
      receive(await directLine('GET', conversationPath() + '/activities'), true);
      reconnect();
      if (languagePending) tellLanguage();
    } catch (error) {
      if (isGone(error)) {
        resetSession();
        setStatus('');
      } else {
        setStatus('reconnecting');
        reconnectTimer = setTimeout(resume, backoff(attempt++));
      }
    }
  }
  function scheduleRefresh() {
    clearTimeout(refreshTimer);
    if (!session.conversationId || !session.expiresAt) return;
    const left = session.expiresAt - Date.now();
    if (left <= 0) return endConversation();
    refreshTimer = setTimeout(refresh, Math.max(5000, left / 2));
  }
  async function refresh() {
    try {
      setToken(await directLine('POST', '/tokens/refresh'));
    } catch (error) {
      if (isGone(error)) endConversation();
      else refreshTimer = setTimeout(refresh, 30000);
    }
  }
  function stopConnection() {
    if (socket) {
      socket.onclose = null;
      try {
        socket.close();
      } catch (e) { /* already closed */ }
      socket = null;
    }
    [pollTimer, refreshTimer, reconnectTimer, typingTimer].forEach(clearTimeout);
    polling = false;
  }
  /** The token or the conversation is gone: the next message starts a new conversation. */
  function endConversation() {
    stopConnection();
    resetSession();
    setStatus('ended');
  }

  function connect(streamUrl) {
    if (exited || !session.conversationId) return;
    if (polling || !streamUrl || typeof WebSocket !== 'function') return startPolling();
    let opened = false;
    let ws;
    try {
      ws = new WebSocket(new URL(streamUrl, HOTLINE.replace(/^http/, 'ws') + '/').href);
    } catch (e) {
      return startPolling();
    }
    socket = ws;
    ws.onopen = () => {
      opened = true;
      attempt = 0;
      socketFailures = 0;
      setStatus('');
    };
    ws.onmessage = (event) => {
      if (typeof event.data !== 'string' || !event.data.trim()) return; // keep-alive
      let set;
      try {
        set = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      receive(set);
    };
    ws.onclose = () => {
      socket = null;
      if (exited || !session.conversationId) return;
      if (!opened && ++socketFailures >= 3) return startPolling(); // a proxy that blocks WebSockets
      setStatus('reconnecting');
      reconnectTimer = setTimeout(reconnect, backoff(attempt++));
    };
  }
  async function reconnect() {
    if (exited || !session.conversationId || socket || reconnecting) return;
    reconnecting = true;
    try {
      const conversation = await directLine('GET', conversationPath() + watermarkQuery());
      setToken(conversation);
      connect(conversation.streamUrl);
    } catch (error) {
      if (isGone(error)) endConversation();
      else {
        setStatus('reconnecting');
        reconnectTimer = setTimeout(reconnect, backoff(attempt++));
      }
    } finally {
      reconnecting = false;
    }
  }
  function startPolling() {
    polling = true;
    poll();
  }
  async function poll() {
    clearTimeout(pollTimer);
    if (exited || !session.conversationId) return;
    lastPoll = Date.now();
    try {
      receive(await directLine('GET', conversationPath() + '/activities' + watermarkQuery()));
      if (ui.status.getAttribute('data-hlw-t') === 'reconnecting') setStatus('');
    } catch (error) {
      if (isGone(error)) return endConversation();
      setStatus('reconnecting');
    }
    if (polling) pollTimer = setTimeout(poll, document.hidden ? POLL_HIDDEN_MS : POLL_MS);
  }

  // ---- input ----
  function updateInput() {
    const input = ui.input;
    const left = MAX_CHARS - input.value.length;
    ui.send.disabled = !input.value.trim();
    ui.count.textContent = left <= COUNTER_FROM ? t('charactersLeft', { count: left }) : '';
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight + 2, parseFloat(getComputedStyle(input).maxHeight) || 140) + 'px';
  }
  function onInputKey(event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      onSubmit(event);
    }
  }
  function onSubmit(event) {
    event.preventDefault();
    if (!ui.input.value.trim()) return;
    send(ui.input.value);
    ui.input.value = '';
    updateInput();
    ui.input.focus();
  }

  // ---- quick exit ----
  /** Leaves at once: no socket, nothing stored, no panel, and Back does not come back here. */
  function quickExit() {
    exited = true;
    stopConnection();
    forget();
    let target = config && config.quickExitUrl;
    if (!/^https?:\/\//i.test(target || '')) target = 'about:blank';
    if (ui) {
      madeInert.splice(0).forEach((el) => (el.inert = false));
      ui.root.remove();
      ui.style.remove();
    }
    document.documentElement.style.display = 'none'; // blank at once while the next page loads on a slow line
    try {
      history.replaceState(null, '', '/');
    } catch (e) { /* the page forbids it; location.replace still replaces this entry */ }
    location.replace(target);
  }

  async function init() {
    try {
      config = await request('GET', HOTLINE + '/api/webchat/config');
      if (!config || !Array.isArray(config.languages) || !config.languages.length) return;
      lang = pickLanguage();
      try {
        await loadStrings(lang);
      } catch (e) {
        lang = matchLanguage(config.defaultLanguage) || 'en';
        await loadStrings(lang);
      }
      languagePending = !!session.lang && session.lang !== lang; // the page's language changed: tell the bot
      session.lang = lang;
    } catch (e) {
      return; // the hotline cannot be reached: show nothing rather than a chat that cannot work
    }
    build();
    if (session.open === true || (session.open == null && data.open === 'true')) openPanel(false);
    resume();
  }

  if (document.body) init();
  else document.addEventListener('DOMContentLoaded', init);
})();
