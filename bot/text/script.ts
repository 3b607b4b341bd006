// A first message's script is the cheapest strong hint at the worker's language, before they pick one from the menu.

/** The script most of a text's letters are written in, and the languages to offer, most likely first. */
export interface ScriptGuess {
  /** Unicode script name, as in `\p{Script=…}` (e.g. "Arabic", "Devanagari", "Latin"). */
  script: string;
  /** ISO 639-1 codes of supported languages written in that script, most likely first. */
  languages: string[];
}

/** Scripts of the supported languages, in tie-break order, with their default candidates. */
const SCRIPTS: ReadonlyArray<{ script: string; pattern: RegExp; languages: readonly string[] }> = [
  { script: 'Arabic', pattern: /\p{Script=Arabic}/u, languages: ['ar', 'ur'] },
  { script: 'Devanagari', pattern: /\p{Script=Devanagari}/u, languages: ['hi', 'ne'] },
  { script: 'Bengali', pattern: /\p{Script=Bengali}/u, languages: ['bn'] },
  { script: 'Tamil', pattern: /\p{Script=Tamil}/u, languages: ['ta'] },
  { script: 'Telugu', pattern: /\p{Script=Telugu}/u, languages: ['te'] },
  { script: 'Malayalam', pattern: /\p{Script=Malayalam}/u, languages: ['ml'] },
  { script: 'Sinhala', pattern: /\p{Script=Sinhala}/u, languages: ['si'] },
  { script: 'Ethiopic', pattern: /\p{Script=Ethiopic}/u, languages: ['am', 'ti'] },
  { script: 'Latin', pattern: /\p{Script=Latin}/u, languages: ['en', 'tl', 'id', 'sw', 'om', 'lg'] },
];

const LETTER = /\p{L}/u;

/**
 * Letters Urdu uses and Arabic does not: yeh barree, tteh, ddal, rreh, noon ghunna, heh doachashmee,
 * yeh barree with hamza, teh marbuta goal, heh goal, Farsi yeh and keheh. Arabic keyboards type ي and ك.
 */
const URDU_LETTERS = /[\u06D2\u0679\u0688\u0691\u06BA\u06BE\u06D3\u06C3\u06C1\u06C2\u06CC\u06A9]/u;

/** Whole words that are Nepali and not Hindi: the copula छ and its forms, and common pronouns and verbs. */
const NEPALI_WORDS = new Set([
  'छ', 'छु', 'छन्', 'छौं', 'छौ', 'छैन', 'छैनन्', 'हुनुहुन्छ', 'गर्नु', 'गर्नुहोस्', 'म', 'मलाई', 'मेरो', 'तपाईं',
  'तपाई', 'तपाईंको', 'भयो', 'गरेको', 'गर्छ', 'हुन्छ', 'थियो', 'पनि', 'कृपया', 'नमस्कार', 'सहयोग',
]);

/** Whole words that are Hindi and not Nepali, to outvote a stray Nepali-looking word. */
const HINDI_WORDS = new Set([
  'है', 'हैं', 'हूँ', 'हूं', 'मुझे', 'मेरा', 'मेरी', 'मेरे', 'नहीं', 'का', 'की', 'के', 'में', 'कर', 'दिया', 'आप', 'क्या',
  'चाहिए', 'और', 'को', 'से', 'था', 'थी',
]);

/** Nepali verb endings in छ (गर्छ, हुन्छ, बस्छु) that Hindi words such as कुछ and पूछ do not share. */
const NEPALI_ENDING = /्छ(?:ु|न्|ौं|ौ)?$/u;

