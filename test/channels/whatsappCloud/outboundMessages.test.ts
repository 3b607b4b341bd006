// The bot's numbered questions become reply buttons or lists within WhatsApp's
// limits, with the numbered lines taken out of the body when they can be found;
// everything else stays numbered text.
import { ActionTypes, type Activity } from 'botbuilder';
import {
  bodyWithoutOptions,
  buildOutboundMessages,
  ellipsize,
  fitRow,
  splitText,
  WHATSAPP_LIMITS,
  type ListInteractive,
  type ButtonInteractive,
} from '../../../channels/whatsapp-cloud/outboundMessages';

const RLM = '\u200f';

/** A question as QuestionnaireDialog renders it. */
function question(prompt: string, labels: string[], extra: Partial<Activity> = {}): Partial<Activity> {
  return {
    type: 'message',
    text: [prompt, '', ...labels.map((label, i) => `${i + 1}. ${label}`), '', 'Reply with a number.'].join('\n'),
    suggestedActions: { to: [], actions: labels.map((label, i) => ({ type: ActionTypes.ImBack, title: `${i + 1}. ${label}`, value: String(i + 1) })) },
    ...extra,
  };
}

const build = (activity: Partial<Activity>) => buildOutboundMessages(activity, { listButton: 'Choose' });

test('up to 3 options with titles of at most 20 characters: reply buttons, ids are the option numbers, no numbered lines in the body', () => {
  const [message, ...rest] = build(question('Are you safe now?', ['Yes', 'No', 'Not sure']));
  expect(rest).toEqual([]);
  expect(message).toEqual({
    type: 'interactive',
    interactive: {
      type: 'button',
      body: { text: 'Are you safe now?\n\nReply with a number.' },
      action: {
        buttons: [
          { type: 'reply', reply: { id: '1', title: '1. Yes' } },
          { type: 'reply', reply: { id: '2', title: '2. No' } },
          { type: 'reply', reply: { id: '3', title: '3. Not sure' } },
        ],
      },
    },
  });
});

test('a title over 20 characters: a list; rows over 24 are cut at a word with "…" and go on in the description', () => {
  const [message] = build(question('Hello. It looks like you write in English. Shall we continue in English?', ['Yes, English', 'Choose another language']));
  const interactive = (message as { interactive: ListInteractive }).interactive;
  expect(interactive.type).toBe('list');
  expect(interactive.body.text).toBe('Hello. It looks like you write in English. Shall we continue in English?\n\nReply with a number.');
  expect(interactive.action.button).toBe('Choose');
  expect(interactive.action.sections).toEqual([{ rows: [{ id: '1', title: '1. Yes, English' }, { id: '2', title: '2. Choose another…', description: '…language' }] }]);
});

test('the main menu (6 options): a list within every limit', () => {
  const labels = ['Report a problem with my work or employer', 'Know my rights', 'I need a safe place to stay', 'Help from the victim support fund', 'Talk to a person', 'Change language'];
  const [message] = build(question('What do you need?', labels));
  const interactive = (message as { interactive: ListInteractive }).interactive;
  const rows = interactive.action.sections[0]!.rows;
  expect(rows.map((row) => row.id)).toEqual(['1', '2', '3', '4', '5', '6']);
  expect(rows[0]).toEqual({ id: '1', title: '1. Report a problem…', description: '…with my work or employer' });
  for (const row of rows) {
    expect(row.title.length).toBeLessThanOrEqual(WHATSAPP_LIMITS.rowTitle);
    expect((row.description ?? '').length).toBeLessThanOrEqual(WHATSAPP_LIMITS.rowDescription);
  }
  expect(interactive.action.sections[0]!.title).toBeUndefined(); // one section needs no title
});

test('more than 10 options: the numbered text as it is', () => {
  const labels = Array.from({ length: 11 }, (_, i) => `Option ${i + 1}`);
  const activity = question('Pick one', labels);
  expect(build(activity)).toEqual([{ type: 'text', text: { body: activity.text, preview_url: false } }]);
});

test('duplicate option ids: the numbered text (WhatsApp refuses duplicate ids)', () => {
  const activity: Partial<Activity> = { type: 'message', text: 'Pick\n1. A\n1. B', suggestedActions: { to: [], actions: [{ type: ActionTypes.ImBack, title: '1. A', value: '1' }, { type: ActionTypes.ImBack, title: '1. B', value: '1' }] } };
  expect(build(activity)).toEqual([{ type: 'text', text: { body: 'Pick\n1. A\n1. B', preview_url: false } }]);
});

