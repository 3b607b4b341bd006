// Which language a first short message is in: the script narrows the candidates, a language-identification
// library (CLD2, the `cld` package) and the words of our own locale files decide among them, and when the
// evidence is thin the worker chooses, from a short list or the menu, rather than being answered in a guess.
import * as fs from 'node:fs';
import * as path from 'node:path';
import cld from 'cld';
import { ROMANIZED_LANGUAGES, ROMANIZED_WORDS } from './romanizedWords';
import { dominantScript, SCRIPT_LANGUAGES, type ScriptName } from './script';

/** What {@link LanguageIdentifier.identify} concluded about a message. */
export interface LanguageIdentification {
  /** The offered language to confirm with the worker; undefined when the menu should ask. */
  language: string | undefined;
  /**
   * Offered languages the message may be in, likeliest first: the one confirmed, the shortlist to choose
   * from, or (unsure) those with any evidence; empty for letters of no offered language.
   */
  candidates: string[];
  /** The script most of the letters are in (Unicode name); undefined when the message has no letters. */
  script: ScriptName | undefined;
  /**
   * How the language was told: `script` (only one language writes it), `evidence` (library and words agree
   * clearly enough), `shortlist` (two or three offered languages fit about equally: "ሰላም" is Amharic and
   * Tigrinya, "mujhe madad chahiye" Hindi and Urdu; the worker picks one), or `unsure` (the whole menu asks;
   * also for a language we do not offer).
   */
  basis: 'script' | 'evidence' | 'shortlist' | 'unsure';
}

/**
 * Close relatives the library may name, counted as the language a worker who writes them reads best:
 * Malay, Javanese and Sundanese speakers read Indonesian; Cebuano and Waray speakers read Filipino.
 * (CLD2's codes: `jw` is Javanese, `fil` Filipino.)
 */
const RELATIVES: Readonly<Record<string, string>> = { ms: 'id', jw: 'id', jv: 'id', su: 'id', ceb: 'tl', war: 'tl', fil: 'tl' };

/** Languages also written in Latin letters (romanized Hindi, Urdu, Nepali, Malayalam, Amharic…). */
const ROMANIZED: readonly string[] = ROMANIZED_LANGUAGES;

/** The 17 languages the scripts name: a library's answer outside them is a language we do not offer. */
const KNOWN_LANGUAGES: ReadonlySet<string> = new Set(Object.values(SCRIPT_LANGUAGES).flat());

/** The most one word counts against a language (in nats: a word used 20 times more by another language). */
const WORD_CAP = 3;
/** The most the library's ranking counts against a language (in nats), at full weight. */
const LIBRARY_CAP = 2;
/**
 * Below this share of words our locale files know, Latin text the library calls a language we do not
 * offer is that language (coincidences such as "no", "me" or "a" do not make Spanish or French ours).
 */
const FOREIGN_COVERAGE = 0.5;
/** Letters at which the library's ranking carries its full weight; below, it counts proportionally less. */
const LIBRARY_FULL_LETTERS = 8;
/** How far (in nats) the likeliest language must lead the next before the bot confirms it instead of asking. */
const CONFIDENCE_MARGIN = 1;
/** Less than this to go on (one known word, or the library on a sentence) is nothing: the menu asks. */
const MINIMUM_EVIDENCE = 0.5;
/** At most this many languages about equally likely are offered as a short choice; more, the whole menu. */
const SHORTLIST_MAX = 3;

/**
 * Words added to every language's word count before frequencies are taken, so a language with few words
 * in a script (Nepali in Latin letters: a short list) does not make each of them weigh more than a large
 * locale's words.
 */
const PRIOR_WORDS = 500;

/** The number of words a romanized vocabulary is taken to have, the same for every romanized language. */
const ROMANIZED_SCALE = 2000;

/** Words of one language's locale files, each with how often it occurs among the words of its script. */
type Vocabulary = Map<string, number>;

