// Scenarios of shared/scenarios over HTTP against a real server and database:
// each ends in exactly the records it describes.
import { createI18n } from '../../kernel/i18n';
import { Chat, joined, startHotline, type RunningHotline } from '../helpers/hotline';

let app: RunningHotline;
beforeAll(async () => {
  app = await startHotline();
});
afterAll(async () => {
  await app.stop();
  await app.db.close();
});

/** Says hello in English and confirms the language; returns the chat at the main menu. */
async function englishChat(): Promise<Chat> {
  const chat = new Chat(app.url, 'emulator');
  expect(joined(await chat.say('hello'))).toMatch(/English/);
  expect(joined(await chat.say('1'))).toMatch(/What do you need\?/);
  return chat;
}

test('S1: passport taken, wages unpaid, domestic worker, safe contact after 9 pm, consents to refer', async () => {
  const chat = await englishChat();
  expect(joined(await chat.say('1'))).toMatch(/encrypted/); // privacy notice first
  expect(joined(await chat.say('1'))).toMatch(/What is happening/);
  expect(joined(await chat.say('1 2'))).toMatch(/What kind of work/);
  expect(joined(await chat.say('1'))).toMatch(/Which country/);
  expect(joined(await chat.say('4'))).toMatch(/own words/); // the Philippines
  expect(joined(await chat.say('Three months without salary and madam keeps my passport'))).toMatch(/which area/i);
  expect(joined(await chat.say('Riffa'))).toMatch(/Since when/);
  expect(joined(await chat.say('3'))).toMatch(/employer/);
  expect(joined(await chat.say('skip'))).toMatch(/Are you safe now/);
  expect(joined(await chat.say('1'))).toMatch(/contact you later/);
  expect(joined(await chat.say('1'))).toMatch(/When is it safe/);
  expect(joined(await chat.say('WhatsApp messages are safe after 9 pm'))).toMatch(/code word/);
  expect(joined(await chat.say('skip'))).toMatch(/What name/);
  expect(joined(await chat.say('skip'))).toMatch(/refer your case/);
  const summary = joined(await chat.say('1'));
  expect(summary).toMatch(/My employer keeps my passport or ID/);
  expect(summary).toMatch(/Shall we send it/);
  const done = joined(await chat.say('1'));
  const caseNumber = /BH-\d{4}-\d{6}/.exec(done)?.[0];
  expect(caseNumber).toBeDefined();
  expect(done).toMatch(/case worker/);

  const cases = await app.db.models.cases.find({ type: 'abuseReport', caseNumber }).lean();
  expect(cases).toHaveLength(1);
  const stored = cases[0]!;
  expect(stored.indicators.sort()).toEqual(['retentionOfIdentityDocuments', 'withholdingOfWages']);
  expect(stored.answers).toMatchObject({ sector: 'domestic', nationality: 'philippines' });
  expect(['critical', 'high']).toContain(stored.priority);
  expect(stored.language).toBe('en');
  expect(stored.channel).toBe('emulator');
  const consent = stored.consents.find((c) => c.kind === 'referToAuthorities');
  expect(consent).toMatchObject({ given: true, noticeVersion: expect.any(String) });
  // Safe-contact time is stored, encrypted.
  expect(stored.personal?.safeContactTime).toMatch(/^e1\./);
  expect(JSON.stringify(stored)).not.toMatch(/9 pm|passport|Riffa/);
  expect(app.hotline.cases.decryptPersonal(stored.personal as Record<string, string>).safeContactTime).toBe('WhatsApp messages are safe after 9 pm');
  expect(stored.userHash).not.toContain(chat.userId);
  // High priority goes straight to a human.
  expect(await app.db.models.handoffs.countDocuments({ caseNumber })).toBe(1);
});

