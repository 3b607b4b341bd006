// Free text at the main menu, in every language that has examples to learn
// from and labelled messages to test with (test/understanding/<lng>.json):
// a report starts with the problem named and the words kept as the narrative;
// a safe place, the support fund, a person, a rights topic, a plea for help and
// a greeting each go where they should. Where the bot is unsure it asks "did
// you mean…?" (it never guesses silently): the right goal must then be among the
// choices, and choosing it goes there; "something else" returns to the menu.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { availableLanguages, createI18n } from '../../bot/i18n';
import { loadCountryProfile } from '../../services/countryProfile';
import { detectDanger } from '../../bot/text/danger';
import { FreeTextUnderstanding } from '../../bot/understanding/freeText';
import { trainedClassifier } from '../../bot/understanding/training';
import { startHotline, type RunningHotline } from '../helpers/hotline';
import { TestChat } from '../helpers/testChat';

interface Labelled {
  language: string;
  freeText?: Partial<Record<string, string>>;
}

const i18n = createI18n();
const LABELLED_DIR = __dirname;
const labelled = (language: string): Labelled | undefined => {
  const file = path.join(LABELLED_DIR, `${language}.json`);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Labelled) : undefined;
};

let app: RunningHotline;
let understanding: FreeTextUnderstanding;
beforeAll(async () => {
  app = await startHotline();
  understanding = new FreeTextUnderstanding(trainedClassifier().classifier, {
    rightsTopics: app.hotline.profile.rights.map((article) => article.id),
    profileNamespace: app.hotline.profile.namespace,
  });
});
afterAll(async () => {
  await app.stop();
  await app.db.close();
});

/** Right-to-left marks the bot adds per line, removed so texts compare with the locale's. */
const plain = (text: string): string => text.replace(/\u200f/g, '');

/** The languages the worker may choose, in the chooser's order (the profile's, where a locale exists). */
const LANGUAGES = loadCountryProfile('bh').languages.filter((language) => availableLanguages().includes(language));

/** Languages the hotline speaks that have examples and labelled free text. */
function languagesWithData(): string[] {
  const { classifier } = trainedClassifier();
  return classifier.languages.filter((language) => LANGUAGES.includes(language) && labelled(language)?.freeText);
}

/** A chat in `language`, at the main menu (chosen with LANGUAGE, so no detection is involved). */
async function chatAtMenu(language: string): Promise<{ chat: TestChat; t: ReturnType<typeof i18n.getFixedT> }> {
  const t = i18n.getFixedT(language);
  const chat = new TestChat(app.hotline.bot);
  expect(plain(await chat.say('language'))).toContain(i18n.getFixedT('en')('languages:choose.question'));
  const menu = plain(await chat.say(String(LANGUAGES.indexOf(language) + 1)));
  expect(menu).toContain(t('menu:choice.question'));
  return { chat, t };
}

const userHash = (chat: TestChat) => app.hotline.hasher.hash('test', chat.userId);

/**
 * Says `text`; when the bot asks "did you mean…?", answers with the number of the first choice
 * whose label is one of `labels` (i18n keys, the likeliest first), and fails when none is offered.
 * Returns what the bot said last.
 */
async function reach(chat: TestChat, t: ReturnType<typeof i18n.getFixedT>, text: string, labels: string[]): Promise<string> {
  const reply = plain(await chat.say(text));
  if (!reply.includes(t('understand:didYouMean.question'))) return reply;
  const offered = reply.split('\n').map((line) => /^(\d+)\. (.*)$/.exec(line.trim())).filter((match): match is RegExpExecArray => match !== null);
  const wanted = labels.map((label) => t(label));
  const choice = wanted.map((label) => offered.find((match) => match[2] === label)).find((match) => match !== undefined);
  if (!choice) throw new Error(`"did you mean" offered ${offered.map((match) => match[2]).join(' | ')}; wanted one of ${wanted.join(' | ')}`);
  return plain(await chat.say(choice[1]!));
}

const REPORT_LABELS = (intent: string): string[] => [
  `understand:intents.${intent}`,
  'understand:intents.report',
  ...['wages', 'documents', 'movement', 'violence', 'threats', 'debt', 'hours', 'isolation', 'deception', 'conditions', 'vulnerability'].map((option) => `understand:intents.report.${option}`),
];

const cases = languagesWithData();

test('there is a language to test', () => {
  expect(cases.length).toBeGreaterThan(0);
});

