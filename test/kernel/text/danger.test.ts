// The safety interrupt depends on these lists: each language's danger words must fire, everyday messages must not, and a bad edit must fail CI.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DANGER_KINDS, DangerIndicator, DangerKind, detectDanger, normalizeForMatching } from '../../../kernel/text/danger';

const LOCALES_DIR = path.join(__dirname, '..', '..', '..', 'locales');
const REQUIRED_LANGUAGES = ['ar', 'ur', 'en', 'hi', 'ml', 'ta', 'te', 'bn', 'ne', 'tl', 'si', 'id', 'am', 'om', 'ti', 'sw', 'lg'];

/** Languages with a danger.json, and their parsed contents. */
const lexicons: Array<[string, unknown]> = fs
  .readdirSync(LOCALES_DIR)
  .filter((language) => fs.existsSync(path.join(LOCALES_DIR, language, 'danger.json')))
  .sort()
  .map((language) => [language, JSON.parse(fs.readFileSync(path.join(LOCALES_DIR, language, 'danger.json'), 'utf8'))]);

type MustMatch = [language: string, text: string, kinds: DangerKind[], indicators: DangerIndicator[]];

const MUST_MATCH: MustMatch[] = [
  ['en', 'SOS', ['sos'], []],
  ['en', 'sos please', ['sos'], []],
  ['en', 'S.O.S', ['sos'], []],
  ['en', 'my employer beat me', ['violence'], ['physicalSexualViolence']],
  ['en', 'he beats me', ['violence'], ['physicalSexualViolence']],
  ['en', 'I was beaten', ['violence'], ['physicalSexualViolence']],
  ['en', 'Madam hit me yesterday', ['violence'], ['physicalSexualViolence']],
  ['en', 'they locked me in', ['confinement'], ['restrictionOfMovement']],
  ['en', 'I am locked in the room', ['confinement'], ['restrictionOfMovement']],
  ['en', 'I cannot leave the house', ['confinement'], ['restrictionOfMovement']],
  ['en', 'I can’t leave the house', ['confinement'], ['restrictionOfMovement']],
  ['en', 'I want to kill myself', ['selfHarm'], []],
  ['en', 'he threatened to kill me', ['threat'], ['intimidationThreats']],
  ['en', 'please help, he locked me in and beats me', ['violence', 'confinement'], ['physicalSexualViolence', 'restrictionOfMovement']],
  ['ar', 'ضربني', ['violence'], ['physicalSexualViolence']],
  ['ar', 'وضربني صاحب البيت', ['violence'], ['physicalSexualViolence']],
  ['ar', 'حبسوني', ['confinement'], ['restrictionOfMovement']],
  ['ar', 'أنا محبوسة في الغرفة', ['confinement'], ['restrictionOfMovement']],
  ['ar', 'أنا مَحْبُوسَةٌ في الغرفة', ['confinement'], ['restrictionOfMovement']],
  ['ar', 'أريد أن أقتل نفسي', ['selfHarm'], []],
  ['ar', 'هددني بالترحيل', ['threat'], ['intimidationThreats']],
  ['ur', 'مجھے کمرے میں بند کر دیا', ['confinement'], ['restrictionOfMovement']],
  ['ur', 'مالک مجھے مارتا ہے', ['violence'], ['physicalSexualViolence']],
  ['ur', 'وہ مجھے دھمکی دیتا ہے', ['threat'], ['intimidationThreats']],
  ['ur', 'میں خودکشی کر لوں گی', ['selfHarm'], []],
  ['hi', 'मुझे मदद चाहिए, मुझे कमरे में बंद कर दिया है', ['confinement'], ['restrictionOfMovement']],
  ['ne', 'मालिकले मलाई कोठामा थुनेको छ', ['confinement'], ['restrictionOfMovement']], // scenario S10
  ['hi', 'मुझे कमरे में बन्द कर दिया', ['confinement'], ['restrictionOfMovement']],
  ['hi', 'मालिक मुझे मारता है', ['violence'], ['physicalSexualViolence']],
  ['hi', 'मैं आत्महत्या कर लूँगी', ['selfHarm'], []],
  ['hi', 'वह मुझे जान से मारने की धमकी देता है', ['threat'], ['intimidationThreats']],
  ['hi', 'madam mujhe kamre me band kar deti hai', ['confinement'], ['restrictionOfMovement']], // romanized
  ['ne', 'मलाई कोठामा थुनेर राखेको छ', ['confinement'], ['restrictionOfMovement']],
  ['ne', 'साहुले मलाई कुट्यो', ['violence'], ['physicalSexualViolence']],
  ['bn', 'আমাকে ঘরে আটকে রেখেছে', ['confinement'], ['restrictionOfMovement']],
  ['bn', 'মালিক আমাকে মারধর করে', ['violence'], ['physicalSexualViolence']],
  ['bn', 'আমি আত্মহত্যা করব', ['selfHarm'], []],
  ['tl', 'sinaktan ako ng amo ko', ['violence'], ['physicalSexualViolence']],
  ['tl', 'ikinulong ako sa kwarto', ['confinement'], ['restrictionOfMovement']],
  ['tl', 'binantaan niya ako', ['threat'], ['intimidationThreats']],
  ['ml', 'എന്നെ മുറിയിൽ പൂട്ടിയിട്ടു', ['confinement'], ['restrictionOfMovement']],
  ['ml', 'എന്നെ തല്ലി', ['violence'], ['physicalSexualViolence']],
  ['ml', 'മുതലാളി മര്\u200Dദ്ദിച്ചു', ['violence'], ['physicalSexualViolence']], // old-style chillu
  ['ta', 'என்னை அறையில் பூட்டி வைத்திருக்கிறார்கள்', ['confinement'], ['restrictionOfMovement']],
  ['ta', 'முதலாளி என்னை அடிக்கிறார்', ['violence'], ['physicalSexualViolence']],
  ['te', 'నన్ను గదిలో బంధించారు', ['confinement'], ['restrictionOfMovement']],
  ['te', 'యజమాని నన్ను కొట్టారు', ['violence'], ['physicalSexualViolence']],
  ['si', 'මට ගැහුවා', ['violence'], ['physicalSexualViolence']],
  ['si', 'මාව කාමරේ වහලා', ['confinement'], ['restrictionOfMovement']],
  ['id', 'Saya dipukul majikan', ['violence'], ['physicalSexualViolence']],
  ['id', 'saya dikurung di kamar', ['confinement'], ['restrictionOfMovement']],
  ['id', 'saya mau bunuh diri', ['selfHarm'], []],
  ['am', 'አሰሪዬ ደበደበችኝ', ['violence'], ['physicalSexualViolence']],
  ['am', 'ፆታዊ ጥቃት ደረሰብኝ', ['violence'], ['physicalSexualViolence']], // ፆ written for ጾ
  ['am', 'ቤት ውስጥ ቆለፈችብኝ', ['confinement'], ['restrictionOfMovement']],
  ['sw', 'Bosi amenipiga', ['violence'], ['physicalSexualViolence']],
  ['sw', 'nimefungiwa ndani', ['confinement'], ['restrictionOfMovement']],
  ['sw', 'ananitishia', ['threat'], ['intimidationThreats']],
];

