// The console API client: JSON over fetch to /console/api on our own origin,
// the session cookie, the X-CSRF-Token header on every POST (refreshed once
// from /me when the server rejects it), a timeout, and typed errors.
import { state } from './state.js';

export const API = '/console/api';
const REQUEST_TIMEOUT_MS = 20000;

/** Called when the server says the session has ended (a 401 outside login). */
let sessionEnded = () => {};
export function onSessionEnded(handler) {
  sessionEnded = handler;
}

export function httpError(status, body, response) {
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
export async function api(method, path, body, retried) {
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
    if (state.user) sessionEnded('login.sessionEnded');
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
export const handoffPath = (id, action) => '/handoffs/' + encodeURIComponent(id) + '/' + action;
