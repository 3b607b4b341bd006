// The case workers' notes on the case panel (stored encrypted by the
// server), each with who wrote it, and a box to add one.
import { changeCase, focusCaseControl, shownCase } from './case.js';
import { announce, h, inUiLanguage, say, showError } from './dom.js';
import { state } from './state.js';
import { formatDateTime, t } from './strings.js';

function onNoteAdd() {
  const open = shownCase();
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
/** Who wrote a note: you, their name, or (a user the server could not name) another case worker. */
function noteAuthor(note) {
  if (state.user && String(note.by) === String(state.user.id)) return say(h('span'), 'case.noteByYou');
  if (note.byName) return h('span', { class: 'cw-note-by', dir: 'auto', text: String(note.byName) });
  return say(h('span'), 'case.noteByColleague');
}
/** The case workers' notes, and a box to add one. */
export function notesSection(open, c) {
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
