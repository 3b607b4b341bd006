// Dialog paths as tables, through the real bot and database: invalid answers
// and re-prompts, back, menu, the safety interrupt from inside each dialog,
// and digits of other scripts.
import { availableLanguages, createI18n } from '../../kernel/i18n';
import { loadCountryProfile } from '../../services/countryProfile';
import { startHotline, type RunningHotline } from '../helpers/hotline';
import { play, TestChat, type Step } from '../helpers/testChat';

let app: RunningHotline;
beforeAll(async () => {
  app = await startHotline();
});
afterAll(async () => {
  await app.stop();
  await app.db.close();
});

const MENU = /What do you need\?/;
const PRIVACY = /kept encrypted/;
const WHAT = /What is happening to you/;
const SECTOR = /What kind of work/;
const SAFETY = /You are not alone[\s\S]*999/;
const AGAIN = /did not understand/;

/** From a new conversation to the main menu, in English. */
const TO_MENU: Step[] = [
  ['hello', /English/],
  ['1', MENU],
];

const newChat = () => new TestChat(app.hotline.bot);
const userHash = (chat: TestChat) => app.hotline.hasher.hash('test', chat.userId);

describe('main menu', () => {
  test.each<[string, Step[]]>([
    ['a word that means nothing here', [['zzz', AGAIN], ['2', /Which topic/]]],
    ['a number out of range', [['9', AGAIN], ['0', AGAIN], ['2', /Which topic/]]],
    ['an option label instead of its number', [['Know my rights', /Which topic/]]],
    ['a tapped button ("2. label")', [['2. Know my rights', /Which topic/]]],
    ['three wrong answers suggest a person', [['x', AGAIN], ['y', AGAIN], ['z', /HUMAN/]]],
    ['back at the menu shows the menu', [['back', MENU]]],
    ['"stop" stops; the next message starts again', [['stop', /We have stopped/], ['hi', MENU]]],
  ])('%s', async (_name, steps) => {
    await play(newChat(), [...TO_MENU, ...steps]);
  });
});

describe('report a problem', () => {
  test.each<[string, Step[]]>([
    ['back walks back one question at a time, then to the menu', [['1', PRIVACY], ['1', WHAT], ['1 2', SECTOR], ['back', WHAT], ['back', PRIVACY], ['back', MENU]]],
    ['menu leaves the report from any question', [['1', PRIVACY], ['1', WHAT], ['menu', MENU]]],
    ['skip is refused where an answer is needed', [['1', PRIVACY], ['skip', AGAIN], ['1', WHAT]]],
    ['several choices in another script ("١ ٢")', [['1', PRIVACY], ['1', WHAT], ['١ ٢', SECTOR]]],
    ['a choice out of range in a list is refused', [['1', PRIVACY], ['1', WHAT], ['1 99', AGAIN], ['1', SECTOR]]],
    ['SOS from inside the report', [['1', PRIVACY], ['1', WHAT], ['SOS', SAFETY]]],
    ['not now returns to the menu', [['1', PRIVACY], ['3', MENU]]],
  ])('%s', async (_name, steps) => {
    await play(newChat(), [...TO_MENU, ...steps]);
  });

  test('cancel at the summary stores nothing; start again re-asks from the notice', async () => {
    const chat = newChat();
    const answers: Step[] = [['1', PRIVACY], ['2', WHAT], ['1', SECTOR], ['3', /Which country/], ['skip', /own words/], ['skip', /area/], ['skip', /Since when/], ['skip', /employer/], ['skip', /safe now/], ['skip', /contact you later/], ['skip', /refer/]];
    await play(chat, [...TO_MENU, ...answers, ['2', /Shall we send it/], ['2', PRIVACY], ...answers.slice(1), ['2', /Shall we send it/], ['3', /not sent/]]);
    expect(await app.db.models.cases.countDocuments({ userHash: userHash(chat) })).toBe(0);
  });
});

describe('know your rights', () => {
  test.each(loadCountryProfile('bh').rights.map((_article, i) => i + 1))('topic %i shows a sourced article and what next', async (topic) => {
    await play(newChat(), [...TO_MENU, ['2', /Which topic/], [String(topic), /Source[\s\S]*https?:\/\/[\s\S]*What would you like to do now/]]);
  });

  test.each<[string, Step[]]>([
    ['another topic, then back to the menu', [['2', /Which topic/], ['1', /What would you like/], ['1', /Which topic/], ['back', MENU]]],
    ['talk to a person after reading', [['2', /Which topic/], ['3', /What would you like/], ['2', /queue/]]],
    ['danger words in English from inside the rights menu', [['2', /Which topic/], ['my employer beat me', SAFETY]]],
  ])('%s', async (_name, steps) => {
    await play(newChat(), [...TO_MENU, ...steps]);
  });
});