describe.each(cases)('%s', (language) => {
  const freeText = labelled(language)!.freeText!;

  test.each(['report.wages', 'report.documents', 'report.movement'])('%s: the report starts with it recorded and the words as the narrative', async (intent) => {
    const text = freeText[intent];
    if (!text) return;
    const { chat, t } = await chatAtMenu(language);
    if (detectDanger(text)) {
      // Danger words decide first: the safety interrupt, not a report.
      expect(plain(await chat.say(text))).toContain(t('safety:alert'));
      return;
    }
    const first = await reach(chat, t, text, REPORT_LABELS(intent));
    expect(first).toContain(t('understand:reportStarted'));
    expect(first).toContain(t('report:privacy.question'));
    // What happened and the own words are known: the next question is the kind of work.
    expect(plain(await chat.say('1'))).toContain(t('report:sector.question'));
    let reply = '';
    for (let turn = 0; turn < 12 && !reply.includes(t('report:consentRefer.question')); turn++) reply = plain(await chat.say('skip'));
    expect(reply).toContain(t('report:consentRefer.question'));
    const summary = plain(await chat.say('2'));
    const option = intent.slice('report.'.length);
    expect(summary).toContain(t(`report:whatHappened.options.${option}`));
    const done = plain(await chat.say('1'));
    const caseNumber = /BH-\d{4}-\d{6}/.exec(done)?.[0];
    expect(caseNumber).toBeDefined();
    const referral = await app.db.models.referrals.findOne({ caseNumber }).lean();
    const indicator = { wages: 'withholdingOfWages', documents: 'retentionOfIdentityDocuments', movement: 'restrictionOfMovement' }[option];
    expect(referral!.indicators).toContain(indicator);
    expect(referral!.personal?.narrative).toMatch(/^e1\./);
    expect(app.hotline.referrals.decryptPersonal(referral!.personal as Record<string, string>).narrative).toBe(text.trim());
  });

  test('shelter: the safe-place request starts', async () => {
    const text = freeText.shelter;
    if (!text) return;
    const { chat, t } = await chatAtMenu(language);
    if (detectDanger(text)) return expect(plain(await chat.say(text))).toContain(t('safety:alert'));
    const reply = await reach(chat, t, text, ['understand:intents.shelter']);
    expect(reply).toContain(t('shelter:intro'));
    expect(reply).toContain(t('shelter:when.question'));
  });

  test('fund: the support-fund request starts', async () => {
    const text = freeText.fund;
    if (!text) return;
    const { chat, t } = await chatAtMenu(language);
    const reply = await reach(chat, t, text, ['understand:intents.fund']);
    expect(reply).toContain(t('fund:intro'));
    expect(reply).toContain(t('fund:kind.question'));
  });

  test('person: queued for a case worker', async () => {
    const text = freeText.person;
    if (!text) return;
    const { chat, t } = await chatAtMenu(language);
    expect(await reach(chat, t, text, ['understand:intents.person'])).toMatch(/BH-\d{4}-\d{6}/);
    const escalations = await app.db.models.escalations.find({ userHash: userHash(chat) }).lean();
    expect(escalations).toHaveLength(1);
    expect(escalations[0]!.priority).not.toBe('critical');
  });

  test('plea: a warm answer and the menu with the way to a person; no safety interrupt, no case', async () => {
    const text = freeText.plea;
    if (!text) return;
    const { chat, t } = await chatAtMenu(language);
    const reply = plain(await chat.say(text));
    expect(reply).toContain(t('understand:plea'));
    expect(reply).toContain(t('menu:choice.question'));
    expect(reply).toContain(t('menu:choice.options.person'));
    expect(reply).not.toContain(t('safety:alert'));
    expect(await app.db.models.escalations.countDocuments({ userHash: userHash(chat) })).toBe(0);
  });

  test('greeting: a warm line and the menu again', async () => {
    const text = freeText.greeting;
    if (!text) return;
    const { chat, t } = await chatAtMenu(language);
    const reply = plain(await chat.say(text));
    expect(reply).toContain(t('understand:greeting'));
    expect(reply).toContain(t('menu:choice.question'));
  });

  test('rights.changingEmployer: that article opens', async () => {
    const text = freeText['rights.changingEmployer'];
    if (!text) return;
    const { chat, t } = await chatAtMenu(language);
    const title = `${app.hotline.profile.namespace}:rights.changingEmployer.title`;
    const reply = await reach(chat, t, text, [title]);
    expect(reply).toContain(t(title));
    expect(reply).toContain(t('rights:next.question'));
  });

  test('unsure: "did you mean…?" with numbered choices; "something else" returns to the menu, a number goes there', async () => {
    // Two labelled messages of different goals in one: the first such pair the bot is unsure of.
    const texts = Object.values(freeText).filter((text): text is string => !!text && !detectDanger(text));
    let unsure: { text: string; labels: string[] } | undefined;
    for (const a of texts) {
      for (const b of texts) {
        const interpretation = understanding.interpret(`${a} ${b}`, language);
        if (a !== b && interpretation.kind === 'didYouMean') unsure = { text: `${a} ${b}`, labels: interpretation.choices.map((choice) => choice.label) };
        if (unsure) break;
      }
      if (unsure) break;
    }
    if (!unsure) return;
    const { chat, t } = await chatAtMenu(language);
    const asked = plain(await chat.say(unsure.text));
    expect(asked).toContain(t('understand:didYouMean.question'));
    unsure.labels.forEach((label, i) => expect(asked).toContain(`${i + 1}. ${t(label)}`));
    expect(asked).toContain(`${unsure.labels.length + 1}. ${t('understand:didYouMean.options.none')}`);
    expect(plain(await chat.say(String(unsure.labels.length + 1)))).toContain(t('menu:choice.question'));
    expect(plain(await chat.say(unsure.text))).toContain(t('understand:didYouMean.question'));
    expect(plain(await chat.say('1'))).not.toContain(t('understand:didYouMean.question'));
  });
});
