// Turns the bot's reply into Graph API message bodies within WhatsApp's limits:
// a question with up to 3 short options becomes reply buttons, with up to 10 a
// list, otherwise the numbered text the bot wrote (which works everywhere).
import type { Activity, CardAction } from 'botbuilder';

/** WhatsApp's documented limits for the messages we send (characters). */
export const WHATSAPP_LIMITS = {
  textBody: 4096,
  buttonBody: 1024,
  listBody: 4096,
  buttons: 3,
  buttonTitle: 20,
  buttonId: 256,
  rows: 10,
  rowTitle: 24,
  rowDescription: 72,
  rowId: 200,
  listButton: 20,
  sectionTitle: 24,
} as const;

export interface ReplyButton {
  type: 'reply';
  reply: { id: string; title: string };
}
export interface ListRow {
  id: string;
  title: string;
  description?: string;
}
export interface ButtonInteractive {
  type: 'button';
  body: { text: string };
  action: { buttons: ReplyButton[] };
}
export interface ListInteractive {
  type: 'list';
  body: { text: string };
  action: { button: string; sections: Array<{ title?: string; rows: ListRow[] }> };
}

/** The type-specific part of a `POST /{phone-number-id}/messages` body; the client adds product, recipient type and `to`. */
export type OutboundMessage =
  | { type: 'text'; text: { body: string; preview_url: boolean } }
  | { type: 'interactive'; interactive: ButtonInteractive | ListInteractive }
  | { type: 'template'; template: { name: string; language: { code: string } } };

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
/** Direction marks the bot adds for right-to-left languages; invisible, so not part of a line's content. */
const BIDI_MARKS = /[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g;

/** Length as WhatsApp may count it at worst (UTF-16 code units ≥ code points). */
const size = (text: string): number => text.length;

/** The longest prefix of whole graphemes that fits in `max` (never half an emoji or a vowel sign without its letter). */
export function fitTo(text: string, max: number): string {
  if (size(text) <= max) return text;
  let out = '';
  for (const { segment } of graphemes.segment(text)) {
    if (size(out) + size(segment) > max) break;
    out += segment;
  }
  return out;
}

const words = new Intl.Segmenter(undefined, { granularity: 'word' });
/** Where a cut may fall: after a word, before the next one (at spaces and punctuation). */
const TRAILING_GAP = /[\s\p{P}\u200e\u200f]+$/u;

/**
 * Cuts to `max` with a trailing "…", after the last whole word that fits (words as
 * Intl.Segmenter finds them, so every script is cut between words, never inside one).
 * Only when not one word with a letter fits (a single very long word after the
 * option number) is it cut between graphemes, never inside one.
 */
export function ellipsize(text: string, max: number): string {
  if (size(text) <= max) return text;
  const room = max - 1;
  let end = 0;
  let lettered = false;
  for (const { segment, index, isWordLike } of words.segment(text)) {
    if (index + size(segment) > room) break;
    if (isWordLike) {
      end = index + segment.length;
      lettered ||= /\p{L}/u.test(segment);
    }
  }
  const cut = lettered ? text.slice(0, end) : fitTo(text, room);
  return `${cut.replace(TRAILING_GAP, '')}…`;
}

/**
 * A list row within WhatsApp's limits. A title over 24 characters is shortened at a
 * word with "…" and the whole label goes in the description (cut at a word to 72),
 * so the worker reads every option whole, never half a word on each line.
 */
export function fitRow(id: string, title: string, description?: string): ListRow {
  if (size(title) <= WHATSAPP_LIMITS.rowTitle) {
    return description ? { id, title, description: ellipsize(description, WHATSAPP_LIMITS.rowDescription) } : { id, title };
  }
  const full = [title, description].filter(Boolean).join(' ');
  return { id, title: ellipsize(title, WHATSAPP_LIMITS.rowTitle), description: ellipsize(full, WHATSAPP_LIMITS.rowDescription) };
}

interface Choice {
  id: string;
  title: string;
}

function choicesOf(actions: readonly CardAction[] | undefined): Choice[] {
  return (actions ?? [])
    .map((action) => {
      const value = typeof action.value === 'string' || typeof action.value === 'number' ? String(action.value) : undefined;
      const title = (action.title ?? value ?? '').trim();
      return { id: (value ?? title).trim(), title };
    })
    .filter((choice) => choice.id !== '' && choice.title !== '');
}

const bare = (line: string): string => line.replace(BIDI_MARKS, '').trim();

/**
 * The question without the numbered option lines, when every option appears
 * as a line of its own (as the bot writes them), and without the "reply with a
 * number" lines (`hints`) a tap makes needless; else the text unchanged, so
 * nothing is ever lost.
 */
export function bodyWithoutOptions(text: string, titles: readonly string[], hints: readonly string[] = []): string {
  const lines = text.split('\n');
  const wanted = new Set(titles.map(bare));
  const optionLines = lines.filter((line) => wanted.has(bare(line)));
  if (titles.length === 0 || new Set(optionLines.map(bare)).size !== wanted.size) return text;
  const needless = new Set(hints.map(bare).filter(Boolean));
  const kept = lines.filter((line) => !wanted.has(bare(line)) && !needless.has(bare(line)));
  const body = kept.join('\n').replace(/\n(?:[\u200e\u200f]?[ \t]*\n){2,}/g, '\n\n').trim();
  return bare(body) === '' ? text : body;
}

/** Splits a long text at paragraph, then line, then grapheme boundaries. */
export function splitText(text: string, max: number = WHATSAPP_LIMITS.textBody): string[] {
  const parts: string[] = [];
  let rest = text;
  while (size(rest) > max) {
    const head = fitTo(rest, max);
    const at = Math.max(head.lastIndexOf('\n\n'), head.lastIndexOf('\n'));
    const cut = at > max / 4 ? at : head.length;
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\n+/, '');
  }
  if (rest.trim() !== '' || parts.length === 0) parts.push(rest);
  return parts;
}

