// The interface's words and direction: the strings of the chosen language
// (GET /console/api/strings/{lng}), `t(key, values)`, right to left for
// Arabic, names of languages and codes, and dates and times in Latin digits.
import { api, httpError } from './api.js';
import { state, stored, STORE } from './state.js';

/** The interface languages (the strings route serves these). */
export const LANGUAGES = ['en', 'ar'];
const RTL = /^(ar|ur|fa|ps|sd|ug|he|yi|ckb|dv)(-|$)/i;

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
export const has = (key) => lookup(state.strings[state.lang] || {}, key) !== undefined;
/**
 * The text of `key` in the interface language, `{{name}}` filled from `values`; the key itself when missing.
 * In a right-to-left interface each text value is bidi-isolated (FSI…PDI), so a Latin name or case
 * number keeps its punctuation in place inside Arabic; numbers are left as they are.
 */
export function t(key, values) {
  const text = lookup(state.strings[state.lang] || {}, key);
  if (text === undefined) return key;
  const isolate = directionOf(state.lang) === 'rtl';
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name) => {
    if (!values || values[name] == null) return m;
    return isolate && typeof values[name] === 'string' ? '\u2068' + values[name] + '\u2069' : String(values[name]);
  });
}
/** "a, b, c" in the interface language's way (Arabic uses "،"). */
export function joinList(items) {
  try {
    return new Intl.ListFormat(state.lang, { style: 'short', type: 'unit' }).format(items);
  } catch (e) {
    return items.join(', ');
  }
}
/** A code's label from a group of strings (`reasons.notSafeNow`), or the code itself when the console does not know it. */
export function label(group, code) {
  const key = group + '.' + code;
  return code != null && has(key) ? t(key) : String(code == null ? '' : code);
}
export function languageName(code) {
  if (has('languages.' + code)) return t('languages.' + code);
  try {
    return new Intl.DisplayNames([state.lang], { type: 'language' }).of(code) || code;
  } catch (e) {
    return code;
  }
}
export async function loadStrings(code) {
  if (!state.strings[code]) {
    const data = await api('GET', '/strings/' + encodeURIComponent(code));
    if (!data || typeof data !== 'object') throw httpError(0);
    state.strings[code] = data;
  }
  return state.strings[code];
}
export const directionOf = (code) => (RTL.test(code) ? 'rtl' : 'ltr');
/** The kept choice, else the browser's first language the console speaks, else English. */
export function pickLanguage() {
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
export const locale = () => state.lang + '-u-nu-latn';
export function formatTime(at) {
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
export function formatDateTime(at) {
  const date = new Date(at);
  if (isNaN(date)) return '';
  try {
    return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  } catch (e) {
    return date.toISOString().slice(0, 16).replace('T', ' ');
  }
}
/** mm:ss, or h:mm:ss from an hour on. */
export function formatWaiting(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const pad = (n) => (n < 10 ? '0' : '') + n;
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  return (hours ? hours + ':' + pad(minutes) : pad(minutes)) + ':' + pad(s % 60);
}