test('S3: locked in, in Hindi, from inside the rights menu: safety interrupt, critical handoff, restriction of movement', async () => {
  const chat = await englishChat();
  expect(joined(await chat.say('2'))).toMatch(/Which topic/);
  const replies = joined(await chat.say('मुझे मदद चाहिए, मुझे कमरे में बंद कर दिया है'));
  expect(replies).toContain('999');
  expect(replies).toMatch(/BH-\d{4}-\d{6}/);
  const stored = await app.db.models.cases.findOne({ source: 'safetyInterrupt', userHash: app.hotline.hasher.hash('emulator', chat.userId) }).lean();
  expect(stored).not.toBeNull();
  expect(stored!.priority).toBe('critical');
  expect(stored!.indicators).toContain('restrictionOfMovement');
  const handoff = await app.db.models.handoffs.findOne({ caseId: stored!._id }).lean();
  expect(handoff).toMatchObject({ priority: 'critical', priorityRank: 0, status: 'queued' });
});

test('S5: anonymous report, wages withheld, refuses referral: no name or phone, refusal recorded', async () => {
  const chat = await englishChat();
  await chat.say('1');
  expect(joined(await chat.say('2'))).toMatch(/What is happening/); // anonymous
  await chat.say('1'); // wages
  await chat.say('3'); // other work
  await chat.say('skip'); // country
  await chat.say('skip');
  await chat.say('skip');
  await chat.say('skip');
  await chat.say('skip');
  await chat.say('1'); // safe
  const contact = joined(await chat.say('3')); // contact options: this chat / no → "3" is out of range for anonymous
  expect(contact).toMatch(/did not understand/);
  expect(joined(await chat.say('2'))).toMatch(/refer your case/); // no contact; name is not asked
  const summary = joined(await chat.say('2'));
  expect(summary).toMatch(/Without name or phone number/);
  const done = joined(await chat.say('1'));
  const caseNumber = /BH-\d{4}-\d{6}/.exec(done)![0];
  const stored = await app.db.models.cases.findOne({ caseNumber }).lean();
  expect(stored!.anonymous).toBe(true);
  expect(stored!.personal?.name).toBeUndefined();
  expect(stored!.personal?.phone).toBeUndefined();
  expect(stored!.consents.find((c) => c.kind === 'referToAuthorities')!.given).toBe(false);
  expect(await app.hotline.cases.hasConsent(caseNumber, 'referToAuthorities')).toBe(false);
  expect(stored!.priority).toBe('medium');
});

test.each([
  ['Arabic-Indic', '٢'],
  ['Devanagari', '२'],
  ['Bengali', '২'],
  ['Extended Arabic-Indic (Urdu)', '۲'],
  ['Malayalam', '൨'],
  ['Tamil', '௨'],
  ['Telugu', '౨'],
  ['Sinhala Lith', '෨'],
  ['Ethiopic', '፪'],
])('S7: %s two picks option 2 of the main menu', async (_script, digit) => {
  const chat = await englishChat();
  expect(joined(await chat.say(digit))).toMatch(/Which topic/);
});