/** Pleas for help are not danger (issue 8): they get a warm answer and the way to a person, not the safety interrupt. */
const PLEAS: Array<[language: string, text: string]> = [
  ['en', 'help!'],
  ['en', 'HELP'],
  ['en', 'Help me'],
  ['en', 'help help help'],
  ['en', 'I need help now'],
  ['en', 'emergency'],
  ['en', "It's an emergency!"],
  ['ar', 'ساعدوني!'],
  ['ar', 'النجدة'],
  ['ar', 'انقذوني'],
  ['ur', 'بچاؤ'],
  ['ur', 'مدد کریں'],
  ['hi', 'बचाओ!'],
  ['ur', 'bachao'], // romanized, shared with Hindi
  ['ne', 'मलाई बचाउनुहोस्'],
  ['bn', 'বাঁচাও'],
  ['tl', 'Saklolo!'],
  ['tl', 'Tulong po'],
  ['ml', 'എന്നെ രക്ഷിക്കൂ'],
  ['ta', 'காப்பாற்றுங்கள்'],
  ['te', 'నన్ను కాపాడండి'],
  ['si', 'උදව් කරන්න'],
  ['id', 'Tolong!'],
  ['am', 'እርዱኝ'],
  ['sw', 'Nisaidie!'],
  ['ne', 'नमस्ते, मलाई सहयोग चाहियो'], // scenario S10
  ['ne', 'म नेपाली हुँ, मलाई सहयोग चाहियो'],
  ['si', 'ආයුබෝවන්, මට උදව් ඕනේ'],
  ['hi', 'मुझे मदद चाहिए'],
  ['en', 'I need help'],
];