test('options not written as lines of the text: the text is kept whole and the buttons added', () => {
  const activity: Partial<Activity> = { type: 'message', text: 'Do you agree? (1 yes / 2 no)', suggestedActions: { to: [], actions: [{ type: ActionTypes.ImBack, title: '1. Yes', value: '1' }, { type: ActionTypes.ImBack, title: '2. No', value: '2' }] } };
  const [message] = build(activity);
  expect((message as { interactive: ButtonInteractive }).interactive.body.text).toBe('Do you agree? (1 yes / 2 no)');
});

test('right-to-left lines (with the bot\'s RLM marks) are recognised as option lines', () => {
  const labels = ['نعم', 'لا'];
  const activity = question('هل أنت بأمان الآن؟', labels);
  activity.text = activity.text!.split('\n').map((line) => (line ? RLM + line : line)).join('\n');
  const [message] = build(activity);
  const interactive = (message as { interactive: ButtonInteractive }).interactive;
  expect(interactive.body.text).toBe(`${RLM}هل أنت بأمان الآن؟\n\n${RLM}Reply with a number.`);
  expect(interactive.action.buttons.map((button) => button.reply.title)).toEqual(['1. نعم', '2. لا']);
});

test('a body too long for buttons (1024) but fine for a list (4096) becomes a list', () => {
  const long = 'x'.repeat(1500);
  const [message] = build(question(long, ['Yes', 'No']));
  expect((message as { interactive: ListInteractive }).interactive.type).toBe('list');
});

test('a body too long for a list: numbered text, split within 4096 characters at line breaks', () => {
  const paragraphs = Array.from({ length: 30 }, (_, i) => `Paragraph ${i} ${'word '.repeat(60)}`.trim());
  const messages = build(question(paragraphs.join('\n\n'), ['Yes', 'No']));
  expect(messages.length).toBeGreaterThan(1);
  for (const message of messages) {
    expect(message.type).toBe('text');
    expect((message as { text: { body: string } }).text.body.length).toBeLessThanOrEqual(WHATSAPP_LIMITS.textBody);
  }
  expect(messages.map((m) => (m as { text: { body: string } }).text.body).join('\n\n')).toBe(question(paragraphs.join('\n\n'), ['Yes', 'No']).text);
});

test('plain text: one message; nothing for an empty reply', () => {
  expect(build({ type: 'message', text: 'Hello' })).toEqual([{ type: 'text', text: { body: 'Hello', preview_url: false } }]);
  expect(build({ type: 'message', text: '   ' })).toEqual([]);
});

test('the list button label is cut to 20 characters', () => {
  const [message] = buildOutboundMessages(question('Pick', ['A very long option label indeed', 'B']), { listButton: 'Choose one of these options please' });
  expect((message as { interactive: ListInteractive }).interactive.action.button.length).toBeLessThanOrEqual(20);
});

describe('cutting', () => {
  test('ellipsize never splits an emoji or a letter from its vowel sign', () => {
    expect(ellipsize('👍👍👍👍👍👍👍👍👍👍👍👍👍', 10)).toBe('👍👍👍👍…');
    const hindi = 'किसी इंसान से बात करनी है';
    const cut = ellipsize(hindi, 12);
    expect(cut.length).toBeLessThanOrEqual(12);
    expect(hindi.startsWith(cut.slice(0, -1))).toBe(true);
  });

  test('fitRow keeps short titles and cuts long ones with the rest in the description', () => {
    expect(fitRow('1', '1. Know my rights')).toEqual({ id: '1', title: '1. Know my rights' });
    expect(fitRow('4', '4. Help from the victim support fund')).toEqual({ id: '4', title: '4. Help from the victim…', description: '…support fund' });
    const row = fitRow('9', `9. ${'a'.repeat(200)}`);
    expect(row.title.length).toBeLessThanOrEqual(24);
    expect(row.description!.length).toBeLessThanOrEqual(72);
  });

  test('bodyWithoutOptions leaves the text alone unless every option is a line', () => {
    expect(bodyWithoutOptions('Q\n\n1. A\n\nReply', ['1. A', '2. B'])).toBe('Q\n\n1. A\n\nReply');
    expect(bodyWithoutOptions('Q\n\n1. A\n2. B\n\nReply', ['1. A', '2. B'])).toBe('Q\n\nReply');
  });

  test('splitText without line breaks cuts at the limit', () => {
    const parts = splitText('y'.repeat(9000));
    expect(parts.map((part) => part.length)).toEqual([4096, 4096, 808]);
  });
});
