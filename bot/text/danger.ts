// A worker in danger may write at any point and in any language, so danger words are checked on every message against every language's list.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { normalizeDigits } from './digits';

/**
 * The five lists of every `locales/<lng>/danger.json`, in the order matches report them. A plea
 * for help ("help", "I need help") is deliberately not a kind: it is not danger, and a critical
 * queue full of pleas hides the worker who is locked in.
 */
export const DANGER_KINDS = ['sos', 'violence', 'confinement', 'selfHarm', 'threat'] as const;

/**
 * What a danger phrase signals: an SOS, violence, being locked in, self-harm, or a threat;
 * i.e. `'sos' | 'violence' | 'confinement' | 'selfHarm' | 'threat'`.
 */
export type DangerKind = (typeof DANGER_KINDS)[number];

/** Forced-labour indicators a danger kind records on the case (ILO wording, camelCased). */
export type DangerIndicator = 'restrictionOfMovement' | 'physicalSexualViolence' | 'intimidationThreats';

/** What {@link detectDanger} found in a message. */
export interface DangerMatch {
  /** Kinds that matched, in {@link DANGER_KINDS} order. */
  kinds: DangerKind[];
  /** Indicators implied by the kinds: confinement, violence and threat each imply one. */
  indicators: DangerIndicator[];
  /** Languages whose lists matched, the one with most matching kinds first (ties alphabetical). */
  languages: string[];
}

/** The locales folder is missing, or a `locales/<lng>/danger.json` is unreadable or not in the expected shape. */
export class DangerLexiconError extends Error {
  constructor(
    message: string,
    /** The file at fault. */
    readonly file: string,
  ) {
    super(`detectDanger(): ${file}: ${message}`);
    this.name = 'DangerLexiconError';
  }
}

const INDICATOR_BY_KIND: Readonly<Partial<Record<DangerKind, DangerIndicator>>> = {
  confinement: 'restrictionOfMovement',
  violence: 'physicalSexualViolence',
  threat: 'intimidationThreats',
};

const LOCALES_DIRECTORY = path.join(__dirname, '..', '..', 'locales');
const LEXICON_FILE = 'danger.json';

/** Clitics that Arabic writes joined to the next word ("and", "so"): وضربني must match ضربني. */
const PROCLITICS: Readonly<Record<string, readonly string[]>> = { ar: ['و', 'ف'] };

/** Old-style Malayalam chillu (consonant + virama + ZWJ) and the atomic chillu letter keyboards now type. */
const MALAYALAM_CHILLU: ReadonlyArray<[RegExp, string]> = [
  [/\u0D23\u0D4D\u200D/gu, '\u0D7A'],
  [/\u0D28\u0D4D\u200D/gu, '\u0D7B'],
  [/\u0D30\u0D4D\u200D/gu, '\u0D7C'],
  [/\u0D32\u0D4D\u200D/gu, '\u0D7D'],
  [/\u0D33\u0D4D\u200D/gu, '\u0D7E'],
  [/\u0D15\u0D4D\u200D/gu, '\u0D7F'],
];

/** Arabic and Urdu letter variants folded to one form so both languages' spellings meet. */
const ARABIC_SCRIPT_FOLDS: Readonly<Record<string, string>> = {
  'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا',
  'ى': 'ي', 'ی': 'ي', 'ے': 'ي', 'ۓ': 'ي', 'ئ': 'ي',
  'ؤ': 'و',
  'ة': 'ه', 'ۃ': 'ه', 'ہ': 'ه', 'ۂ': 'ه', 'ۀ': 'ه', 'ھ': 'ه',
  'ک': 'ك',
};
const ARABIC_SCRIPT_VARIANT = new RegExp(`[${Object.keys(ARABIC_SCRIPT_FOLDS).join('')}]`, 'gu');

/** Tashkeel, Quranic annotation marks, superscript alef and tatweel. */
const ARABIC_MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E4\u06E7\u06E8\u06EA-\u06ED\u0640]/gu;

/** Ethiopic homophone series Amharic writers use interchangeably (ሐ ኀ → ሀ, ሠ → ሰ, ዐ → አ, ፀ → ጸ). */
const ETHIOPIC_HOMOPHONES: ReadonlyArray<[first: number, last: number, target: number]> = [
  [0x1210, 0x1216, 0x1200],
  [0x1280, 0x1286, 0x1200],
  [0x1220, 0x1227, 0x1230],
  [0x12d0, 0x12d6, 0x12a0],
  [0x1340, 0x1346, 0x1338],
];

