// What every dialog needs from the current turn (translator, language, the
// worker's identity as a hash), put on the turn by the bot once per turn.
import type { TurnContext } from 'botbuilder';
import type { Translate } from '../kernel/i18n';
import type { Command } from '../kernel/text/commands';

export const TURN_SERVICES = Symbol('hotline.turnServices');

export interface TurnServices {
  /** Translator fixed to the worker's language. */
  t: Translate;
  /** The worker's language (an ISO 639-1 code). */
  language: string;
  /** Keyed hash of channel + user id. */
  userHash: string;
  /** Keyed hash of channel + conversation id. */
  conversationHash: string;
  /** The global command this message is, if any (see kernel/text/commands.ts). */
  command: Command | undefined;
  /** Whether `language` was guessed from this message (no stored choice yet): the worker confirms it. */
  languageGuessed: boolean;
  /**
   * Two or three languages the first message fits about equally ("ሰላም": Amharic or Tigrinya), for the
   * worker to choose from; empty when a language was guessed or the whole menu must ask.
   */
  languageChoices: string[];
  /** Switches this turn's translator (the stored choice is the language dialog's job). */
  setLanguage(language: string): void;
  /**
   * The idempotency key of one side effect of this turn (`'case'`, `'handoff'`), from the
   * conversation, the inbound activity id and the effect: a turn run again after a crash finds
   * what its first run did instead of doing it twice. Undefined when the activity has no id.
   */
  effectKey(effect: string): string | undefined;
  /** The effects this turn asked a key for (`'case'`, `'handoff'`): what the turn did, for the bot's bookkeeping. */
  readonly effects: ReadonlySet<string>;
  /** Set by the erasure: the turn must not write state back. */
  erased: boolean;
}

/** The services the bot put on this turn; a dialog run without them is a wiring bug. */
export function turnServices(context: TurnContext): TurnServices {
  const services = context.turnState.get(TURN_SERVICES) as TurnServices | undefined;
  if (!services) throw new Error('turnServices(): the bot did not set the turn services');
  return services;
}
