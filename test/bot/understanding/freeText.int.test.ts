// Free text at the main menu, in every language that has examples to learn
// from and labelled messages to test with (test/bot/understanding/<lng>.json),
// through the real bot and database. For each labelled message the bot does
// exactly what its understanding decided: a report starts with the problems
// named recorded and the words kept (encrypted) as the narrative; a safe place,
// the support fund, a person, a rights topic, a plea's warm answer, a greeting's
// line; or, when unsure, "did you mean…?" with numbered choices, where the
// expected goal's number goes there and "something else" returns to the menu.
// How often the understanding is right is measured by `npm run eval`
// (scripts/eval/intentEval.ts), not here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TFunction } from 'i18next';
import { availableLanguages, createI18n } from '../../../kernel/i18n';
import { detectDanger } from '../../../kernel/text/danger';
import { FreeTextUnderstanding, type UnderstoodGoal } from '../../../bot/understanding/freeText';
import { WHAT_HAPPENED_INDICATORS } from '../../../dialogs/whatHappened';
import { loadCountryProfile } from '../../../services/countryProfile';
import { trainedClassifier } from '../../../bot/understanding/training';
import { startHotline, type RunningHotline } from '../../helpers/hotline';
import { TestChat } from '../../helpers/testChat';

const i18n = createI18n();
const profile = loadCountryProfile('bh');
const understanding = new FreeTextUnderstanding(trainedClassifier(undefined, profile.namespace).classifier, {
  rightsTopics: profile.rights.map((article) => article.id),
  profileNamespace: profile.namespace,
});

/** The languages the worker may choose, in the chooser's order (the profile's, where a locale exists). */
const LANGUAGES = profile.languages.filter((language) => availableLanguages().includes(language));

function labelledFreeText(language: string): Array<[intent: string, text: string]> {
  const file = path.join(__dirname, `${language}.json`);
  if (!fs.existsSync(file)) return [];
  const freeText = (JSON.parse(fs.readFileSync(file, 'utf8')) as { freeText?: Record<string, string> }).freeText ?? {};
  return Object.entries(freeText).filter(([, text]) => typeof text === 'string' && text.trim() !== '');
}

const CASES = LANGUAGES.filter((language) => trainedClassifier(undefined, profile.namespace).classifier.languages.includes(language)).flatMap((language) =>
  labelledFreeText(language).map(([intent, text]) => [language, intent, text] as const),
);

let app: RunningHotline;
beforeAll(async () => {
  app = await startHotline();
});
afterAll(async () => {
  await app.stop();
  await app.db.close();
});

/** Right-to-left marks the bot adds per line, removed so texts compare with the locale's. */
const plain = (text: string): string => text.replace(/\u200f/g, '');
const userHash = (chat: TestChat) => app.hotline.hasher.hash('test', chat.userId);

/** A chat in `language`, at the main menu (chosen with LANGUAGE, so no detection is involved). */
async function chatAtMenu(language: string): Promise<{ chat: TestChat; t: TFunction }> {
  const t = i18n.getFixedT(language);
  const chat = new TestChat(app.hotline.bot);
  expect(plain(await chat.say('language'))).toContain(i18n.getFixedT('en')('languages:choose.question'));
  expect(plain(await chat.say(String(LANGUAGES.indexOf(language) + 1)))).toContain(t('menu:choice.question'));
  return { chat, t };
}

/** Whether a goal is where a message labelled `intent` should lead. */
function leadsTo(goal: UnderstoodGoal, intent: string): boolean {
  if (intent === 'report' || intent.startsWith('report.')) return goal.goal === 'report';
  if (intent.startsWith('rights.')) return goal.goal === 'rights' && goal.topic === intent.slice('rights.'.length);
  if (intent === 'plea') return goal.goal === 'menu';
  return goal.goal === intent;
}