const LETTERS_OF_WORD = /[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*/gu;
/** Interpolations ({{count}}), URLs and e-mail addresses are not words of a language. */
const NOT_PROSE = /\{\{[^}]*\}\}|https?:\/\/\S+|\S+@\S+/gu;

/** Lower-cased words of a text, with format characters and Arabic marks removed; letters are not folded. */
export function wordsOf(text: string): string[] {
  const cleaned = text
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .replace(/[\u0610-\u061A\u064B-\u065F\u0670\u0640]/gu, '')
    .toLowerCase()
    .replace(NOT_PROSE, ' ');
  return (cleaned.match(LETTERS_OF_WORD) ?? []).map((word) => word.replace(/['’]/gu, ''));
}

function collectStrings(value: unknown, into: string[]): void {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, into);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) collectStrings(item, into);
}

/**
 * Files of a locale folder that are not the language's own words: review notes (partly English), and the
 * danger lists, which are generated combinations of persons and verb forms; counting them skewed the
 * frequencies (a longer English list made "ok" on an Arabic page look Indonesian), and adding danger words
 * must never change which language a worker is taken to write.
 */
const NOT_VOCABULARY = new Set(['_meta.json', 'danger.json']);

/** Every word of a locale folder's files (all namespaces and intents; not the danger lists). */
function localeWords(localesDirectory: string, language: string): string[] {
  const directory = path.join(localesDirectory, language);
  if (!fs.existsSync(directory)) return [];
  const strings: string[] = [];
  for (const file of fs.readdirSync(directory).filter((name) => name.endsWith('.json') && !NOT_VOCABULARY.has(name))) {
    collectStrings(JSON.parse(fs.readFileSync(path.join(directory, file), 'utf8')), strings);
  }
  return strings.flatMap(wordsOf);
}

/** The language whose words a Latin word in another language's files most likely is (code-mixing). */
const CODE_MIXED_WITH = 'en';

/**
 * Every word of `locales/<lng>/*.json` in one of the language's scripts, as relative frequencies within
 * that script. Latin words in the files of a language with its own script are its romanized words,
 * except words the English files also use ("salary", "good morning sir" in a Malayalam example):
 * code-mixed English says nothing about which romanized language it is (see {@link shareCodeMixing}).
 * The romanized lexicons of `romanizedWords.ts` are added as they are.
 */
export function readVocabularies(localesDirectory: string, languages: readonly string[]): Map<string, Vocabulary> {
  const english = new Set(localeWords(localesDirectory, CODE_MIXED_WITH));
  const vocabularies = new Map<string, Vocabulary>();
  for (const language of languages) {
    const counts = new Map<string, number>();
    // Frequencies are relative to the words of the same script: romanized Hindi is a small part of Hindi's
    // files, and its words must weigh against Urdu's romanized words, not against all of Hindi.
    const totals = new Map<ScriptName, number>();
    const add = (word: string, script: ScriptName): void => {
      counts.set(word, (counts.get(word) ?? 0) + 1);
      totals.set(script, (totals.get(script) ?? 0) + 1);
    };
    const romanized = ROMANIZED.includes(language);
    for (const word of localeWords(localesDirectory, language)) {
      const script = dominantScript(word);
      if (!script) continue;
      if (SCRIPT_LANGUAGES[script].includes(language)) add(word, script);
      else if (script === 'Latin' && romanized && !english.has(word)) add(word, script);
    }
    for (const word of ROMANIZED_WORDS[language] ?? []) add(word, 'Latin');
    vocabularies.set(
      language,
      new Map(
        [...counts].map(([word, count]) => {
          const script = dominantScript(word) as ScriptName;
          // Romanized words are few and their counts say more about how a file was written than about the
          // language: presence counts, repetition hardly, and every romanized language on the same scale.
          if (romanized && script === 'Latin') return [word, (1 + Math.log(count)) / ROMANIZED_SCALE];
          return [word, count / ((totals.get(script) ?? 0) + PRIOR_WORDS)];
        }),
      ),
    );
  }
  return vocabularies;
}

/**
 * A language-identification library's ranking of a text: similarity per language (ISO 639-1 codes for
 * ours; whatever code the library uses for languages we do not offer), any scale, best first. For Latin
 * text the languages we do not offer must stay in: they are how "Tôi cần giúp đỡ" reaches the menu.
 */
export type LibraryRanking = (text: string, candidates: readonly string[], script: ScriptName) => Promise<Array<[language: string, similarity: number]>>;

/**
 * CLD2 (the `cld` package): each language it finds in the text with the share of the text that is in it.
 * It measured best on our labelled first messages (docs/understanding.md); it knows all 17 languages.
 */
export const cldRanking: LibraryRanking = async (text) => {
  try {
    const result = await cld.detect(text, { bestEffort: true });
    return result.languages.map((language) => [RELATIVES[language.code] ?? language.code, language.percent]);
  } catch {
    return []; // CLD2 rejects what it cannot place at all ("Failed to identify language")
  }
};

/**
 * Romanized Hindi and Urdu are one spoken language in the same letters, and which of their words happen
 * to be in our locale files says nothing about which of the two a worker reads. So in Latin letters a
 * word counts alike for both, except the words only one of their lexicons has (`ROMANIZED_WORDS`: "namaste",
 * "kripya" for Hindi; "janab", "meherbani", "inshallah" for Urdu), which alone tell them apart; with none
 * of those the worker chooses between the two.
 */
const SHARED_ROMANIZED: ReadonlyArray<readonly [string, string]> = [['hi', 'ur']];

/** Words in one language's romanized lexicon and not in its sibling's. */
const DISTINCTIVE: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  SHARED_ROMANIZED.flatMap(([first, second]) => {
    const firstWords = new Set(ROMANIZED_WORDS[first] ?? []);
    const secondWords = new Set(ROMANIZED_WORDS[second] ?? []);
    return [
      [first, new Set([...firstWords].filter((word) => !secondWords.has(word)))],
      [second, new Set([...secondWords].filter((word) => !firstWords.has(word)))],
    ] as Array<[string, ReadonlySet<string>]>;
  }),
);

