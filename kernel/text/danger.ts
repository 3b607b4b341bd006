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

/**
 * Phrases as a trie over words: each node's children by exact word, and by stem (a `*`-word) by its
 * prefix. Matching walks it from every word of a message: linear in the message, whatever the size of
 * the lists (one regular expression of thousands of alternatives cost ~8 ms a message).
 */
interface TrieNode {
  exact: Map<string, TrieNode>;
  stems: Map<string, TrieNode>;
  /** Lengths of the stems at this node, so a word is looked up once per length. */
  stemLengths: Set<number>;
  /** The kinds whose phrases end here. */
  ends: Set<DangerKind>;
}

const newNode = (): TrieNode => ({ exact: new Map(), stems: new Map(), stemLengths: new Set(), ends: new Set() });

/** One language's phrases (danger, or idioms that only look like it). */
interface PhraseTrie {
  language: string;
  root: TrieNode;
  /** Letters that language joins to the next word ("and", "so"): وضربني must match ضربني. */
  proclitics: readonly string[];
}

let compiledLexicon: PhraseTrie[] | undefined;
/** Every language's idioms that only look like danger ("this heat is killing me", "we got beaten in the match"). */
let compiledExceptions: PhraseTrie[] = [];

/** The words of one phrase after normalisation; a trailing `*` on a word makes it a stem. */
function phraseWords(phrase: string, file: string): Array<{ word: string; stem: boolean }> {
  const out: Array<{ word: string; stem: boolean }> = [];
  for (const raw of phrase.trim().split(/\s+/u)) {
    const stem = raw.endsWith('*');
    const core = stem ? raw.slice(0, -1) : raw;
    if (core.includes('*')) throw new DangerLexiconError(`"${phrase}": '*' may only end a word`, file);
    const normalized = normalizeForMatching(core);
    if (normalized === '') throw new DangerLexiconError(`"${phrase}": a word has no letters or digits`, file);
    const parts = normalized.split(' ');
    parts.forEach((word, index) => out.push({ word, stem: stem && index === parts.length - 1 }));
  }
  return out;
}

function addPhrase(root: TrieNode, words: Array<{ word: string; stem: boolean }>, kind: DangerKind): void {
  let node = root;
  for (const { word, stem } of words) {
    const children = stem ? node.stems : node.exact;
    let next = children.get(word);
    if (!next) {
      next = newNode();
      children.set(word, next);
      if (stem) node.stemLengths.add(word.length);
    }
    node = next;
  }
  node.ends.add(kind);
}

/** The nodes a word leads to from `node`: its exact child and every stem it begins with. */
function step(node: TrieNode, word: string): TrieNode[] {
  const next: TrieNode[] = [];
  const exact = node.exact.get(word);
  if (exact) next.push(exact);
  for (const length of node.stemLengths) {
    if (length > word.length) continue;
    const stem = node.stems.get(word.slice(0, length));
    if (stem) next.push(stem);
  }
  return next;
}

/** Kinds of every phrase of the trie that starts at word `start` and runs within `words`; `onEnd` gets the last word's index. */
function matchAt(trie: PhraseTrie, words: readonly string[], start: number, onEnd: (kinds: Set<DangerKind>, last: number) => void): void {
  const first = words[start]!;
  const openings = [first, ...trie.proclitics.filter((clitic) => first.length > clitic.length && first.startsWith(clitic)).map((clitic) => first.slice(clitic.length))];
  let frontier = openings.flatMap((word) => step(trie.root, word));
  for (let index = start; frontier.length > 0; ) {
    for (const node of frontier) if (node.ends.size > 0) onEnd(node.ends, index);
    index++;
    if (index >= words.length || words[index] === '') break;
    const word = words[index]!;
    frontier = frontier.flatMap((node) => step(node, word));
  }
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

function loadLexicon(): PhraseTrie[] {
  const tries: PhraseTrie[] = [];
  const exceptions: PhraseTrie[] = [];
  if (!fs.existsSync(LOCALES_DIRECTORY)) throw new DangerLexiconError('no locales folder', LOCALES_DIRECTORY);
  const languages = fs
    .readdirSync(LOCALES_DIRECTORY, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(LOCALES_DIRECTORY, entry.name, LEXICON_FILE)))
    .map((entry) => entry.name)
    .sort();
  for (const language of languages) {
    const file = path.join(LOCALES_DIRECTORY, language, LEXICON_FILE);
    const lists = readLexiconFile(file);
    const proclitics = (PROCLITICS[language] ?? []).map((clitic) => normalizeForMatching(clitic));
    const root = newNode();
    for (const kind of DANGER_KINDS) for (const phrase of lists[kind]) addPhrase(root, phraseWords(phrase, file), kind);
    tries.push({ language, root, proclitics });
    if (lists.except?.length) {
      const idioms = newNode();
      for (const phrase of lists.except) addPhrase(idioms, phraseWords(phrase, file), 'sos');
      exceptions.push({ language, root: idioms, proclitics });
    }
  }
  compiledExceptions = exceptions;
  return tries;
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
  const words = normalizeForMatching(text).split(' ').filter((word) => word !== '');
  if (words.length === 0) return undefined;
  // An idiom that only looks like danger is blanked out first; danger words elsewhere in the message still count.
  for (const trie of compiledExceptions) {
    for (let start = 0; start < words.length; start++) {
      if (words[start] === '') continue;
      matchAt(trie, words, start, (_kinds, last) => words.fill('', start, last + 1));
    }
  }
  const kinds = new Set<DangerKind>();
  const kindsPerLanguage = new Map<string, number>();
  for (const trie of compiledLexicon) {
    const found = new Set<DangerKind>();
    for (let start = 0; start < words.length; start++) {
      if (words[start] === '') continue;
      matchAt(trie, words, start, (ends) => ends.forEach((kind) => found.add(kind)));
    }
    if (found.size === 0) continue;
    found.forEach((kind) => kinds.add(kind));
    kindsPerLanguage.set(trie.language, found.size);
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
