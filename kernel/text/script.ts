// A first message's script is the cheapest strong hint at the worker's language: it narrows the
// candidates before kernel/text/language.ts weighs the evidence among them.

/** Scripts the hotline's languages are written in, as Unicode names (`\p{Script=…}`). */
export type ScriptName = 'Arabic' | 'Devanagari' | 'Bengali' | 'Tamil' | 'Telugu' | 'Malayalam' | 'Sinhala' | 'Ethiopic' | 'Latin';

/**
 * The languages (ISO 639-1) written in each script, most widely used first. Latin also carries romanized
 * Hindi, Urdu and Nepali, which kernel/text/language.ts adds as candidates itself.
 */
export const SCRIPT_LANGUAGES: Readonly<Record<ScriptName, readonly string[]>> = {
  Arabic: ['ar', 'ur'],
  Devanagari: ['hi', 'ne'],
  Bengali: ['bn'],
  Tamil: ['ta'],
  Telugu: ['te'],
  Malayalam: ['ml'],
  Sinhala: ['si'],
  Ethiopic: ['am', 'ti'],
  Latin: ['en', 'tl', 'id', 'sw', 'om', 'lg'],
};

const SCRIPT_PATTERNS: ReadonlyArray<[ScriptName, RegExp]> = (Object.keys(SCRIPT_LANGUAGES) as ScriptName[]).map((script) => [
  script,
  new RegExp(`\\p{Script=${script}}`, 'u'),
]);

const LETTER = /\p{L}/u;

/**
 * The script most of a text's letters are in, among the scripts of the hotline's languages.
 *
 * @returns undefined when the text has no letters (digits, emoji, punctuation) or more of its letters are
 *   in scripts none of these languages use (Chinese, Thai, Cyrillic…) than in any one of them.
 */
export function dominantScript(text: string): ScriptName | undefined {
  const counts = new Map<ScriptName, number>();
  let otherLetters = 0;
  for (const character of text) {
    if (!LETTER.test(character)) continue;
    const entry = SCRIPT_PATTERNS.find(([, pattern]) => pattern.test(character));
    if (entry) counts.set(entry[0], (counts.get(entry[0]) ?? 0) + 1);
    else otherLetters++;
  }
  let best: ScriptName | undefined;
  let bestCount = 0;
  for (const [script] of SCRIPT_PATTERNS) {
    const count = counts.get(script) ?? 0;
    if (count > bestCount) {
      best = script;
      bestCount = count;
    }
  }
  return best && otherLetters <= bestCount ? best : undefined;
}