describe('S2: changing employer, in Arabic, then a person, out of hours', () => {
  let closed: RunningHotline;
  beforeAll(async () => {
    // A hotline whose staffed hours never come: the worker must be told when someone answers.
    closed = await startHotline({ db: app.db, env: { STAFFED_FROM: '00:00', STAFFED_UNTIL: '00:00' } });
  });
  afterAll(async () => closed.stop());

  test('Arabic detected and confirmed, right to left, the article cites its source, an Arabic handoff is queued', async () => {
    const chat = new Chat(closed.url, 'emulator');
    const confirm = await chat.say('مرحبا');
    expect(joined(confirm)).toMatch(/العربية/);
    expect(confirm.every((text) => text.startsWith('\u200f'))).toBe(true);
    expect(joined(await chat.say('1'))).toMatch(/[\u0600-\u06ff]/);
    const topics = joined(await chat.say('٢'));
    const topic = topics.split('\n').find((line) => /تغيير صاحب العمل|صاحب العمل/.test(line));
    expect(topic).toBeDefined();
    const article = joined(await chat.say(/(\d+)\./.exec(topic!)![1]!));
    expect(article).toMatch(/https?:\/\//); // its source
    const waiting = joined(await chat.say('2')); // talk to a person
    expect(waiting).toMatch(/BH-\d{4}-\d{6}/);
    expect(waiting).toContain('00:00'); // when someone will answer
    expect(waiting).toContain('999'); // what to do in danger
    const userHash = closed.hotline.hasher.hash('emulator', chat.userId);
    const handoff = await app.db.models.handoffs.findOne({ userHash }).lean();
    expect(handoff).toMatchObject({ language: 'ar', status: 'queued', channel: 'emulator' });
    const stored = await app.db.models.cases.findById(handoff!.caseId).lean();
    expect(stored).toMatchObject({ type: 'callback', language: 'ar' });
  });
});

describe('free text first', () => {
  const i18n = createI18n();
  const plain = (replies: string[]): string => joined(replies).replace(/\u200f/g, '');

  test('S9: a first message in Tamil about unpaid wages and a kept passport: Tamil confirmed, the report starts with both, his words kept, in Tamil', async () => {
    const t = i18n.getFixedT('ta');
    const words = 'கம்பெனி இரண்டு மாதமாக எனக்கு சம்பளம் கொடுக்கவில்லை, சூப்பர்வைசர் என் பாஸ்போர்ட்டை வைத்திருக்கிறார்';
    // Over /api/messages (WhatsApp's own adapters are tested in test/channels): the channel is not what S9 is about.
    const chat = new Chat(app.url, 'emulator');
    expect(plain(await chat.say(words))).toContain(t('languages:detected.question'));
    const started = plain(await chat.say('1'));
    expect(started).toContain(t('languages:changed'));
    expect(started).toContain(t('understand:reportStarted'));
    expect(started).toContain(t('report:privacy.question'));
    // What happened and his own words are known: on to the kind of work.
    expect(plain(await chat.say('1'))).toContain(t('report:sector.question'));
    let reply = '';
    for (let turn = 0; turn < 12 && !reply.includes(t('report:consentRefer.question')); turn++) reply = plain(await chat.say('skip'));
    expect(reply).toContain(t('report:consentRefer.question'));
    const summary = plain(await chat.say('1'));
    expect(summary).toContain(t('report:whatHappened.options.wages'));
    expect(summary).toContain(t('report:whatHappened.options.documents'));
    const done = plain(await chat.say('1'));
    const caseNumber = /BH-\d{4}-\d{6}/.exec(done)![0];
    const stored = await app.db.models.cases.findOne({ caseNumber }).lean();
    expect(stored!.indicators.sort()).toEqual(['retentionOfIdentityDocuments', 'withholdingOfWages']);
    expect(stored!.language).toBe('ta');
    expect(stored!.personal?.narrative).toMatch(/^e1\./);
    expect(JSON.stringify(stored)).not.toContain('சம்பளம்');
    expect(app.hotline.cases.decryptPersonal(stored!.personal as Record<string, string>).narrative).toBe(words);
  });

  test('S10: "hello, I need help" in Nepali is a plea (Nepali offered, a warm answer, the menu with a person; nothing critical); being locked in, later, fires the safety interrupt', async () => {
    const t = i18n.getFixedT('ne');
    const chat = new Chat(app.url, 'emulator');
    const userHash = app.hotline.hasher.hash('emulator', chat.userId);
    expect(plain(await chat.say('नमस्ते, मलाई सहयोग चाहियो'))).toContain(t('languages:detected.question'));
    const answered = plain(await chat.say('1'));
    expect(answered).toContain(t('understand:plea'));
    expect(answered).toContain(t('menu:choice.question'));
    expect(answered).toContain(t('menu:choice.options.person'));
    expect(answered).not.toContain(t('safety:alert'));
    expect(await app.db.models.handoffs.countDocuments({ userHash })).toBe(0);
    expect(await app.db.models.cases.countDocuments({ userHash })).toBe(0);

    expect(plain(await chat.say('मालिकले मलाई कोठामा थुनेको छ'))).toContain(t('safety:alert'));
    const handoff = await app.db.models.handoffs.findOne({ userHash }).lean();
    expect(handoff).toMatchObject({ priority: 'critical', language: 'ne' });
  });
});
