// Review before deployment (admins): every fact of the country profile still
// marked "verify" (what to check, and its sources) and each locale's
// translation status. Text the deployer wrote in English stays marked so.
import { api } from './api.js';
import { clear, h, say, showApiError } from './dom.js';
import { isAdmin, state, ui } from './state.js';
import { has, languageName } from './strings.js';

let review = null;
/** `idle`, `loading`, `loaded` or `failed`. */
let reviewState = 'idle';

export function buildReview() {
  const reviewHeading = say(h('h2', { id: 'cw-review-heading', tabindex: '-1' }), 'review.heading');
  const reviewBody = h('div', { class: 'cw-review-body', 'data-testid': 'cw-review-body' });
  const reviewView = h('main', { class: 'cw-page', id: 'cw-review-view', hidden: true, 'aria-labelledby': 'cw-review-heading' }, [
    h('div', { class: 'cw-page-inner' }, [reviewHeading, say(h('p', { class: 'cw-muted' }), 'review.intro'), reviewBody]),
  ]);
  Object.assign(ui, { reviewView, reviewHeading, reviewBody });
  return reviewView;
}
/** The section is shown: the review is read unless it has come. */
export function showReview() {
  if (reviewState !== 'loaded') loadReview();
}
/** Signing out: the review leaves the page. */
export function resetReview() {
  review = null;
  reviewState = 'idle';
  clear(ui.reviewBody);
}
async function loadReview() {
  if (!isAdmin() || reviewState === 'loading') return;
  reviewState = 'loading';
  renderReview();
  try {
    const data = await api('GET', '/review');
    if (!state.user) return;
    review = data;
    reviewState = 'loaded';
  } catch (error) {
    if (!state.user) return;
    reviewState = 'failed';
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
export function renderReview() {
  const body = ui.reviewBody;
  clear(body);
  if (reviewState === 'idle') return;
  if (reviewState === 'loading') {
    body.appendChild(say(h('p', { class: 'cw-muted', role: 'status' }), 'review.loading'));
    return;
  }
  const data = review;
  if (reviewState === 'failed' || !data || !data.profile) {
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