/** Common words that tell the Latin-script languages apart; a tiny vote, not a language model. */
const LATIN_WORDS: Readonly<Record<string, ReadonlySet<string>>> = {
  en: new Set(['i', 'the', 'my', 'help', 'hello', 'is', 'me', 'you', 'am', 'are', 'not', 'what', 'how', 'please',
    'hi', 'and', 'have', 'want', 'need', 'this', 'it', 'can', 'was', 'with']),
  tl: new Set(['ako', 'po', 'ang', 'ng', 'mga', 'hindi', 'salamat', 'tulong', 'kumusta', 'kamusta', 'ko', 'ka', 'sa',
    'siya', 'ba', 'opo', 'gusto', 'kailangan', 'magandang', 'paano', 'naman', 'lang', 'wala', 'amo']),
  id: new Set(['saya', 'tidak', 'tolong', 'terima', 'kasih', 'apa', 'aku', 'dan', 'yang', 'ini', 'itu', 'dengan',
    'bisa', 'mau', 'majikan', 'gaji', 'selamat', 'bagaimana', 'ada', 'anda', 'sudah', 'belum']),
  sw: new Set(['habari', 'nina', 'msaada', 'asante', 'mimi', 'wewe', 'ni', 'kwa', 'sana', 'tafadhali', 'sijui',
    'hapana', 'ndiyo', 'mshahara', 'nataka', 'jambo', 'naomba', 'nisaidie']),
  om: new Set(['akkam', 'nagaa', 'ani', 'maaloo', 'gargaarsa', 'galatoomi', 'galatoomaa']),
  lg: new Set(['oli', 'otya', 'webale', 'nsaba', 'nze', 'gyendi', 'obuyambi', 'nyabo', 'ssebo', 'bulungi']),
};

function words(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().split(/[^\p{L}\p{M}]+/u).filter((word) => word.length > 0);
}

function arabicScriptLanguages(text: string): string[] {
  return URDU_LETTERS.test(text) ? ['ur', 'ar'] : ['ar', 'ur'];
}

function devanagariLanguages(text: string): string[] {
  let nepali = 0;
  let hindi = 0;
  for (const word of words(text)) {
    if (NEPALI_WORDS.has(word) || NEPALI_ENDING.test(word)) nepali++;
    if (HINDI_WORDS.has(word)) hindi++;
  }
  return nepali > hindi ? ['ne', 'hi'] : ['hi', 'ne'];
}

function latinLanguages(text: string, defaults: readonly string[]): string[] {
  const votes = new Map<string, number>(defaults.map((language) => [language, 0]));
  for (const word of words(text)) {
    for (const language of defaults) {
      if (LATIN_WORDS[language]?.has(word)) votes.set(language, (votes.get(language) ?? 0) + 1);
    }
  }
  // Array.prototype.sort is stable, so ties keep the default order.
  return [...defaults].sort((a, b) => (votes.get(b) ?? 0) - (votes.get(a) ?? 0));
}

/**
 * Guesses the language of a message from the script most of its letters are in.
 *
 * Arabic script is Urdu first when Urdu-only letters appear (ے ٹ ڈ ڑ ں ھ ی ک …), else Arabic first;
 * Devanagari is Nepali first when Nepali words (छ, हुनुहुन्छ, मलाई, verbs in -्छ) outnumber Hindi ones;
 * Latin is ordered by a small stop-word vote among English, Tagalog, Indonesian, Swahili, Oromo and
 * Luganda (English first on a tie). Bengali, Tamil, Telugu, Malayalam and Sinhala name one language;
 * Ethiopic is Amharic then Tigrinya.
 *
 * @returns undefined when the text has no letters (digits, emoji, punctuation) or its letters are
 *   mostly in a script none of the supported languages use.
 */
export function detectLanguageByScript(text: string): ScriptGuess | undefined {
  const counts = new Map<string, number>();
  let otherLetters = 0;
  for (const character of text) {
    if (!LETTER.test(character)) continue;
    const entry = SCRIPTS.find(({ pattern }) => pattern.test(character));
    if (entry) counts.set(entry.script, (counts.get(entry.script) ?? 0) + 1);
    else otherLetters++;
  }
  let best: (typeof SCRIPTS)[number] | undefined;
  let bestCount = 0;
  for (const entry of SCRIPTS) {
    const count = counts.get(entry.script) ?? 0;
    if (count > bestCount) {
      best = entry;
      bestCount = count;
    }
  }
  if (!best || otherLetters > bestCount) return undefined;
  switch (best.script) {
    case 'Arabic':
      return { script: best.script, languages: arabicScriptLanguages(text) };
    case 'Devanagari':
      return { script: best.script, languages: devanagariLanguages(text) };
    case 'Latin':
      return { script: best.script, languages: latinLanguages(text, best.languages) };
    default:
      return { script: best.script, languages: [...best.languages] };
  }
}