describe('a safe place', () => {
  test('S4: tonight, with a 4-year-old, no medical needs, can travel: a shelter request, critical or high, handed off', async () => {
    const chat = newChat();
    await play(chat, [
      ...TO_MENU,
      ['3', /When do you need a safe place/],
      ['1', /which area/i],
      ['Manama', /Who is with you/],
      ['2', /How many children/],
      ['1', /doctor/],
      ['2', /travel safely/],
      ['1', /share your request/],
      ['1', /BH-\d{4}-\d{6}[\s\S]*queue/],
    ]);
    const stored = await app.db.models.cases.findOne({ userHash: userHash(chat), type: 'shelterRequest' }).lean();
    expect(stored).toMatchObject({ answers: { dependants: 1, when: 'tonight' } });
    expect(['critical', 'high']).toContain(stored!.priority);
    expect(await app.db.models.handoffs.countDocuments({ caseId: stored!._id, status: 'queued' })).toBe(1);
  });

  test.each<[string, Step[]]>([
    ['no consent: nothing shared', [['3', /When/], ['2', /area/], ['skip', /Who/], ['1', /doctor/], ['2', /travel/], ['1', /share/], ['2', /not share/]]],
    ['a child count in Devanagari digits', [['3', /When/], ['1', /area/], ['skip', /Who/], ['2', /How many/], ['२', /doctor/]]],
    ['a child count that is not a number', [['3', /When/], ['1', /area/], ['skip', /Who/], ['2', /How many/], ['many', AGAIN]]],
    ['locked in, from inside the shelter questions', [['3', /When/], ['they locked me in the room', SAFETY]]],
  ])('%s', async (_name, steps) => {
    await play(newChat(), [...TO_MENU, ...steps]);
  });
});

describe('victim support fund', () => {
  test('an urgent request is saved and queued for a human', async () => {
    const chat = newChat();
    await play(chat, [...TO_MENU, ['4', /support fund[\s\S]*What kind of help/], ['1 4', /Who is the help for/], ['1', /How urgent/], ['1', /share your request/], ['1', /BH-\d{4}-\d{6}[\s\S]*queue/]]);
    const stored = await app.db.models.cases.findOne({ userHash: userHash(chat), type: 'assistanceRequest' }).lean();
    expect(stored).toMatchObject({ priority: 'high', answers: { kind: ['humanitarian', 'ticket'], urgency: 'now' } });
  });

  test.each<[string, Step[]]>([
    ['a later request goes back to the menu', [['4', /What kind/], ['2', /Who/], ['2', /urgent/], ['3', /share/], ['1', /BH-[\s\S]*What do you need/]]],
    ['SOS from inside the fund questions', [['4', /What kind/], ['sos', SAFETY]]],
  ])('%s', async (_name, steps) => {
    await play(newChat(), [...TO_MENU, ...steps]);
  });
});

describe('talk to a person and waiting', () => {
  test('HUMAN from anywhere queues the worker; the bot then stays quiet, except for danger', async () => {
    const chat = newChat();
    await play(chat, [...TO_MENU, ['1', PRIVACY], ['human', /queue[\s\S]*999/], ['are you there?', /saved for the case worker/]]);
    expect(await chat.say('hello?')).toBe('');
    expect(await chat.say('he is hitting me')).toMatch(SAFETY);
    // One open handoff, raised to critical by the danger words.
    const handoffs = await app.db.models.handoffs.find({ userHash: userHash(chat), status: 'queued' }).lean();
    expect(handoffs).toHaveLength(1);
    expect(handoffs[0]!.priority).toBe('critical');
    expect(await chat.say('menu')).toMatch(MENU);
  });
});

describe('delete my data', () => {
  test.each<[string, Step[]]>([
    ['no keeps everything', [['delete my data', /delete everything/], ['2', /Nothing was deleted[\s\S]*What do you need/]]],
    ['SOS inside the confirmation', [['delete my data', /delete everything/], ['SOS', SAFETY]]],
  ])('%s', async (_name, steps) => {
    await play(newChat(), [...TO_MENU, ...steps]);
  });

  test('yes erases, and the next message starts a new conversation', async () => {
    const chat = newChat();
    await play(chat, [...TO_MENU, ['human', /queue/], ['delete my data', /delete everything/], ['1', /has been deleted/], ['hello', /English/]]);
    expect(await app.db.models.cases.countDocuments({ userHash: userHash(chat) })).toBe(0);
    expect(await app.db.models.handoffs.countDocuments({ userHash: userHash(chat) })).toBe(0);
  });
});