const MUST_NOT_MATCH: Array<[language: string, text: string]> = [
  ...PLEAS,
  ['en', 'hello'],
  ['en', 'I want to know my rights'],
  ['en', 'my salary is late'],
  ['en', 'what is the help line number?'],
  ['en', 'I need help with my salary'],
  ['en', 'can you help me with my contract'],
  ['en', 'what is the emergency number?'],
  ['en', 'menu'],
  ['en', '2'],
  ['en', ''],
  ['en', '   '],
  ['en', '👍🙏'],
  ['en', 'my heartbeat is fast'],
  ['en', 'I like the beat of this song'],
  ['en', 'I want to change my job'],
  ['en', 'my phone is locked'],
  ['en', 'I am locked out of my account'],
  ['en', 'I feel locked in a bad contract'],
  ['ar', 'مرحبا'],
  ['ar', 'أريد أن أعرف حقوقي'],
  ['ar', 'راتبي متأخر'],
  ['ar', 'أصابتني ضربة شمس'],
  ['ar', 'كم الضريبة؟'],
  ['ar', 'ساعدني في الراتب'],
  ['ar', 'كم رقم الطوارئ؟'],
  ['ur', 'السلام علیکم'],
  ['ur', 'میری تنخواہ نہیں ملی'],
  ['ur', 'مجھے مارکیٹ جانا ہے'],
  ['ur', 'دکان بند ہے'],
  ['hi', 'नमस्ते'],
  ['hi', 'मेरी तनख्वाह नहीं मिली'],
  ['hi', 'दुकान बंद है'],
  ['hi', 'मुझे कुछ पूछना है'],
  ['hi', 'मार्च में वेतन नहीं मिला'],
  ['hi', 'मालिक ने वेतन बंद कर दिया'],
  ['ne', 'नमस्कार'],
  ['ne', 'मेरो तलब आएन'],
  ['bn', 'আমার বেতন দেয় না'],
  ['bn', 'পাসপোর্ট আটকে রেখেছে'],
  ['tl', 'Kumusta po'],
  ['tl', 'hindi pa binabayaran ang sahod ko'],
  ['ml', 'നമസ്കാരം'],
  ['ta', 'வணக்கம்'],
  ['ta', 'என்னை அடிக்கடி அழைக்கிறார்கள்'],
  ['te', 'నమస్కారం'],
  ['si', 'ආයුබෝවන්'],
  ['id', 'selamat pagi'],
  ['id', 'gaji saya belum dibayar'],
  ['id', 'saya suka media sosial'],
  ['am', 'ሰላም'],
  ['am', 'ደሞዜ አልተከፈለኝም'],
  ['sw', 'habari'],
  ['sw', 'mshahara wangu haujalipwa'],
];

describe('danger lexicon files', () => {
  it('cover every required language', () => {
    expect(lexicons.map(([language]) => language)).toEqual(expect.arrayContaining(REQUIRED_LANGUAGES));
  });

  describe.each(lexicons)('locales/%s/danger.json', (language, lexicon) => {
    it('has exactly the five kinds (and optionally its idioms, except), each a non-empty array of non-empty strings', () => {
      expect(typeof lexicon).toBe('object');
      expect(Array.isArray(lexicon)).toBe(false);
      const record = lexicon as Record<string, unknown>;
      expect(Object.keys(record).filter((key) => key !== 'except').sort()).toEqual([...DANGER_KINDS].sort());
      for (const idiom of (record.except as unknown[] | undefined) ?? []) {
        expect(typeof idiom).toBe('string');
        expect(idiom).toBe((idiom as string).toLowerCase());
      }
      for (const kind of DANGER_KINDS) {
        const phrases = record[kind];
        expect(Array.isArray(phrases)).toBe(true);
        expect((phrases as unknown[]).length).toBeGreaterThan(0);
        for (const phrase of phrases as unknown[]) {
          expect(typeof phrase).toBe('string');
          expect((phrase as string).trim()).not.toBe('');
          expect(phrase).toBe((phrase as string).toLowerCase());
          expect(phrase).not.toMatch(/\*(?!\s|$)/); // '*' only ends a word
        }
      }
    });

    it('detects each of its phrases, written as a message, as its own kind and language', () => {
      const record = lexicon as Record<DangerKind, string[]>;
      for (const kind of DANGER_KINDS) {
        for (const phrase of record[kind]) {
          const match = detectDanger(phrase.replace(/\*/g, ''));
          expect({ phrase, kinds: match?.kinds, languages: match?.languages }).toEqual({
            phrase,
            kinds: expect.arrayContaining([kind]),
            languages: expect.arrayContaining([language]),
          });
        }
      }
    });
  });
});

