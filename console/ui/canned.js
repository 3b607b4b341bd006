// Prepared answers: the canned responses in the worker's language (English
// when the hotline has none in it), named in the interface language; one
// chosen goes into the message box at the cursor, to edit before sending.
import { api } from './api.js';
import { updateInput } from './chat.js';
import { announce, clear, h, say } from './dom.js';
import { state, ui } from './state.js';
import { has, t } from './strings.js';

/** Canned responses by language: a promise of { language, list }. */
let cache = {};

export function buildCannedRow() {
  const canned = h('select', { id: 'cw-canned', 'data-testid': 'cw-canned', onchange: onCanned });
  const cannedRow = h('div', { class: 'cw-canned', hidden: true }, [say(h('label', { for: 'cw-canned' }), 'canned.label'), canned]);
  Object.assign(ui, { canned, cannedRow });
  return cannedRow;
}
/** Signing out: the next session asks again. */
export function resetCanned() {
  cache = {};
}
/** The canned responses in the worker's language (English when the hotline has none in it). */
function cannedList(language) {
  if (!cache[language]) {
    cache[language] = api('GET', '/canned/' + encodeURIComponent(language))
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
        delete cache[language];
        throw error;
      });
  }
  return cache[language];
}
export async function loadCanned(open) {
  try {
    const canned = await cannedList(open.handoff.language || 'en');
    if (state.open !== open) return;
    open.canned = canned;
    renderCannedOptions();
  } catch (error) {
    // The conversation works without them.
    if (state.open === open) ui.cannedRow.hidden = true;
  }
}
export function renderCannedOptions() {
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