function foldEthiopic(character: string): string {
  const codePoint = character.codePointAt(0) as number;
  for (const [first, last, target] of ETHIOPIC_HOMOPHONES) {
    if (codePoint >= first && codePoint <= last) return String.fromCodePoint(target + codePoint - first);
  }
  return character;
}

/**
 * Normalizes text so a phrase and a message written with different keyboards, spellings or
 * decorations still meet. Applied identically to the lexicon and to messages:
 *
 * - NFKC (presentation forms, fullwidth letters); old-style Malayalam chillu → atomic chillu;
 *   format characters (bidi marks, ZWJ/ZWNJ, soft hyphen) removed; lower case.
 * - Arabic script: tashkeel and tatweel removed; أ إ آ ٱ → ا; ى ی ے ۓ ئ → ي; ؤ → و;
 *   ة ۃ ہ ۂ ۀ ھ → ه; ک → ك (Urdu letters fold to the Arabic ones, so one form serves both).
 * - Devanagari: nukta removed; chandrabindu → anusvara; a nasal consonant + virama before a
 *   consonant → anusvara (बन्द → बंद).
 * - Ethiopic: homophone series folded (ሐ ኀ → ሀ, ሠ → ሰ, ዐ → አ, ፀ → ጸ).
 * - Digits of any script → ASCII.
 * - Apostrophes between letters dropped (can't → cant); all other punctuation, symbols and
 *   emoji → space; whitespace collapsed and trimmed.
 */
export function normalizeForMatching(text: string): string {
  let normalized = text.normalize('NFKC');
  for (const [oldChillu, atomicChillu] of MALAYALAM_CHILLU) normalized = normalized.replace(oldChillu, atomicChillu);
  normalized = normalized
    .replace(/\p{Cf}/gu, '')
    .toLowerCase()
    .replace(ARABIC_MARKS, '')
    .replace(ARABIC_SCRIPT_VARIANT, (letter) => ARABIC_SCRIPT_FOLDS[letter] ?? letter)
    .replace(/\u093C/gu, '')
    .replace(/\u0901/gu, '\u0902')
    .replace(/[\u0919\u091E\u0923\u0928\u092E]\u094D(?=[\u0915-\u0939])/gu, '\u0902')
    .replace(/[\u1200-\u137F]/gu, foldEthiopic);
  return normalizeDigits(normalized)
    .replace(/(?<=[\p{L}\p{M}])['\u2019\u02BC`\u00B4](?=\p{L})/gu, '')
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .trim();
}

interface CompiledList {
  language: string;
  kind: DangerKind;
  /** Any of the kind's phrases, found anywhere in the message on word boundaries. */
  pattern: RegExp;
}

let compiledLexicon: CompiledList[] | undefined;
/** Every language's idioms that only look like danger ("this heat is killing me", "we got beaten in the match"). */
let compiledExceptions: RegExp | undefined;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Turns one phrase into a regular expression source: words in order, a trailing `*` on a word makes it a stem. */
function phraseSource(phrase: string, file: string): string {
  const words = phrase.trim().split(/\s+/u);
  const parts = words.map((word) => {
    const stem = word.endsWith('*');
    const core = stem ? word.slice(0, -1) : word;
    if (core.includes('*')) throw new DangerLexiconError(`"${phrase}": '*' may only end a word`, file);
    const normalizedCore = normalizeForMatching(core);
    if (normalizedCore === '') throw new DangerLexiconError(`"${phrase}": a word has no letters or digits`, file);
    return escapeRegExp(normalizedCore) + (stem ? '[^ ]*' : '(?= |$)');
  });
  return parts.join(' ');
}

/** A language's danger lists, and the idioms that only look like danger (`except`, optional). */
type LexiconFile = Record<DangerKind, string[]> & { except?: string[] };

function readLexiconFile(file: string): LexiconFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new DangerLexiconError(`cannot read JSON (${(error as Error).message})`, file);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new DangerLexiconError('expected an object', file);
  }
  const record = parsed as Record<string, unknown>;
  const keys = Object.keys(record).filter((key) => key !== 'except').sort();
  if (keys.join() !== [...DANGER_KINDS].sort().join()) {
    throw new DangerLexiconError(`keys must be exactly ${DANGER_KINDS.join(', ')} (and optionally except); found ${keys.join(', ')}`, file);
  }
  if (record.except !== undefined && (!Array.isArray(record.except) || record.except.some((phrase) => typeof phrase !== 'string' || phrase.trim() === ''))) {
    throw new DangerLexiconError('"except" must hold non-empty strings', file);
  }
  for (const kind of DANGER_KINDS) {
    const phrases = record[kind];
    if (!Array.isArray(phrases) || phrases.length === 0) {
      throw new DangerLexiconError(`"${kind}" must be a non-empty array`, file);
    }
    for (const phrase of phrases) {
      if (typeof phrase !== 'string' || phrase.trim() === '') {
        throw new DangerLexiconError(`"${kind}" must hold non-empty strings`, file);
      }
    }
  }
  return record as LexiconFile;
}