describe('language', () => {
  test('digits only: the worker chooses from every language, each in its own script', async () => {
    await play(newChat(), [['5', /Which language[\s\S]*English[\s\S]*العربية/], ['1', /continue in English/]]);
  });

  test('a first message in a script only one language uses is confirmed in that language', async () => {
    await play(newChat(), [['எனக்கு இரண்டு மாதமாக சம்பளம் கொடுக்கவில்லை', /தமிழில் எழுதுவது போல்/], ['1', /தமிழில்/]]);
  });

  test('a plea for help in Nepali is answered in Nepali with no safety interrupt; being locked in fires it (S10)', async () => {
    const chat = newChat();
    const offer = await chat.say('नमस्ते, मलाई सहयोग चाहियो');
    expect(offer).toMatch(/नेपालीमा लेख्नुभएजस्तो छ/);
    expect(offer).not.toContain('999');
    expect(await chat.say('1')).toMatch(/नेपालीमा कुरा गर्नेछौं/);
    expect(await app.db.models.cases.countDocuments({ userHash: userHash(chat) })).toBe(0);
    expect(await chat.say('मालिकले मलाई कोठामा थुनेको छ')).toContain('999');
    const stored = await app.db.models.cases.findOne({ source: 'safetyInterrupt', userHash: userHash(chat) }).lean();
    expect(stored).toMatchObject({ priority: 'critical', language: 'ne', indicators: ['restrictionOfMovement'] });
  });

  test('a first message that fits two languages offers those two, by their own names, and the whole menu', async () => {
    const chat = newChat();
    const offer = await chat.say('mujhe madad chahiye');
    expect(offer).toMatch(/Which language/);
    const lines = offer.split('\n').map((line) => line.trim()).filter((line) => /^\d\./.test(line));
    expect(lines.map((line) => line.replace(/^\d\. /, '')).sort()).toEqual(['Choose another language', 'اردو', 'हिन्दी'].sort());
    const urdu = lines.find((line) => line.endsWith('اردو'))!.slice(0, 1);
    expect(await chat.say(urdu)).toMatch(/[\u0600-\u06ff]/);
    const other = newChat();
    await other.say('mujhe madad chahiye');
    await play(other, [[String(lines.length), /Which language[\s\S]*English[\s\S]*العربية[\s\S]*தமிழ்/]]);
  });

  test.each([
    ['Tôi cần giúp đỡ'], // Vietnamese, not offered
    ['Bonjour, j\'ai besoin d\'aide'], // French, not offered
    ['你好，我需要帮助'], // Chinese, not offered
  ])('%s: a language we do not offer gets the whole menu, never a silent English', async (text) => {
    const reply = await newChat().say(text);
    expect(reply).toMatch(/Which language[\s\S]*English[\s\S]*العربية[\s\S]*नेपाली[\s\S]*தமிழ்/);
    expect(reply).not.toMatch(/It looks like you write in English/);
  });

  test('one English word does not override the language of the worker\'s client (the widget on an Arabic page)', async () => {
    const chat = newChat();
    expect(await chat.say('hello', { locale: 'ar-BH' })).toMatch(/العربية/);
    expect(await chat.say('1', { locale: 'ar-BH' })).toMatch(/[\u0600-\u06ff]/);
  });

  test('a clear message in another language does override it', async () => {
    const chat = newChat();
    expect(await chat.say('my employer took my passport and did not pay my salary', { locale: 'ar-BH' })).toMatch(/It looks like you write in English/);
  });

  test('LANGUAGE from inside a dialog opens the chooser; the choice sticks', async () => {
    const chat = newChat();
    await play(chat, [...TO_MENU, ['1', PRIVACY], ['language', /Which language/], ['2', /[\u0600-\u06ff]/]]);
    const replies = await chat.sayActivities('مرحبا');
    expect(replies.every((activity) => activity.locale === 'ar')).toBe(true);
    expect(replies[0]!.text!.startsWith('\u200f')).toBe(true);
  });
});

describe('a whole report by numbers, in every language the worker may choose', () => {
  const i18n = createI18n();
  const languages = loadCountryProfile('bh').languages.filter((language) => availableLanguages().includes(language));
  const plain = (text: string): string => text.replace(/\u200f/g, '');

  test.each(languages)('%s', async (language) => {
    const t = i18n.getFixedT(language);
    const chat = newChat();
    const steps: Array<[says: string, expected: string]> = [
      ['language', i18n.getFixedT('en')('languages:choose.question')],
      [String(languages.indexOf(language) + 1), t('menu:choice.question')],
      ['1', t('report:privacy.question')],
      ['1', t('report:whatHappened.question')],
      ['1 2', t('report:sector.question')],
      ['1', t('report:nationality.question')],
      ['1', t('report:details.question')],
      ['skip', t('report:location.question')],
      ['skip', t('report:since.question')],
      ['3', t('report:employer.question')],
      ['skip', t('report:safeNow.question')],
      ['1', t('report:contact.question')],
      ['3', t('report:name.question')],
      ['skip', t('report:consentRefer.question')],
      ['1', t('report:confirm.question')],
    ];
    for (const [says, expected] of steps) expect(`${says} → ${plain(await chat.say(says))}`).toContain(expected);
    const done = plain(await chat.say('1'));
    const caseNumber = /BH-\d{4}-\d{6}/.exec(done)?.[0];
    expect(caseNumber).toBeDefined();
    const stored = await app.db.models.cases.findOne({ caseNumber }).lean();
    expect(stored).toMatchObject({ language, type: 'abuseReport', answers: { sector: 'domestic', nationality: 'india', since: 'months', contact: 'no', consentRefer: 'yes' } });
    expect([...stored!.indicators].sort()).toEqual(['retentionOfIdentityDocuments', 'withholdingOfWages']);
  });
});