/**
 * English words in a romanized message ("sir please udhavunga, salary tharala") are code-mixing, which
 * every romanized language does alike: they weigh as much for each romanized language as for English, so
 * only the rest of the message (and the library, which knows English) tells them apart.
 */
function shareCodeMixing(languages: readonly string[], frequencies: number[]): void {
  const english = languages.indexOf(CODE_MIXED_WITH);
  const frequency = english < 0 ? 0 : (frequencies[english] as number);
  if (frequency === 0) return;
  languages.forEach((language, index) => {
    if (ROMANIZED.includes(language)) frequencies[index] = Math.max(frequencies[index] as number, frequency);
  });
}

function sharePairs(word: string, languages: readonly string[], frequencies: number[]): void {
  for (const [first, second] of SHARED_ROMANIZED) {
    const a = languages.indexOf(first);
    const b = languages.indexOf(second);
    if (a < 0 || b < 0) continue;
    if (DISTINCTIVE.get(first)?.has(word)) {
      frequencies[b] = 0;
    } else if (DISTINCTIVE.get(second)?.has(word)) {
      frequencies[a] = 0;
    } else {
      const shared = Math.max(frequencies[a] as number, frequencies[b] as number);
      frequencies[a] = shared;
      frequencies[b] = shared;
    }
  }
}

export interface LanguageIdentifierOptions {
  /** Languages the hotline offers (profile ∩ locales). */
  offered: readonly string[];
  /** Where the locale folders are; their words are the per-language evidence. */
  localesDirectory: string;
  /** The library's ranking; CLD2 unless a comparison plugs in another. */
  library?: LibraryRanking;
}