function loadLexicon(): CompiledList[] {
  const compiled: CompiledList[] = [];
  const exceptions: string[] = [];
  if (!fs.existsSync(LOCALES_DIRECTORY)) throw new DangerLexiconError('no locales folder', LOCALES_DIRECTORY);
  const languages = fs
    .readdirSync(LOCALES_DIRECTORY, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(LOCALES_DIRECTORY, entry.name, LEXICON_FILE)))
    .map((entry) => entry.name)
    .sort();
  for (const language of languages) {
    const file = path.join(LOCALES_DIRECTORY, language, LEXICON_FILE);
    const lists = readLexiconFile(file);
    for (const phrase of lists.except ?? []) exceptions.push(phraseSource(phrase, file));
    const proclitics = (PROCLITICS[language] ?? []).map(escapeRegExp).join('|');
    for (const kind of DANGER_KINDS) {
      const alternatives = lists[kind].map((phrase) => phraseSource(phrase, file)).join('|');
      const source = `(?<=^| )${proclitics ? `(?:${proclitics})?` : ''}(?:${alternatives})`;
      compiled.push({ language, kind, pattern: new RegExp(source, 'u') });
    }
  }
  compiledExceptions = exceptions.length > 0 ? new RegExp(`(?<=^| )(?:${exceptions.join('|')})`, 'gu') : undefined;
  return compiled;
}

/**
 * Looks for danger words from every language's list in a message, whatever language the worker
 * chose, so the safety interrupt can fire from any point in a conversation.
 *
 * Phrases match on word boundaries after {@link normalizeForMatching}: each phrase's words must
 * appear in order, as whole words, anywhere in the message ("में बंद कर दिया" inside "मुझे कमरे
 * में बंद कर दिया है"); a word ending in `*` is a stem and matches any word it begins
 * ("threaten*" → "threatened"). Arabic phrases also match after a joined و or ف.
 *
 * A plea for help alone ("help!", "मलाई सहयोग चाहियो") matches nothing: it is not danger.
 *
 * The lists load from every `locales/<lng>/danger.json` on first use and are cached.
 *
 * @returns the kinds, indicators and languages found, or undefined when nothing matched.
 * @throws DangerLexiconError when the locales folder is missing or a danger.json is malformed.
 */
export function detectDanger(text: string): DangerMatch | undefined {
  compiledLexicon ??= loadLexicon();
  // An idiom that only looks like danger is blanked out first; danger words elsewhere in the message still count.
  const normalized = compiledExceptions ? normalizeForMatching(text).replace(compiledExceptions, ' ') : normalizeForMatching(text);
  if (normalized.trim() === '') return undefined;
  const kinds = new Set<DangerKind>();
  const kindsPerLanguage = new Map<string, number>();
  for (const { language, kind, pattern } of compiledLexicon) {
    if (!pattern.test(normalized)) continue;
    kinds.add(kind);
    kindsPerLanguage.set(language, (kindsPerLanguage.get(language) ?? 0) + 1);
  }
  if (kinds.size === 0) return undefined;
  const orderedKinds = DANGER_KINDS.filter((kind) => kinds.has(kind));
  const indicators = orderedKinds
    .map((kind) => INDICATOR_BY_KIND[kind])
    .filter((indicator): indicator is DangerIndicator => indicator !== undefined);
  const languages = [...kindsPerLanguage.keys()].sort(
    (a, b) => (kindsPerLanguage.get(b) ?? 0) - (kindsPerLanguage.get(a) ?? 0) || a.localeCompare(b),
  );
  return { kinds: orderedKinds, indicators, languages };
}
