// Building the page safely: elements from props (text only ever through
// textContent), strings that redraw themselves when the language changes,
// the screen-reader status line, and the one alert region for errors.
import { state, ui } from './state.js';
import { directionOf, formatTime, t } from './strings.js';

export function h(tag, props, children) {
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
export function say(el, key, values, attr) {
  labels.set(el, { key, values, attr });
  el.setAttribute(attr ? 'data-cw-a' : 'data-cw-t', '');
  render(el);
  return el;
}
/** The key of the string `el` shows (through say), if any. */
export const shownKey = (el) => (labels.get(el) || {}).key;
/** Marks an element as written in the interface language (inside text that may be in another). */
export function inUiLanguage(el) {
  el.setAttribute('data-cw-l', '');
  el.lang = state.lang;
  el.dir = directionOf(state.lang);
  return el;
}
/** Redraws every string, direction and time of the page in the interface language. */
export function applyStrings() {
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
export function updateTitle() {
  const waiting = state.user ? state.queue.filter((e) => e.status === 'queued').length : 0;
  document.title = waiting ? t('app.titleWithCount', { count: waiting }) : t('app.title');
}
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
}
/** Empties an element that showed a string, so a language change does not bring the text back. */
export function blank(el) {
  labels.delete(el);
  el.removeAttribute('data-cw-t');
  el.removeAttribute('data-cw-a');
  clear(el);
}
export function cssEscape(value) {
  return window.CSS && CSS.escape ? CSS.escape(value) : String(value).replace(/["\\]/g, '\\$&');
}
export function announce(key, values) {
  // Re-set even the same text, so a screen reader says it again.
  ui.status.textContent = '';
  setTimeout(() => (ui.status.textContent = t(key, values)), 50);
}
export function showError(text) {
  ui.error.textContent = text;
  ui.errorDismiss.hidden = !text;
}
export function clearError() {
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
export function showApiError(error) {
  if (!error.handled) showError(errorText(error));
}
/** The handoff no longer exists or is closed (the worker left, erased their data, or a supervisor closed it). */
export const isGone = (error) => error.status === 404 || error.status === 410;
