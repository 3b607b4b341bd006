// The first message decides which language the bot confirms, or that the menu asks: the cases of issue 8
// and the rule that one ambiguous English word does not override the language the worker's client shows.
import { LOCALES_DIR } from '../../../bot/i18n';
import { firstLanguage, LanguageIdentifier } from '../../../bot/text/language';

const ALL = ['ar', 'ur', 'en', 'hi', 'ml', 'ta', 'te', 'bn', 'ne', 'tl', 'si', 'id', 'am', 'om', 'ti', 'sw', 'lg'];
const identifier = new LanguageIdentifier({ offered: ALL, localesDirectory: LOCALES_DIR });

describe('LanguageIdentifier.identify', () => {
  it.each([
    ['എനിക്ക് ശമ്പളം കിട്ടിയിട്ടില്ല', 'ml', 'script'],
    ['ஒரு மாதமாக சம்பளம் கொடுக்கவில்லை', 'ta', 'script'],
    ['నాకు జీతం ఇవ్వలేదు', 'te', 'script'],
    ['আমার বেতন দেয় না', 'bn', 'script'],
    ['ආයුබෝවන්, මට උදව් ඕනේ', 'si', 'script'],
  ])('%s → %s (the script decides alone)', async (text, language, basis) => {
    expect(await identifier.identify(text)).toMatchObject({ language, basis });
  });

  it.each([
    ['Saya butuh tempat aman malam ini', 'id'],
    ['नमस्ते, मलाई सहयोग चाहियो', 'ne'],
    ['म नेपाली हुँ, मलाई सहयोग चाहियो', 'ne'],
    ['मुझे मदद चाहिए, मेरा पासपोर्ट मालिक के पास है', 'hi'],
    ['my employer took my passport and did not pay my salary', 'en'],
    ['hindi po binabayaran ang sahod ko', 'tl'],
    ['مرحبا، أريد أن أعرف حقوقي', 'ar'],
    ['مجھے تنخواہ نہیں ملی', 'ur'],
  ])('%s → %s', async (text, language) => {
    expect(await identifier.identify(text)).toMatchObject({ language, basis: 'evidence' });
  });

  it.each([
    'Tôi cần giúp đỡ', // Vietnamese
    'Bonjour, j\'ai besoin d\'aide', // French
    '你好，我需要帮助', // Chinese
    'Здравствуйте, мне нужна помощь', // Russian
    '👍',
    '3',
  ])('%s → the menu asks (not offered, or nothing to go on)', async (text) => {
    expect(await identifier.identify(text)).toMatchObject({ language: undefined, basis: 'unsure' });
  });

  it('offers nothing a script names when that language is not offered', async () => {
    const englishArabic = new LanguageIdentifier({ offered: ['en', 'ar'], localesDirectory: LOCALES_DIR });
    expect(await englishArabic.identify('എനിക്ക് ശമ്പളം കിട്ടിയിട്ടില്ല')).toEqual({ language: undefined, candidates: [], script: 'Malayalam', basis: 'unsure' });
    expect((await englishArabic.identify('Saya butuh tempat aman malam ini')).language).toBeUndefined();
  });
});

describe('firstLanguage', () => {
  const decide = async (text: string, client?: string) => firstLanguage(await identifier.identify(text), text, client);

  it('keeps the client\'s language against one ambiguous English word', async () => {
    expect(await decide('hello', 'ar')).toBe('ar');
    expect(await decide('ok', 'ar')).toBe('ar');
    expect(await decide('hi', 'ur')).toBe('ur');
    expect(await decide('hello', 'id')).toBe('id');
    expect(await decide('👍', 'am')).toBe('am');
  });

  it('follows the message when it clearly says another language', async () => {
    expect(await decide('എനിക്ക് ശമ്പളം കിട്ടിയിട്ടില്ല', 'ar')).toBe('ml');
    expect(await decide('my employer took my passport and did not pay my salary', 'ar')).toBe('en');
    expect(await decide('नमस्ते, मलाई सहयोग चाहियो', 'hi')).toBe('ne');
  });

  it('asks with the menu when the message is in a language we do not offer, whatever the client says', async () => {
    expect(await decide('Xin chào, tôi chưa được trả lương', 'ar')).toBeUndefined();
    expect(await decide('Tôi cần giúp đỡ')).toBeUndefined();
  });

  it('without a client language, confirms only what the message says', async () => {
    expect(await decide('Saya butuh tempat aman malam ini')).toBe('id');
    expect(await decide('3')).toBeUndefined();
  });
});
