// The bot's numbered questions become reply buttons or lists within WhatsApp's
// limits, with the numbered lines taken out of the body when they can be found;
// everything else stays numbered text.
import { ActionTypes, type Activity } from 'botbuilder';
import { availableLanguages, createI18n, isRightToLeft } from '../../../kernel/i18n';
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

const HINTS = ['Reply with a number.', 'Reply with one or more numbers, for example 1 3.'];
const build = (activity: Partial<Activity>) => buildOutboundMessages(activity, { listButton: 'Choose', replyHints: HINTS });

test('up to 3 options with titles of at most 20 characters: reply buttons, ids are the option numbers, no numbered lines in the body', () => {
  const [message, ...rest] = build(question('Are you safe now?', ['Yes', 'No', 'Not sure']));
  expect(rest).toEqual([]);
  expect(message).toEqual({
    type: 'interactive',
    interactive: {
      type: 'button',
      body: { text: 'Are you safe now?' },
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

test('a title over 20 characters: a list; rows over 24 are shortened at a word with "…" and given whole in the description', () => {
  const [message] = build(question('Hello. It looks like you write in English. Shall we continue in English?', ['Yes, English', 'Choose another language']));
  const interactive = (message as { interactive: ListInteractive }).interactive;
  expect(interactive.type).toBe('list');
  expect(interactive.body.text).toBe('Hello. It looks like you write in English. Shall we continue in English?');
  expect(interactive.action.button).toBe('Choose');
  expect(interactive.action.sections).toEqual([{ rows: [{ id: '1', title: '1. Yes, English' }, { id: '2', title: '2. Choose another…', description: '2. Choose another language' }] }]);
});

test('the main menu (6 options): a list within every limit', () => {
  const labels = ['Report a problem with my work or employer', 'Know my rights', 'I need a safe place to stay', 'Help from the victim support fund', 'Talk to a person', 'Change language'];
  const [message] = build(question('What do you need?', labels));
  const interactive = (message as { interactive: ListInteractive }).interactive;
  const rows = interactive.action.sections[0]!.rows;
  expect(rows.map((row) => row.id)).toEqual(['1', '2', '3', '4', '5', '6']);
  expect(rows[0]).toEqual({ id: '1', title: '1. Report a problem…', description: '1. Report a problem with my work or employer' });
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
  expect(interactive.body.text).toBe(`${RLM}هل أنت بأمان الآن؟`);
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

  test('fitRow keeps short titles, and shortens long ones at a word with the whole label in the description', () => {
    expect(fitRow('1', '1. Know my rights')).toEqual({ id: '1', title: '1. Know my rights' });
    expect(fitRow('4', '4. Help from the victim support fund')).toEqual({ id: '4', title: '4. Help from the victim…', description: '4. Help from the victim support fund' });
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

describe.each(availableLanguages())('real labels in %s', (lng) => {
  const i18n = createI18n();
  const t = i18n.getFixedT(lng);
  const rtl = isRightToLeft(lng);
  /** A question shaped as the bot sends it: numbered lines, the hint, RLM marks in right-to-left languages, Markdown hard breaks. */
  function asSent(prompt: string, labels: string[]): Partial<Activity> {
    const lines = [prompt, '', ...labels.map((label, i) => `${i + 1}. ${label}`), '', t('common:replyWithNumber')].map((line) => (rtl && line ? RLM + line : line));
    return {
      type: 'message',
      locale: lng,
      text: lines.map((line, i) => (line && lines[i + 1] ? `${line}  ` : line)).join('\n'),
      suggestedActions: { to: [], actions: labels.map((label, i) => ({ type: ActionTypes.ImBack, title: `${i + 1}. ${label}`, value: String(i + 1) })) },
    };
  }
  const options = (key: string): string[] => Object.values(t(key, { returnObjects: true }) as Record<string, string>);
  const questions: Array<[string, string[]]> = [
    [t('menu:choice.question'), options('menu:choice.options')],
    [t('languages:detected.question'), options('languages:detected.options')],
    ...['privacy', 'sector', 'since', 'safeNow', 'contact', 'consentRefer', 'confirm'].map((id): [string, string[]] => [t(`report:${id}.question`), options(`report:${id}.options`)]),
  ];
  /** A cut falls between words: what is kept ends a word of the label, and the label goes on with a space or punctuation. */
  const cutBetweenWords = (shown: string, label: string): boolean => {
    if (!shown.endsWith('…')) return shown === label;
    const stem = shown.slice(0, -1);
    const next = label.slice(stem.length, stem.length + 1);
    return label.startsWith(stem) && /[\p{L}\p{M}\p{N}]$/u.test(stem) && !/[\p{L}\p{M}\p{N}]/u.test(next);
  };

  test.each(questions.map(([prompt, labels]) => [prompt.slice(0, 30), prompt, labels] as const))('%s…: within Meta\'s limits, words whole, no "reply with a number"', (_name, prompt, labels) => {
    const [message, ...rest] = buildOutboundMessages(asSent(prompt, labels), { listButton: t('whatsapp:listButton'), replyHints: [t('common:replyWithNumber'), t('common:replyWithNumbers')] });
    expect(rest).toEqual([]);
    expect(message!.type).toBe('interactive');
    const interactive = (message as { interactive: ButtonInteractive | ListInteractive }).interactive;
    const bodyLines = interactive.body.text.split('\n').map((line) => line.replace(/[\u200f\s]+/g, ' ').trim());
    expect(bodyLines).not.toContain(t('common:replyWithNumber').trim());
    expect(bodyLines[0]).toBe(prompt.trim());
    expect(interactive.body.text).not.toMatch(/ \n| $/); // no Markdown hard breaks on WhatsApp
    const full = labels.map((label, i) => `${i + 1}. ${label}`);
    if (interactive.type === 'button') {
      expect(interactive.action.buttons.map((button) => button.reply.title)).toEqual(full);
      for (const button of interactive.action.buttons) expect(button.reply.title.length).toBeLessThanOrEqual(WHATSAPP_LIMITS.buttonTitle);
      return;
    }
    expect(interactive.action.button.length).toBeLessThanOrEqual(WHATSAPP_LIMITS.listButton);
    const rows = interactive.action.sections[0]!.rows;
    expect(rows.map((row) => row.id)).toEqual(labels.map((_, i) => String(i + 1)));
    rows.forEach((row, i) => {
      expect(row.title.length).toBeLessThanOrEqual(WHATSAPP_LIMITS.rowTitle);
      expect(`${row.title} ← ${full[i]}: ${cutBetweenWords(row.title, full[i]!)}`).toBe(`${row.title} ← ${full[i]}: true`);
      if (row.title !== full[i]) {
        // The whole label is there to read, cut only if it is over 72 (and then between words too).
        expect(row.description!.length).toBeLessThanOrEqual(WHATSAPP_LIMITS.rowDescription);
        expect(cutBetweenWords(row.description!, full[i]!)).toBe(true);
      } else {
        expect(row.description).toBeUndefined();
      }
    });
  });

  test('a question of more than 10 options stays numbered text, and keeps its hint', () => {
    const prompt = t('report:whatHappened.question');
    const labels = options('report:whatHappened.options');
    expect(labels.length).toBeGreaterThan(10);
    const messages = buildOutboundMessages(asSent(prompt, labels), { listButton: t('whatsapp:listButton'), replyHints: [t('common:replyWithNumber')] });
    expect(messages.map((message) => message.type)).toEqual(['text']);
    expect((messages[0] as { text: { body: string } }).text.body).toContain(t('common:replyWithNumber'));
  });
});

test('ellipsize cuts after the last whole word in every script, and between letters only when one word is all there is', () => {
  expect(ellipsize('2. Choose another language', 24)).toBe('2. Choose another…');
  expect(ellipsize('1. الإبلاغ عن مشكلة في عملي أو مع صاحب العمل', 24)).toBe('1. الإبلاغ عن مشكلة في…');
  expect(ellipsize('1. ከተጎጂዎች መርጃ ፈንድ እርዳታ ለማግኘት', 24)).toBe('1. ከተጎጂዎች መርጃ ፈንድ እርዳታ…');
  expect(ellipsize('1. ഭാഷ മാറ്റുക ഇപ്പോൾ തന്നെ', 24)).toBe('1. ഭാഷ മാറ്റുക ഇപ്പോൾ…');
  const oneWord = ellipsize(`1. ${'ജോലിയെക്കുറിച്ചോ'.repeat(3)}`, 24);
  expect(oneWord.length).toBeLessThanOrEqual(24);
  expect(oneWord.endsWith('…')).toBe(true);
});
