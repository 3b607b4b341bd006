// Workers answer menus with the digits of their own script ("٢", "२", "২"), so every Unicode digit must read as its ASCII value.

/**
 * Code point of the zero of every run of ten decimal digits (General Category Nd), ascending.
 * Consecutive blocks (e.g. the mathematical digits 1D7CE–1D7FF) appear as several entries.
 *
 * Generated once, on Node 20.20.2 (ICU 78.2, Unicode 17.0), with:
 * `node -e 'const z=[];let p=-2;for(let c=0;c<=0x10FFFF;c++)if(/\p{Nd}/u.test(String.fromCodePoint(c))){if(c!==p+1||c-z.at(-1)>=10)z.push(c);p=c}console.log(z.map(x=>x.toString(16)).join())'`
 * (770 Nd code points, 77 blocks). Regenerate when a newer Unicode adds digits; until then such
 * digits are left unchanged rather than guessed.
 */
const DIGIT_ZEROS: readonly number[] = [
  0x0030, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6,
  0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0DE6, 0x0E50, 0x0ED0,
  0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80,
  0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900,
  0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10, 0x104A0, 0x10D30, 0x10D40,
  0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
  0x116C0, 0x116D0, 0x116DA, 0x11730, 0x118E0, 0x11950, 0x11BF0, 0x11C50,
  0x11D50, 0x11DA0, 0x11DE0, 0x11F50, 0x16130, 0x16A60, 0x16AC0, 0x16B50,
  0x16D70, 0x1CCF0, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140,
  0x1E2F0, 0x1E4F0, 0x1E5F1, 0x1E950, 0x1FBF0,
];

const NON_ASCII_DIGIT = /(?![0-9])\p{Nd}/gu;

/** Format characters (bidi marks, zero-width joiners) that keyboards and apps slip around a reply. */
const FORMAT_CHARACTERS = /\p{Cf}/gu;

/** Whitespace, punctuation, symbols and the keycap emoji parts ("2️⃣") around a menu answer. */
const SURROUNDING_NOISE = /^[\s\p{P}\p{S}\uFE0F\u20E3]+|[\s\p{P}\p{S}\uFE0F\u20E3]+$/gu;

const CHOICE_NUMBER = /^[0-9]{1,3}$/;

/**
 * Ethiopic numerals (Amharic, Tigrinya) are not decimal digits but additive: ፩–፱ are 1–9 and
 * ፲–፺ are 10–90, so twelve is ፲፪ (ten, two) and ፲፯ is the seventeenth language of the menu.
 * A tens sign, a units sign, or a tens sign followed by a units sign: 1–99.
 */
const ETHIOPIC_NUMBER = /^([\u1372-\u137A])?([\u1369-\u1371])?$/u;

/** Value of an Ethiopic numeral 1–99 ("፪" → 2, "፲፯" → 17), or undefined. */
function ethiopicNumberValue(text: string): number | undefined {
  const match = ETHIOPIC_NUMBER.exec(text);
  if (!match || (!match[1] && !match[2])) return undefined;
  const tens = match[1] ? (match[1].codePointAt(0) as number) - 0x1371 : 0;
  const units = match[2] ? (match[2].codePointAt(0) as number) - 0x1368 : 0;
  return tens * 10 + units;
}

/** Value 0–9 of a decimal digit code point, or undefined if it is not in {@link DIGIT_ZEROS}. */
function digitValue(codePoint: number): number | undefined {
  let low = 0;
  let high = DIGIT_ZEROS.length - 1;
  let zero: number | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const candidate = DIGIT_ZEROS[middle] as number;
    if (candidate <= codePoint) {
      zero = candidate;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  if (zero === undefined || codePoint - zero > 9) return undefined;
  return codePoint - zero;
}

/**
 * Replaces every Unicode decimal digit (Arabic-Indic, Urdu/Persian, Devanagari, Bengali, Tamil,
 * Telugu, Malayalam, Sinhala, Thai, fullwidth, mathematical, …) with its ASCII digit; all other
 * characters are kept as they are.
 *
 * @example normalizeDigits('٢٠٢٤ and ৩') // '2024 and 3'
 */
export function normalizeDigits(input: string): string {
  return input.replace(NON_ASCII_DIGIT, (digit) => {
    const value = digitValue(digit.codePointAt(0) as number);
    return value === undefined ? digit : String(value);
  });
}

/**
 * Reads a menu answer as a number: drops bidi and other format marks, trims surrounding
 * whitespace, punctuation and symbols (so " 2. ", "2)", "(2)", "2️⃣" and "\u200F٢" all count),
 * normalizes the digits of any script and returns the integer if what remains is 1–3 digits.
 * Ethiopic numerals count too (፪ is 2, ፲፪ is 12).
 *
 * @returns the chosen number, or undefined when the answer is not just a number ("2a", "two", "").
 */
export function parseChoiceNumber(input: string): number | undefined {
  const trimmed = input.replace(FORMAT_CHARACTERS, '').replace(SURROUNDING_NOISE, '');
  const core = normalizeDigits(trimmed);
  if (CHOICE_NUMBER.test(core)) return Number.parseInt(core, 10);
  return ethiopicNumberValue(trimmed);
}
