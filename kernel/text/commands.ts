// Global commands (menu, back, human, language, stop, delete my data, skip),
// recognised in every language the hotline has, whatever the worker's own:
// a worker may type the English "menu" in an Arabic conversation.
import type { i18n as I18n } from 'i18next';
import { normalizeForMatching } from './danger';

export const COMMANDS = ['menu', 'back', 'human', 'language', 'stop', 'delete', 'skip'] as const;
export type Command = (typeof COMMANDS)[number];

/**
 * The same folding as danger words (case, digits, Arabic letter variants such
 * as أ/ا and ة/ه, invisible marks, punctuation), so a command matches however
 * a phone keyboard spelled it.
 */
export function normalizeCommandText(text: string): string {
  return normalizeForMatching(text);
}

/** Recognises a message that is exactly a command word, never a command inside a sentence. */
export class CommandMatcher {
  private readonly phrases = new Map<string, Command>();

  constructor(i18n: I18n) {
    const languages = Object.keys(i18n.options.resources ?? {});
    for (const language of languages) {
      const bundle = i18n.getResourceBundle(language, 'commands') as Partial<Record<Command, string[]>> | undefined;
      for (const command of COMMANDS) {
        for (const phrase of bundle?.[command] ?? []) {
          const key = normalizeCommandText(phrase);
          if (key && !this.phrases.has(key)) this.phrases.set(key, command);
        }
      }
    }
  }

  /** The command a message is, if it is one. */
  match(text: string | undefined): Command | undefined {
    if (!text || text.length > 60) return undefined;
    return this.phrases.get(normalizeCommandText(text));
  }
}
