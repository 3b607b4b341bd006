// Menu answers in any script's digits must reach dialogs as the same number (scenario S7).
import { normalizeDigits, parseChoiceNumber } from '../../../kernel/text/digits';

describe('normalizeDigits', () => {
  it.each([
    ['٠١٢٣٤٥٦٧٨٩', '0123456789'], // Arabic-Indic
    ['۰۱۲۳۴۵۶۷۸۹', '0123456789'], // Extended Arabic-Indic (Urdu, Persian)
    ['०१२३४५६७८९', '0123456789'], // Devanagari
    ['০১২৩৪৫৬৭৮৯', '0123456789'], // Bengali
    ['௦௧௨௩௪௫௬௭௮௯', '0123456789'], // Tamil
    ['౦౧౨౩౪౫౬౭౮౯', '0123456789'], // Telugu
    ['൦൧൨൩൪൫൬൭൮൯', '0123456789'], // Malayalam
    ['෦෧෨෩෪෫෬෭෮෯', '0123456789'], // Sinhala Lith
    ['၀၁၂၃၄၅၆၇၈၉', '0123456789'], // Myanmar
    ['๐๑๒๓๔๕๖๗๘๙', '0123456789'], // Thai
    ['０１２３４５６７８９', '0123456789'], // fullwidth
    ['\u{1D7CE}\u{1D7D9}\u{1D7E4}\u{1D7EF}\u{1D7FA}\u{1D7FF}', '012349'], // mathematical, five consecutive blocks
  ])('%s → %s', (input, expected) => {
    expect(normalizeDigits(input)).toBe(expected);
  });

  it('leaves letters, punctuation and ASCII digits alone in mixed text', () => {
    expect(normalizeDigits('رقم ٣ و 4، हिंदी ५ and ২০')).toBe('رقم 3 و 4، हिंदी 5 and 20');
    expect(normalizeDigits('no digits here')).toBe('no digits here');
    expect(normalizeDigits('')).toBe('');
  });

  it('does not treat other numeric characters (superscripts, roman numerals, fractions) as digits', () => {
    expect(normalizeDigits('²Ⅻ½')).toBe('²Ⅻ½');
  });

  it('maps every code point Unicode calls a decimal digit to 0–9', () => {
    for (let codePoint = 0; codePoint <= 0x1ffff; codePoint++) {
      const character = String.fromCodePoint(codePoint);
      if (/\p{Nd}/u.test(character)) expect(normalizeDigits(character)).toMatch(/^[0-9]$/);
    }
  });
});

describe('parseChoiceNumber', () => {
  it.each([
    ['٢', 2],
    ['२', 2],
    ['২', 2],
    ['۲', 2],
    ['２', 2],
    [' 2. ', 2],
    ['2)', 2],
    ['(2)', 2],
    ['2️⃣', 2],
    ['\u200F٢', 2],
    ['\u2067٢\u2069', 2],
    ['٢.', 2],
    ['12', 12],
    ['١٢', 12],
    ['100', 100],
    ['0', 0],
    // The digits of every script the hotline's 17 languages are written in.
    ['൨', 2], // Malayalam
    ['௨', 2], // Tamil
    ['౨', 2], // Telugu
    ['෨', 2], // Sinhala Lith
    ['৭', 7], // Bengali (also used for Bengali-script Assamese)
    ['१७', 17], // Devanagari (Hindi, Nepali)
    ['١٧', 17], // Arabic-Indic (Arabic)
    ['۱۷', 17], // Extended Arabic-Indic (Urdu)
    // Ethiopic numerals (Amharic, Tigrinya) are additive, not positional.
    ['፩', 1],
    ['፪', 2],
    ['፱', 9],
    ['፲', 10],
    ['፲፪', 12],
    ['፲፯', 17],
    ['፳', 20],
    ['፺፱', 99],
    ['\u200F፪.', 2],
  ])('%j → %d', (input, expected) => {
    expect(parseChoiceNumber(input)).toBe(expected);
  });

  it.each(['2a', '', '   ', 'two', 'اثنان', '1000', '1 2', '1.5', '²', '፪፲', '፪፪', 'ሁለት', '፻'])('%j → undefined', (input) => {
    expect(parseChoiceNumber(input)).toBeUndefined();
  });
});
