// Language identification from a first short message: how often the bot confirms the worker's own
// language or offers it among two or three to choose from, per language, on test/bot/understanding/<lng>.json firstMessages and romanized.json; and how often
// a message in a language we do not offer leads to the menu (notOffered.json).
import { LOCALES_DIR } from '../../kernel/i18n';
import { LanguageIdentifier, type LanguageIdentification } from '../../kernel/text/language';
import type { EvalRow, EvalSection } from './types';
import { readLanguageSets, readNotOfferedSet, readRomanizedSet } from './understandingData';

/** The 17 languages of issue 8: the identifier is measured with all of them offered. */
export const ALL_LANGUAGES = ['ar', 'ur', 'en', 'hi', 'ml', 'ta', 'te', 'bn', 'ne', 'tl', 'si', 'id', 'am', 'om', 'ti', 'sw', 'lg'];

export const LANGUAGE_TARGET = 0.95;

/** Misses shown in the detail column, so a reader sees what went wrong without rerunning. */
const MISSES_SHOWN = Number(process.env.EVAL_MISSES_SHOWN ?? 3);

interface Outcome {
  text: string;
  right: boolean;
  /** What the bot does: confirms a language, offers a shortlist, or shows the whole menu. */
  outcome: string;
  kind: 'confirmed' | 'shortlist' | 'menu';
}

function row(language: string, metric: string, results: Outcome[]): EvalRow {
  const right = results.filter((result) => result.right).length;
  const misses = results.filter((result) => !result.right);
  const shown = misses.slice(0, MISSES_SHOWN).map((miss) => `"${miss.text}" → ${miss.outcome}`);
  const confirmed = results.filter((result) => result.right && result.kind === 'confirmed').length;
  const offered = results.filter((result) => result.right && result.kind === 'shortlist').length;
  const how = metric === 'accuracy' ? ` (confirmed ${confirmed}, offered in a shortlist ${offered})` : '';
  return {
    language,
    metric,
    value: results.length ? right / results.length : 0,
    target: LANGUAGE_TARGET,
    comparison: '>=',
    detail: `${right}/${results.length}${how}${shown.length ? `; missed: ${shown.join('; ')}${misses.length > shown.length ? '; …' : ''}` : ''}`,
  };
}

function describe(identification: LanguageIdentification): Pick<Outcome, 'outcome' | 'kind'> {
  if (identification.language) return { outcome: identification.language, kind: 'confirmed' };
  if (identification.basis === 'shortlist') return { outcome: `choose ${identification.candidates.join('/')}`, kind: 'shortlist' };
  return { outcome: 'menu', kind: 'menu' };
}

export async function evaluate(options: { localesDirectory?: string; dataDirectory?: string } = {}): Promise<EvalSection> {
  const identifier = new LanguageIdentifier({ offered: ALL_LANGUAGES, localesDirectory: options.localesDirectory ?? process.env.UNDERSTANDING_LOCALES_DIR ?? LOCALES_DIR });
  // Right: the bot confirms the worker's language, or offers it among two or three to choose from.
  const identifies = async (text: string, language: string): Promise<Outcome> => {
    const result = await identifier.identify(text);
    const right = result.language === language || (result.basis === 'shortlist' && result.candidates.includes(language));
    return { text, right, ...describe(result) };
  };
  const rows: EvalRow[] = [];
  for (const set of readLanguageSets(options.dataDirectory)) {
    rows.push(row(set.language, 'accuracy', await Promise.all(set.firstMessages.map((text) => identifies(text, set.language)))));
  }
  const romanized = readRomanizedSet(options.dataDirectory);
  if (romanized) {
    for (const language of [...new Set(romanized.firstMessages.map((item) => item.language))].sort()) {
      const items = romanized.firstMessages.filter((item) => item.language === language);
      rows.push(row(`${language} (romanized)`, 'accuracy', await Promise.all(items.map((item) => identifies(item.text, language)))));
    }
  }
  const notOffered = readNotOfferedSet(options.dataDirectory);
  if (notOffered) {
    const results = await Promise.all(
      notOffered.firstMessages.map(async ({ text }) => {
        // Right: the whole menu, neither a confirmed language nor a shortlist of ours.
        const result = await identifier.identify(text);
        return { text, right: result.basis === 'unsure', ...describe(result) };
      }),
    );
    rows.push(row('not offered', 'menu rate', results));
  }
  return { name: 'Language identification from a first message (right: the language confirmed, or offered in a shortlist of 2–3)', rows };
}