/**
 * Identifies the language of a worker's first message among the languages the hotline could speak
 * (docs/understanding.md explains the method and its measurements).
 *
 * 1. The script narrows the candidates: Arabic script is Arabic or Urdu, Devanagari Hindi or Nepali,
 *    Ethiopic Amharic or Tigrinya; Bengali, Tamil, Telugu, Malayalam and Sinhala letters name their
 *    language alone; Latin letters are English, Filipino, Indonesian, Swahili, Oromo, Luganda, or any of
 *    the others romanized ("mujhe madad chahiye", "enikku sahayam venam").
 * 2. Among several, CLD2's ranking and the words of each candidate's locale files (and romanized
 *    lexicon) weigh in, as capped log-ratios; Latin text the library calls a language we do not offer,
 *    with few words we know, is not ours.
 * 3. A clear leader that is offered is confirmed; two or three about equal are offered to choose from;
 *    anything else gets the whole menu.
 */
export class LanguageIdentifier {
  private readonly offered: readonly string[];
  private readonly vocabularies: Map<string, Vocabulary>;
  private readonly library: LibraryRanking;

  constructor(options: LanguageIdentifierOptions) {
    this.offered = options.offered;
    this.library = options.library ?? cldRanking;
    this.vocabularies = readVocabularies(options.localesDirectory, [...KNOWN_LANGUAGES]);
  }

  async identify(text: string): Promise<LanguageIdentification> {
    const script = dominantScript(text);
    if (!script) return { language: undefined, candidates: [], script, basis: 'unsure' };
    const languages = script === 'Latin' ? [...SCRIPT_LANGUAGES.Latin, ...ROMANIZED] : [...SCRIPT_LANGUAGES[script]];
    if (languages.length === 1) {
      const only = languages.filter((language) => this.offered.includes(language));
      return { language: only[0], candidates: only, script, basis: only.length ? 'script' : 'unsure' };
    }
    const { scores, amount, foreign } = await this.score(text, script, languages);
    const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
    const [leader] = ranked;
    const offeredRanking = ranked.filter(([language]) => this.offered.includes(language)).map(([language]) => language);
    if (!leader || foreign || amount < MINIMUM_EVIDENCE) return { language: undefined, candidates: offeredRanking, script, basis: 'unsure' };
    // The leader and every language within the margin of it.
    const group = ranked.filter(([, score]) => leader[1] - score < CONFIDENCE_MARGIN).map(([language]) => language);
    const allOffered = group.every((language) => this.offered.includes(language));
    if (group.length === 1 && allOffered) return { language: leader[0], candidates: group, script, basis: 'evidence' };
    if (group.length <= SHORTLIST_MAX && allOffered) return { language: undefined, candidates: group, script, basis: 'shortlist' };
    return { language: undefined, candidates: offeredRanking, script, basis: 'unsure' };
  }

