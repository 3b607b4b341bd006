// What the classifier sees of a message: the folded words (the same folding
// as danger words and commands), their stems where nlp.js has a stemmer for
// the language, and short letter sequences inside each word, so "salary",
// "salaries" and a misspelt "salry" still share most of what they look like.
import { StemmerAr } from '@nlpjs/lang-ar';
import { StemmerBn } from '@nlpjs/lang-bn';
import { StemmerEn } from '@nlpjs/lang-en';
import { StemmerHi } from '@nlpjs/lang-hi';
import { StemmerId } from '@nlpjs/lang-id';
import { StemmerNe } from '@nlpjs/lang-ne';
import { StemmerTa } from '@nlpjs/lang-ta';
import { StemmerTl } from '@nlpjs/lang-tl';
import { normalizeForMatching } from '../../kernel/text/danger';

/** A bag of features: name → weight. */
export type Features = Record<string, number>;

interface Stemmer {
  stem(tokens: string[]): string[];
}

type StemmerClass = new () => Stemmer;

/** The languages nlp.js has a language pack (and so a stemmer) for; the others use the folded words as they are. */
const STEMMERS: Readonly<Record<string, StemmerClass>> = {
  ar: StemmerAr as StemmerClass,
  bn: StemmerBn as StemmerClass,
  en: StemmerEn as StemmerClass,
  hi: StemmerHi as StemmerClass,
  id: StemmerId as StemmerClass,
  ne: StemmerNe as StemmerClass,
  ta: StemmerTa as StemmerClass,
  tl: StemmerTl as StemmerClass,
};

/** Names of word (or stem) features start with this; letter sequences with "s:". */
export const WORD_PREFIX = 'w:';

/** Weight of a word (or its stem) against one of its letter sequences. */
const WORD_WEIGHT = 1;
const SUBWORD_WEIGHT = 0.35;
/** Letter sequences of this length, with the word's edges marked, e.g. "<sa", "sal", …, "ry>". */
const SUBWORD_LENGTH = 3;
/**
 * Only words this long get letter sequences: shorter ones are matched whole (on the held-back
 * examples as accurate as sequences for every word, with a fifth fewer features to train).
 */
const SUBWORD_MIN_LETTERS = 5;

const NUMBER = /^\p{N}+$/u;
const SURROGATE = /[\uD800-\uDFFF]/;

/** Turns messages of one language into {@link Features}. */
export class FeatureExtractor {
  private readonly stemmer: Stemmer | undefined;

  constructor(readonly language: string) {
    const Stemmer = STEMMERS[language];
    this.stemmer = Stemmer ? new Stemmer() : undefined;
  }

  /** Whether nlp.js stems this language (otherwise the folded words are used as they are). */
  get stems(): boolean {
    return this.stemmer !== undefined;
  }

  /** The folded words of a message. */
  words(text: string): string[] {
    const normalized = normalizeForMatching(text);
    // Numbers ("2", "40 dinar", "16 hours") say how much, not what about: every intent's examples have them.
    return normalized === '' ? [] : normalized.split(' ').filter((word) => !NUMBER.test(word));
  }

  features(text: string): Features {
    const words = this.words(text);
    const features: Features = {};
    const stems = this.stemmer ? this.stemmer.stem([...words]) : words;
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      const stem = stems[i] || word;
      features[`${WORD_PREFIX}${stem}`] = WORD_WEIGHT;
      const marked = `<${word}>`;
      // Letters are code points; where there is no surrogate pair (every script the hotline reads
      // today), a code point is a UTF-16 unit and substrings need no array of letters.
      const letters = SURROGATE.test(marked) ? Array.from(marked) : undefined;
      const length = letters ? letters.length : marked.length;
      if (length - 2 < SUBWORD_MIN_LETTERS) continue;
      for (let start = 0; start + SUBWORD_LENGTH <= length; start++) {
        const key = `s:${letters ? letters.slice(start, start + SUBWORD_LENGTH).join('') : marked.substring(start, start + SUBWORD_LENGTH)}`;
        if (!(key in features)) features[key] = SUBWORD_WEIGHT;
      }
    }
    return features;
  }
}
