// Statistics (supervisors and admins): anonymised counts of cases between two
// dates, a table per dimension, and the CSV (a plain link: the session
// cookie authenticates it; the server reports small counts as "<5").
import { API, api } from './api.js';
import { answerValue } from './case.js';
import { clear, h, say, showApiError } from './dom.js';
import { isSupervisor, state, ui } from './state.js';
import { has, label, languageName, locale, t } from './strings.js';

const STATS_DIMENSIONS = ['indicator', 'nationality', 'language', 'type', 'status', 'priority', 'channel', 'month'];
let stats = null;
/** `idle`, `loading`, `loaded` or `failed`. */
let statsState = 'idle';
/** The query of the last request: an answer to an older one is dropped. */
let statsQueryAsked = '';

export function buildStats() {
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
  Object.assign(ui, { statsView, statsHeading, statsFrom, statsTo, statsCsv, statsBody });
  return statsView;
}
/** The section is shown: the counts are read the first time. */
export function showStats() {
  if (statsState === 'idle') loadStats();
}
/** Signing out: the counts and the chosen dates leave the page. */
export function resetStats() {
  stats = null;
  statsState = 'idle';
  clear(ui.statsBody);
  ui.statsFrom.value = '';
  ui.statsTo.value = '';
  updateStatsLink();
}
/** yyyy-mm-dd or nothing. */
const dateValue = (input) => (/^\d{4}-\d{2}-\d{2}$/.test(input.value) ? input.value : '');
function statsQuery() {
  const from = dateValue(ui.statsFrom);
  const to = dateValue(ui.statsTo);
  return 'from=' + encodeURIComponent(from) + '&to=' + encodeURIComponent(to);
}
/** The CSV link always carries the chosen dates (a plain link: the session cookie authenticates it). */
function updateStatsLink() {
  ui.statsCsv.setAttribute('href', API + '/stats.csv?' + statsQuery());
}
function onStatsSubmit(event) {
  event.preventDefault();
  updateStatsLink();
  loadStats();
}
async function loadStats() {
  if (!isSupervisor()) return;
  const query = statsQuery();
  statsState = 'loading';
  statsQueryAsked = query;
  renderStats();
  try {
    const data = await api('GET', '/stats?' + query);
    if (!state.user || statsQueryAsked !== query) return;
    stats = data;
    statsState = 'loaded';
  } catch (error) {
    if (!state.user || statsQueryAsked !== query) return;
    statsState = 'failed';
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
export function renderStats() {
  const body = ui.statsBody;
  clear(body);
  if (statsState === 'idle') return;
  if (statsState === 'loading') {
    body.appendChild(say(h('p', { class: 'cw-muted', role: 'status' }), 'stats.loading'));
    return;
  }
  if (statsState === 'failed' || !stats) {
    body.append(say(h('p', { role: 'status' }), 'stats.loadFailed'), ' ',
      say(h('button', { type: 'button', class: 'cw-button', onclick: loadStats }), 'stats.retry'));
    return;
  }
  const data = stats;
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