  /**
   * Evidence per candidate, in nats relative to the best (0 for the likeliest, negative for the others):
   * each word of the message that a candidate's locale files contain counts as the log of how much more
   * often the likeliest candidate uses it (at most {@link WORD_CAP}, so one word cannot veto), and the
   * library's ranking adds the log of each candidate's similarity to the best candidate's (at most
   * {@link LIBRARY_CAP}, less on a short message). `amount` says how much there was to go on; `foreign`
   * that the text is in Latin letters, the library puts a language we do not offer first, and most of
   * its words are in none of our locale files ("Tôi cần giúp đỡ", "Hola, necesito ayuda").
   */
  private async score(text: string, script: ScriptName, languages: readonly string[]): Promise<{ scores: Map<string, number>; amount: number; foreign: boolean }> {
    const scores = new Map<string, number>(languages.map((language) => [language, 0]));
    const add = (language: string, value: number): void => {
      scores.set(language, (scores.get(language) ?? 0) + value);
    };
    const words = wordsOf(text);
    // A word said twice ("help help", "ram ram") is one piece of evidence.
    for (const word of new Set(words)) {
      const frequencies = languages.map((language) => this.vocabularies.get(language)?.get(word) ?? 0);
      if (script === 'Latin') {
        shareCodeMixing(languages, frequencies);
        sharePairs(word, languages, frequencies);
      }
      const best = Math.max(...frequencies);
      if (best === 0) continue; // a word no candidate uses (a name, a typo) says nothing
      languages.forEach((language, index) => {
        const frequency = frequencies[index] as number;
        add(language, frequency ? Math.max(-WORD_CAP, Math.log(frequency / best)) : -WORD_CAP);
      });
    }
    const known = words.filter((word) => languages.some((language) => this.vocabularies.get(language)?.has(word))).length;
    let amount = known;
    let foreign = false;
    const letters = [...text].filter((character) => /\p{L}/u.test(character)).length;
    const weight = Math.min(1, letters / LIBRARY_FULL_LETTERS);
    if (weight > 0) {
      // The library knows no romanized text: it counts against those languages only when it puts one of our
      // Latin-script languages first (it names something far-fetched for romanized Hindi: Klingon, Basque).
      const libraryLanguages = script === 'Latin' ? languages.filter((language) => !ROMANIZED.includes(language)) : languages;
      const ranking = (await this.library(text, libraryLanguages, script)).filter(([, similarity]) => similarity > 0);
      const first = ranking[0]?.[0];
      foreign = script === 'Latin' && first !== undefined && !KNOWN_LANGUAGES.has(first) && known < words.length * FOREIGN_COVERAGE;
      if (script === 'Latin' && first !== undefined && libraryLanguages.includes(first)) {
        for (const language of languages) if (ROMANIZED.includes(language)) add(language, -weight * LIBRARY_CAP);
      }
      const ours = new Map<string, number>();
      for (const [language, similarity] of ranking) if (libraryLanguages.includes(language) && !ours.has(language)) ours.set(language, similarity);
      const best = Math.max(0, ...ours.values());
      if (best > 0) {
        amount += weight;
        for (const language of libraryLanguages) {
          const similarity = ours.get(language);
          add(language, weight * (similarity === undefined ? -LIBRARY_CAP : Math.max(-LIBRARY_CAP, Math.log(similarity / best))));
        }
      }
    }
    return { scores, amount, foreign };
  }
}

/**
 * Fewer words than this, in Latin letters, do not override the language the worker's client shows:
 * "hello" or "ok" on an Arabic page is everyone's English, not a choice of English.
 */
const WORDS_TO_OVERRIDE_CLIENT = 3;

/** The language everyone's few Latin words ("hello", "ok", "please") are in. */
const LINGUA_FRANCA = 'en';

/** What to do with a worker who has not chosen a language yet. */
export interface FirstLanguage {
  /** The language to confirm with the worker. */
  language: string | undefined;
  /** When there is no language to confirm: two or three to choose from (empty: the whole menu). */
  choices: string[];
}

/**
 * The language to confirm with a worker who has not chosen one yet, from their first message and the
 * language their client shows (`activity.locale`, e.g. the widget on an Arabic page), or a short choice,
 * or (neither) the whole language menu.
 *
 * - A script only one offered language uses decides (Malayalam letters on an English page are Malayalam).
 * - The client's language stands when the message has no letters ("1", "👍"), when it may be in that
 *   language (the client's language is the one found or among those about equally likely), and against
 *   a few Latin words that are English or nothing clear ("hello", "ok", "sos please").
 * - Otherwise the message decides: its language, its shortlist, or the menu; never a silent guess.
 */
export function firstLanguage(identification: LanguageIdentification, text: string, clientLanguage: string | undefined): FirstLanguage {
  const fromMessage: FirstLanguage = {
    language: identification.language,
    choices: identification.basis === 'shortlist' ? identification.candidates : [],
  };
  if (identification.basis === 'script' || !clientLanguage) return fromMessage;
  const client: FirstLanguage = { language: clientLanguage, choices: [] };
  if (identification.script === undefined) return client;
  if (identification.language === clientLanguage || fromMessage.choices.includes(clientLanguage)) return client;
  const fewLatinWords = identification.script === 'Latin' && wordsOf(text).length < WORDS_TO_OVERRIDE_CLIENT;
  if (fewLatinWords && (identification.basis === 'unsure' || identification.language === LINGUA_FRANCA)) return client;
  return fromMessage;
}