export const textMessage = (body: string): OutboundMessage => ({ type: 'text', text: { body, preview_url: false } });

export const templateMessage = (name: string, language: string): OutboundMessage => ({ type: 'template', template: { name, language: { code: language } } });

export interface BuildOptions {
  /** The list message's button label, in the worker's language (cut to 20 characters). */
  listButton: string;
  /**
   * Lines that tell the worker to reply with a number (`common:replyWithNumber`,
   * `common:replyWithNumbers` in the worker's language): left out of buttons and lists,
   * where a tap answers; kept in numbered text.
   */
  replyHints?: readonly string[];
}

/**
 * The messages for one reply. With suggested actions: reply buttons (≤ 3
 * options, titles ≤ 20) or a list (≤ 10 options, long titles shortened at a
 * word with "…" and given whole in the description), with the body stripped of
 * the numbered lines the buttons replace and of the "reply with a number" hint; more options, duplicate ids or a body over the
 * limit keep the numbered text. Button and row ids are the actions' values
 * (the option numbers), so a tap reads like a typed number.
 */
export function buildOutboundMessages(activity: Partial<Activity>, options: BuildOptions): OutboundMessage[] {
  // WhatsApp is plain text: the Markdown hard breaks (two spaces before a newline) the bot adds for other clients go.
  const text = (activity.text ?? '').replace(/[ \t]+\n/g, '\n');
  const choices = choicesOf(activity.suggestedActions?.actions);
  const distinct = new Set(choices.map((choice) => choice.id)).size === choices.length;
  if (choices.length > 0 && distinct && choices.length <= WHATSAPP_LIMITS.rows) {
    const body = text.trim() === '' ? '' : bodyWithoutOptions(text, choices.map((choice) => choice.title), options.replyHints);
    const fitsButtons =
      choices.length <= WHATSAPP_LIMITS.buttons &&
      choices.every((choice) => size(choice.title) <= WHATSAPP_LIMITS.buttonTitle && size(choice.id) <= WHATSAPP_LIMITS.buttonId);
    if (body !== '' && fitsButtons && size(body) <= WHATSAPP_LIMITS.buttonBody) {
      return [
        {
          type: 'interactive',
          interactive: { type: 'button', body: { text: body }, action: { buttons: choices.map((choice) => ({ type: 'reply', reply: { id: choice.id, title: choice.title } })) } },
        },
      ];
    }
    if (body !== '' && size(body) <= WHATSAPP_LIMITS.listBody && choices.every((choice) => size(choice.id) <= WHATSAPP_LIMITS.rowId)) {
      return [
        {
          type: 'interactive',
          interactive: {
            type: 'list',
            body: { text: body },
            action: { button: ellipsize(options.listButton.trim() || '…', WHATSAPP_LIMITS.listButton), sections: [{ rows: choices.map((choice) => fitRow(choice.id, choice.title)) }] },
          },
        },
      ];
    }
  }
  if (text.trim() === '') return [];
  return splitText(text).map(textMessage);
}