/** Checks that `reply` is the start of `goal` (and, for a report, runs it to the end and checks the case). */
async function expectArrivedAt(chat: TestChat, t: TFunction, reply: string, goal: UnderstoodGoal, text: string, intro?: string): Promise<void> {
  if (intro) expect(reply).toContain(t(intro));
  switch (goal.goal) {
    case 'report': {
      expect(reply).toContain(t('report:privacy.question'));
      // The problems named and the own words are known: those questions are not asked.
      const next = plain(await chat.say('1'));
      expect(next).toContain(t(goal.whatHappened.length > 0 ? 'report:sector.question' : 'report:whatHappened.question'));
      let last = next;
      for (let turn = 0; turn < 14 && !last.includes(t('report:consentRefer.question')); turn++) last = plain(await chat.say('skip'));
      expect(last).toContain(t('report:consentRefer.question'));
      const summary = plain(await chat.say('2'));
      for (const option of goal.whatHappened) expect(summary).toContain(t(`report:whatHappened.options.${option}`));
      const caseNumber = /BH-\d{4}-\d{6}/.exec(plain(await chat.say('1')))?.[0];
      expect(caseNumber).toBeDefined();
      const stored = await app.db.models.cases.findOne({ caseNumber }).lean();
      expect([...stored!.indicators].sort()).toEqual(goal.whatHappened.map((option) => WHAT_HAPPENED_INDICATORS[option]).sort());
      expect(stored!.personal?.narrative).toMatch(/^e1\./);
      expect(app.hotline.cases.decryptPersonal(stored!.personal as Record<string, string>).narrative).toBe(text.trim());
      return;
    }
    case 'rights':
      expect(reply).toContain(t(`${profile.namespace}:rights.${goal.topic}.title`));
      expect(reply).toContain(t('rights:next.question'));
      return;
    case 'shelter':
      expect(reply).toContain(t('shelter:intro'));
      expect(reply).toContain(t('shelter:when.question'));
      return;
    case 'fund':
      expect(reply).toContain(t('fund:intro'));
      expect(reply).toContain(t('fund:kind.question'));
      return;
    case 'person': {
      expect(reply).toMatch(/BH-\d{4}-\d{6}/);
      const handoffs = await app.db.models.handoffs.find({ userHash: userHash(chat) }).lean();
      expect(handoffs).toHaveLength(1);
      expect(handoffs[0]!.priority).not.toBe('critical');
      return;
    }
    case 'language':
      expect(reply).toContain(i18n.getFixedT('en')('languages:choose.question'));
      return;
    case 'menu':
      // A plea: its warm answer and the menu with the way to a person; no interrupt, no case.
      expect(reply).toContain(t('menu:choice.question'));
      expect(reply).toContain(t('menu:choice.options.person'));
      expect(reply).not.toContain(t('safety:alert'));
      expect(await app.db.models.handoffs.countDocuments({ userHash: userHash(chat) })).toBe(0);
      return;
    case 'safety':
      expect(reply).toContain(t('safety:alert'));
      return;
  }
}

test('there are labelled messages to test with', () => {
  expect(CASES.length).toBeGreaterThan(0);
});

describe.each(CASES)('%s: %s', (language, intent, text) => {
  test('the bot does what it understood', async () => {
    const { chat, t } = await chatAtMenu(language);
    const reply = plain(await chat.say(text));
    if (detectDanger(text)) {
      // Danger words decide first: the safety interrupt.
      expect(reply).toContain(t('safety:alert'));
      return;
    }
    const interpretation = understanding.interpret(text, language);
    switch (interpretation.kind) {
      case 'goal':
        return expectArrivedAt(chat, t, reply, interpretation.goal, text, interpretation.intro);
      case 'stay':
        expect(reply).toContain(t(interpretation.line));
        expect(reply).toContain(t('menu:choice.question'));
        return;
      case 'none':
        expect(reply).toContain(t('common:invalidChoice'));
        expect(reply).toContain(t('menu:choice.question'));
        return;
      case 'didYouMean': {
        const { choices } = interpretation;
        expect(reply).toContain(t('understand:didYouMean.question'));
        choices.forEach((choice, i) => expect(reply).toContain(`${i + 1}. ${t(choice.label)}`));
        expect(reply).toContain(`${choices.length + 1}. ${t('understand:didYouMean.options.none')}`);
        const right = choices.findIndex((choice) => leadsTo(choice.goal, intent));
        if (right < 0) {
          // The right goal is not offered: "something else" is where the worker was.
          expect(plain(await chat.say(String(choices.length + 1)))).toContain(t('menu:choice.question'));
          return;
        }
        const chosen = choices[right]!;
        const arrived = plain(await chat.say(String(right + 1)));
        return expectArrivedAt(chat, t, arrived, chosen.goal, text, chosen.goal.goal === 'report' ? 'understand:reportStarted' : undefined);
      }
    }
  });
});

describe.each(LANGUAGES.filter((language) => CASES.some(([lng]) => lng === language)))('%s', (language) => {
  test('unsure: "did you mean…?" with numbered choices; "something else" returns to the menu, a number goes there', async () => {
    // Two labelled messages in one, the first such pair the bot is unsure of (none in this language: nothing to test).
    const texts = labelledFreeText(language)
      .map(([, text]) => text)
      .filter((text) => !detectDanger(text));
    const unsure = texts
      .flatMap((a) => texts.filter((b) => b !== a).map((b) => `${a} ${b}`))
      .map((text) => ({ text, interpretation: understanding.interpret(text, language) }))
      .find(({ interpretation }) => interpretation.kind === 'didYouMean');
    if (!unsure || unsure.interpretation.kind !== 'didYouMean') return;
    const { choices } = unsure.interpretation;
    const { chat, t } = await chatAtMenu(language);
    const asked = plain(await chat.say(unsure.text));
    expect(asked).toContain(t('understand:didYouMean.question'));
    choices.forEach((choice, i) => expect(asked).toContain(`${i + 1}. ${t(choice.label)}`));
    expect(plain(await chat.say('0'))).toContain(t('understand:didYouMean.question'));
    expect(plain(await chat.say(String(choices.length + 1)))).toContain(t('menu:choice.question'));
    expect(plain(await chat.say(unsure.text))).toContain(t('understand:didYouMean.question'));
    await expectArrivedAt(chat, t, plain(await chat.say('1')), choices[0]!.goal, unsure.text, choices[0]!.goal.goal === 'report' ? 'understand:reportStarted' : undefined);
  });
});
