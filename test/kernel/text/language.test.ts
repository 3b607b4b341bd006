// The first message decides which language the bot confirms, or that the menu asks: the cases of issue 8
// and the rule that one ambiguous English word does not override the language the worker's client shows.
import { LOCALES_DIR } from '../../../kernel/i18n';
import { firstLanguage, LanguageIdentifier } from '../../../kernel/text/language';

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

describe('LanguageIdentifier.identify: a short choice when two or three languages fit about equally', () => {
  it.each([
    ['ሰላም', ['am', 'ti']], // the greeting of both
    ['mujhe madad chahiye', ['hi', 'ur']], // romanized Hindi and Urdu share these words
  ])('%s → choose among %j', async (text, languages) => {
    const result = await identifier.identify(text);
    expect(result.basis).toBe('shortlist');
    expect([...result.candidates].sort()).toEqual([...languages].sort());
  });

  it.each([
    ['assalam o alaikum, mujhe madad chahiye', 'ur'], // an Urdu greeting tells them apart
    ['namaste, mujhe madad chahiye, kripya', 'hi'],
    ['malai sahayog chahiyo', 'ne'],
    ['enikku sahayam venam, shambalam kittiyilla', 'ml'],
  ])('%s → %s (romanized, told by its own words)', async (text, language) => {
    expect(await identifier.identify(text)).toMatchObject({ language, basis: 'evidence' });
  });
});

describe('firstLanguage', () => {
  const decide = async (text: string, client?: string) => firstLanguage(await identifier.identify(text), text, client);

  it("keeps the client's language against one ambiguous English word", async () => {
    for (const [text, client] of [['hello', 'ar'], ['ok', 'ar'], ['hi', 'ur'], ['hello', 'id'], ['sos please', 'am'], ['👍', 'am'], ['2', 'ta']]) {
      expect({ text, client, decision: await decide(text as string, client) }).toEqual({ text, client, decision: { language: client, choices: [] } });
    }
  });

  it('keeps the client\'s language when the message may be in it', async () => {
    expect(await decide('ሰላም', 'ti')).toEqual({ language: 'ti', choices: [] });
    expect(await decide('mujhe madad chahiye', 'ur')).toEqual({ language: 'ur', choices: [] });
  });

  it('follows the message when it clearly says another language', async () => {
    expect(await decide('എനിക്ക് ശമ്പളം കിട്ടിയിട്ടില്ല', 'ar')).toEqual({ language: 'ml', choices: [] });
    expect(await decide('my employer took my passport and did not pay my salary', 'ar')).toEqual({ language: 'en', choices: [] });
    expect(await decide('नमस्ते, मलाई सहयोग चाहियो', 'hi')).toEqual({ language: 'ne', choices: [] });
    expect(await decide('salamat po', 'en')).toEqual({ language: 'tl', choices: [] });
  });

  it('offers the short choice of the message, not the client language it cannot be in', async () => {
    const decision = await decide('ሰላም', 'ar');
    expect(decision.language).toBeUndefined();
    expect([...decision.choices].sort()).toEqual(['am', 'ti']);
    const romanized = await decide('madad chahiye', 'en'); // two words, but Hindi or Urdu, not English
    expect(romanized.language).toBeUndefined();
    expect([...romanized.choices].sort()).toEqual(['hi', 'ur']);
  });

  it('asks with the whole menu when the message is in a language we do not offer, whatever the client says', async () => {
    expect(await decide('Xin chào, tôi chưa được trả lương', 'ar')).toEqual({ language: undefined, choices: [] });
    expect(await decide('Tôi cần giúp đỡ')).toEqual({ language: undefined, choices: [] });
  });

  it('without a client language, confirms only what the message says', async () => {
    expect(await decide('Saya butuh tempat aman malam ini')).toEqual({ language: 'id', choices: [] });
    expect(await decide('3')).toEqual({ language: undefined, choices: [] });
  });
});
