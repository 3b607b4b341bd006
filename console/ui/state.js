// What the page knows, shared by every screen: who is signed in, the queue,
// the open conversation, the layout; the elements the screens build (`ui`);
// and the few preferences kept in the browser (never case data).

/** Keys in localStorage (preferences) and, for `open`, sessionStorage (this tab's open handoff). */
export const STORE = { lang: 'cw:lang', filter: 'cw:filter', scope: 'cw:scope', casePanel: 'cw:casePanel', open: 'cw:open' };

export const state = {
  lang: 'en',
  /** Console strings by interface language (GET /strings/{lng}). */
  strings: {},
  user: null,
  csrf: null,
  /** The domain's lists, as the server sends them with the session (models/domain.ts): priorities, statuses, transitions. */
  domain: { priorities: [], statuses: [], transitions: {} },
  queue: [],
  queueLoaded: false,
  queueProblem: false,
  filter: '',
  scope: 'mine',
  unread: new Set(),
  open: null,
  /** `queue` or `conversation`: the panel a narrow screen shows. */
  view: 'queue',
  caseExpanded: true,
  /** `work` (queue and conversation), `cases` (the case list), `training` (practice scenarios), `stats` (supervisors) or `review` (admins). */
  section: 'work',
  /** The case opened from the Cases screen (caseOwner.js), drawn in its own case panel; null when none. */
  caseOpen: null,
  /** A practice conversation just started: open it as soon as the queue lists it. */
  openWhenListed: null,
  /** After a reload: the handoff that was open in this tab, opened again once the queue lists it as ours. */
  restoreOpenId: null,
  /** Handoffs being claimed from this page (so a claim is not taken for a reassignment). */
  claiming: new Set(),
};

/** The page's elements, by name; each screen's build adds its own. */
export const ui = {};

/** The priority if it is one of the domain's, else undefined. */
export function knownPriority(priority) {
  return state.domain.priorities.indexOf(priority) >= 0 ? priority : undefined;
}

export function stored(key, storage) {
  try {
    return (storage || localStorage).getItem(key);
  } catch (e) {
    return null;
  }
}
export function store(key, value, storage) {
  try {
    if (value == null) (storage || localStorage).removeItem(key);
    else (storage || localStorage).setItem(key, String(value));
  } catch (e) { /* private mode: preferences are not kept, nothing else changes */ }
}

export function isSupervisor() {
  const roles = state.user && Array.isArray(state.user.roles) ? state.user.roles : [];
  return roles.indexOf('supervisor') >= 0 || roles.indexOf('admin') >= 0;
}
export function isAdmin() {
  return !!state.user && Array.isArray(state.user.roles) && state.user.roles.indexOf('admin') >= 0;
}
export function userLanguages() {
  return state.user && Array.isArray(state.user.languages) ? state.user.languages.filter((l) => typeof l === 'string') : [];
}