describe('detectDanger', () => {
  it.each(MUST_MATCH)('[%s] %s', (language, text, kinds, indicators) => {
    const match = detectDanger(text);
    expect(match).toBeDefined();
    expect(match?.kinds).toEqual(kinds);
    expect(match?.indicators).toEqual(indicators);
    expect(match?.languages).toContain(language);
  });

  it.each(MUST_NOT_MATCH)('[%s] %j does not match', (_language, text) => {
    expect(detectDanger(text)).toBeUndefined();
  });

  it('puts the language with most matching kinds first (scenario S3)', () => {
    expect(detectDanger('मुझे मदद चाहिए, मुझे कमरे में बंद कर दिया है')).toEqual({
      kinds: ['confinement'],
      indicators: ['restrictionOfMovement'],
      languages: ['hi'],
    });
  });

  it('reports kinds and indicators in a fixed order without duplicates', () => {
    const match = detectDanger('SOS! he threatened me, he beats me and locked me in. I want to die. Help!');
    expect(match?.kinds).toEqual(['sos', 'violence', 'confinement', 'selfHarm', 'threat']);
    expect(match?.indicators).toEqual(['physicalSexualViolence', 'restrictionOfMovement', 'intimidationThreats']);
  });

  it('matches words from any language whatever script surrounds them', () => {
    expect(detectDanger('sir ضربني today')?.kinds).toEqual(['violence']);
    expect(detectDanger('madam ne mujhe कमरे में बंद कर दिया')?.kinds).toEqual(['confinement']);
  });
});

describe('normalizeForMatching', () => {
  it.each([
    ['Hello,   WORLD!', 'hello world'],
    ['can’t leave', 'cant leave'],
    ['s.o.s', 's o s'],
    ['\u200Fمرحبا\u200E', 'مرحبا'],
    ['ＨＥＬＰ', 'help'],
    ['مَحْبُوسَةٌ', 'محبوسه'],
    ['مـــرحـبـا', 'مرحبا'],
    ['أإآٱ', 'اااا'],
    ['على', 'علي'],
    ['ﻻ', 'لا'],
    ['رقم ٣', 'رقم 3'],
    ['ज़िंदगी', 'जिंदगी'],
    ['हूँ', 'हूं'],
    ['बन्द', 'बंद'],
    ['ፆታ', 'ጾታ'],
    ['ሐሠዐ', 'ሀሰአ'],
    ['മര്\u200Dദ്ദനം', 'മർദ്ദനം'],
    ['ශ්\u200Dරී', 'ශ්රී'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeForMatching(input)).toBe(expected);
  });

  it('folds Urdu and Arabic letter variants to one spelling', () => {
    expect(normalizeForMatching('کیا ہے')).toBe(normalizeForMatching('كيا هي'));
    expect(normalizeForMatching('مجھے')).toBe(normalizeForMatching('مجهي'));
    expect(normalizeForMatching('بچاؤ')).toBe('بچاو');
  });
});

describe('idioms that only look like danger (except)', () => {
  test.each([
    'this heat is killing me',
    'haha we got beaten in the match yesterday',
    'my phone is locked, how do I reset it',
  ])('"%s" raises no alarm', (text) => {
    expect(detectDanger(text)).toBeUndefined();
  });
  test.each([
    'this heat is killing me and he beat me again today',
    'my phone is locked and they locked me in the room',
  ])('"%s": the danger beside the idiom still fires', (text) => {
    expect(detectDanger(text)).toBeDefined();
  });
});
