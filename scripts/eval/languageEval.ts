// Language identification from a first short message: how often the bot confirms the worker's own
// language, per language, on test/understanding/<lng>.json firstMessages and romanized.json; and how often
// a message in a language we do not offer leads to the menu (notOffered.json).
import { LOCALES_DIR } from '../../bot/i18n';
import { LanguageIdentifier } from '../../bot/text/language';
import type { EvalRow, EvalSection } from './types';
import { readLanguageSets, readNotOfferedSet, readRomanizedSet } from './understandingData';

/** The 17 languages of issue 8: the identifier is measured with all of them offered. */
export const ALL_LANGUAGES = ['ar', 'ur', 'en', 'hi', 'ml', 'ta', 'te', 'bn', 'ne', 'tl', 'si', 'id', 'am', 'om', 'ti', 'sw', 'lg'];

export const LANGUAGE_TARGET = 0.95;

/** Misses shown in the detail column, so a reader sees what went wrong without rerunning. */
const MISSES_SHOWN = 3;

function row(language: string, metric: string, results: Array<{ text: string; right: boolean; outcome: string }>): EvalRow {
  const right = results.filter((result) => result.right).length;
  const misses = results.filter((result) => !result.right);
  const shown = misses.slice(0, MISSES_SHOWN).map((miss) => `"${miss.text}" → ${miss.outcome}`);
  return {
    language,
    metric,
    value: results.length ? right / results.length : 0,
    target: LANGUAGE_TARGET,
    comparison: '>=',
    detail: `${right}/${results.length}${shown.length ? `; missed: ${shown.join('; ')}${misses.length > shown.length ? '; …' : ''}` : ''}`,
  };
}

export async function evaluate(options: { localesDirectory?: string; dataDirectory?: string } = {}): Promise<EvalSection> {
  const identifier = new LanguageIdentifier({ offered: ALL_LANGUAGES, localesDirectory: options.localesDirectory ?? process.env.UNDERSTANDING_LOCALES_DIR ?? LOCALES_DIR });
  const confirms = async (text: string, language: string) => {
    const result = await identifier.identify(text);
    return { text, right: result.language === language, outcome: result.language ?? `menu (${result.candidates.slice(0, 3).join(', ')})` };
  };
  const rows: EvalRow[] = [];
  for (const set of readLanguageSets(options.dataDirectory)) {
    rows.push(row(set.language, 'accuracy', await Promise.all(set.firstMessages.map((text) => confirms(text, set.language)))));
  }
  const romanized = readRomanizedSet(options.dataDirectory);
  if (romanized) {
    for (const language of [...new Set(romanized.firstMessages.map((item) => item.language))].sort()) {
      const items = romanized.firstMessages.filter((item) => item.language === language);
      rows.push(row(`${language} (romanized)`, 'accuracy', await Promise.all(items.map((item) => confirms(item.text, language)))));
    }
  }
  const notOffered = readNotOfferedSet(options.dataDirectory);
  if (notOffered) {
    const results = await Promise.all(
      notOffered.firstMessages.map(async ({ text }) => {
        const result = await identifier.identify(text);
        return { text, right: result.language === undefined, outcome: result.language ?? 'menu' };
      }),
    );
    rows.push(row('not offered', 'menu rate', results));
  }
  return { name: 'Language identification (first message; confirmed language = label)', rows };
}
