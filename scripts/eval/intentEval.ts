// Intent accuracy per language on the held-back fifth of locales/<lng>/intents.json
// (in each intent's list, the examples at index i with i % 5 === 4), trained
// on the rest only (with the locale's own menu wording, as the hotline trains);
// what the bot then does with those messages at its threshold (acts, rightly or
// wrongly, or asks "did you mean…?" with the right goal among the choices or
// not); and how often both problems of a two-problem message are found.
import * as path from 'node:path';
import { detectDanger } from '../../kernel/text/danger';
import { FreeTextUnderstanding, UNDERSTANDING_THRESHOLD, type Interpretation, type UnderstoodGoal } from '../../bot/understanding/freeText';
import { IntentClassifier, type Classification } from '../../bot/understanding/intentClassifier';
import { INTENT_IDS, REPORT_INTENTS, indicatorOf, isReportIntent, loadIntentExamples, splitForEvaluation, type IntentExamples, type IntentId } from '../../bot/understanding/intents';
import { DEFAULT_PROFILE_NAMESPACE, trainedClassifier, withLocaleExamples } from '../../bot/understanding/training';
import { loadCountryProfile } from '../../services/countryProfile';
import type { EvalRow, EvalSection } from './types';
import { readLanguageSets, understandingDataDirectory, type LanguageSet } from './understandingData';

export const INTENT_ACCURACY_TARGET = 0.9;
/** Of all held-back messages, at most this share may be acted on wrongly without asking (our target for the threshold). */
export const SILENTLY_WRONG_TARGET = 0.05;
const THRESHOLDS = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];

const LOCALES_DIR = path.join(__dirname, '..', '..', 'locales');
/** Of the labelled free text of test/bot/understanding, at least this share must reach its goal, directly or by one "did you mean" choice (our target). */
export const FREE_TEXT_REACHED_TARGET = 0.8;

/** The labelled sets of a folder (test/bot/understanding/ or its blind/), by language. */
function labelledSets(directory: string): Map<string, LanguageSet> {
  return new Map(readLanguageSets(directory).map((set) => [set.language, set]));
}

/** The labelled free-text messages of a set, by intent. */
export function labelledFreeText(set: LanguageSet | undefined): Array<{ intent: IntentId; text: string }> {
  return Object.entries(set?.freeText ?? {}).flatMap(([intent, text]) => (text.trim() !== '' && isIntentIdLike(intent) ? [{ intent, text }] : []));
}

function isIntentIdLike(intent: string): intent is IntentId {
  return (INTENT_IDS as readonly string[]).includes(intent);
}

/** One held-back example and what the classifier made of it. */
export interface HeldBackResult {
  language: string;
  text: string;
  expected: IntentId;
  classification: Classification;
}

export interface IndicatorPairs {
  language: string;
  found: number;
  expected: number;
  extra: number;
}

/** Trains without the held-back fifth and classifies it; every language with an intents.json. */
export function classifyHeldBack(localesDir = LOCALES_DIR): { results: HeldBackResult[]; pairs: IndicatorPairs[] } {
  const train = new Map<string, IntentExamples>();
  const tests = new Map<string, Array<{ text: string; intent: IntentId }>>();
  for (const [language, examples] of loadIntentExamples(localesDir)) {
    const split = splitForEvaluation(examples);
    train.set(language, split.train);
    tests.set(language, split.test);
  }
  const classifier = IntentClassifier.train(withLocaleExamples(train, localesDir, DEFAULT_PROFILE_NAMESPACE));
  const results: HeldBackResult[] = [];
  const pairs: IndicatorPairs[] = [];
  for (const [language, test] of tests) {
    for (const { text, intent } of test) results.push({ language, text, expected: intent, classification: classifier.classify(text, language) });
    // Two problems in one message: the first held-back example of each report intent, joined in a ring.
    const firsts = REPORT_INTENTS.flatMap((intent) => {
      const text = test.find((example) => example.intent === intent)?.text;
      return text === undefined ? [] : [{ intent, text }];
    });
    if (firsts.length < 2) continue;
    let found = 0;
    let extra = 0;
    firsts.forEach((a, i) => {
      const b = firsts[(i + 1) % firsts.length]!;
      const { indicators } = classifier.classify(`${a.text}, ${b.text}`, language);
      const wanted = [indicatorOf(a.intent), indicatorOf(b.intent)];
      found += wanted.filter((indicator) => indicators.includes(indicator)).length;
      extra += indicators.filter((indicator) => !wanted.includes(indicator)).length;
    });
    pairs.push({ language, found, expected: firsts.length * 2, extra });
  }
  return { results, pairs };
}

/** What happens to a message: acted on (rightly or not), or asked about (with the right goal offered or not). */
export type Outcome = 'actedRight' | 'actedWrong' | 'askedRight' | 'askedWrong';

/** Whether a goal is where a message of intent `expected` should lead. */
function leadsTo(goal: UnderstoodGoal, expected: IntentId): boolean {
  if (expected === 'report' || isReportIntent(expected)) return goal.goal === 'report';
  if (expected.startsWith('rights.')) return goal.goal === 'rights' && goal.topic === expected.slice('rights.'.length);
  if (expected === 'danger') return goal.goal === 'safety';
  if (expected === 'plea') return goal.goal === 'menu';
  return goal.goal === expected;
}

/** The outcome of an interpretation of a message of intent `expected`. */
export function outcomeOf(interpretation: Interpretation, expected: IntentId): Outcome {
  switch (interpretation.kind) {
    case 'goal':
      return leadsTo(interpretation.goal, expected) ? 'actedRight' : 'actedWrong';
    case 'stay':
      return interpretation.line === `understand:${expected}` ? 'actedRight' : 'actedWrong';
    case 'none':
      // "Please reply with a number": right for what is no goal, a missed goal otherwise (the menu is shown again).
      return expected === 'none' || expected === 'greeting' || expected === 'thanks' ? 'actedRight' : 'actedWrong';
    case 'didYouMean':
      // "Something else" is the right answer for a message that names no goal.
      if (expected === 'none' || expected === 'greeting' || expected === 'thanks') return 'askedRight';
      return interpretation.choices.some((choice) => leadsTo(choice.goal, expected)) ? 'askedRight' : 'askedWrong';
  }
}

/** Outcome counts of the held-back messages at a threshold. */
/** The hotline's interpretation at a threshold (it only reads classifications: its own classifier is never asked). */
function interpreterAt(threshold: number): FreeTextUnderstanding {
  const profile = loadCountryProfile('bh');
  return new FreeTextUnderstanding(IntentClassifier.train(new Map()), { rightsTopics: profile.rights.map((article) => article.id), profileNamespace: profile.namespace, threshold });
}

export function outcomesAt(results: readonly HeldBackResult[], threshold: number): Record<Outcome, number> {
  const understanding = interpreterAt(threshold);
  const counts: Record<Outcome, number> = { actedRight: 0, actedWrong: 0, askedRight: 0, askedWrong: 0 };
  for (const result of results) counts[outcomeOf(understanding.fromClassification(result.classification, result.text), result.expected)] += 1;
  return counts;
}

const percent = (part: number, whole: number): string => `${((part / Math.max(1, whole)) * 100).toFixed(1)} %`;

export async function evaluate(localesDir = LOCALES_DIR): Promise<EvalSection> {
  const { results, pairs } = classifyHeldBack(localesDir);
  const rows: EvalRow[] = [];
  const languages = [...new Set(results.map((result) => result.language))];
  for (const language of languages) {
    const mine = results.filter((result) => result.language === language);
    const wrong = mine.filter((result) => result.classification.intent !== result.expected);
    rows.push({
      language,
      metric: 'intent accuracy (held-back fifth)',
      value: mine.length === 0 ? 0 : (mine.length - wrong.length) / mine.length,
      target: INTENT_ACCURACY_TARGET,
      comparison: '>=',
      detail: `${mine.length - wrong.length}/${mine.length}${wrong.length ? `; missed: ${wrong.map((result) => `${result.expected}→${result.classification.intent}`).join(', ')}` : ''}`,
    });
  }
  if (results.length > 0) {
    const at = outcomesAt(results, UNDERSTANDING_THRESHOLD);
    const acted = at.actedRight + at.actedWrong;
    const asked = at.askedRight + at.askedWrong;
    const table = THRESHOLDS.map((threshold) => {
      const counts = outcomesAt(results, threshold);
      return `${threshold}: acts on ${percent(counts.actedRight + counts.actedWrong, results.length)} (wrong ${percent(counts.actedWrong, results.length)}), asks with the right choice ${percent(counts.askedRight, results.length)}`;
    });
    rows.push({
      language: 'all',
      metric: `share acted on wrongly without asking (threshold ${UNDERSTANDING_THRESHOLD})`,
      value: at.actedWrong / results.length,
      target: SILENTLY_WRONG_TARGET,
      comparison: '<=',
      detail: `${at.actedWrong} of ${results.length}; acted on ${acted} (${percent(at.actedRight, acted)} right), asked ${asked} (right goal among the choices for ${percent(at.askedRight, asked)}). By threshold: ${table.join('; ')}`,
    });
  }
  // The labelled free text (never trained on), with the classifier the hotline runs.
  const running = trainedClassifier(localesDir, DEFAULT_PROFILE_NAMESPACE).classifier;
  const understanding = interpreterAt(UNDERSTANDING_THRESHOLD);
  const sets = labelledSets(understandingDataDirectory());
  const blindSets = labelledSets(path.join(understandingDataDirectory(), 'blind'));
  for (const language of languages) {
    const labelled = labelledFreeText(sets.get(language));
    if (labelled.length === 0) continue;
    const missed = labelled.filter(({ intent, text }) => {
      const outcome = outcomeOf(understanding.fromClassification(running.classify(text, language), text), intent);
      return outcome === 'actedWrong' || outcome === 'askedWrong';
    });
    rows.push({
      language,
      metric: 'share of labelled free text reaching its goal (at once or by one "did you mean" choice)',
      value: (labelled.length - missed.length) / labelled.length,
      target: FREE_TEXT_REACHED_TARGET,
      comparison: '>=',
      detail: `${labelled.length - missed.length}/${labelled.length}${missed.length ? `; missed: ${missed.map(({ intent }) => intent).join(', ')}` : ''}`,
    });
  }
  // Would the classifier's 'danger' add to the danger words? Danger messages the lexicon misses that it
  // calls danger (sure enough to act on), against ordinary messages it would raise an alarm on.
  for (const language of languages) {
    const callsDanger = (text: string): boolean => {
      const classification = running.classify(text, language);
      return classification.intent === 'danger' && classification.score >= UNDERSTANDING_THRESHOLD;
    };
    const measure = (set: LanguageSet | undefined) => {
      const missed = (set?.danger ?? []).filter((text) => !detectDanger(text));
      const notDanger = set?.notDanger ?? [];
      const offers = (text: string): boolean => {
        const interpretation = understanding.fromClassification(running.classify(text, language), text);
        return interpretation.kind === 'didYouMean' && interpretation.choices.some((choice) => choice.goal.goal === 'safety');
      };
      return {
        missed: missed.length,
        added: missed.filter(callsDanger).length,
        offered: missed.filter(offers).length,
        ordinary: notDanger.length,
        alarms: notDanger.filter((text) => !detectDanger(text) && callsDanger(text)).length,
      };
    };
    const labelled = measure(sets.get(language));
    const blind = measure(blindSets.get(language));
    const ordinary = labelled.ordinary + blind.ordinary;
    if (ordinary === 0) continue;
    rows.push({
      language,
      metric: "false alarms the classifier's 'danger' would add (informative)",
      value: (labelled.alarms + blind.alarms) / ordinary,
      target: 0,
      comparison: '>=',
      detail:
        `${labelled.alarms + blind.alarms}/${ordinary} ordinary messages (labelled and blind sets); of the danger messages the danger words miss it would catch ` +
        `${labelled.added}/${labelled.missed} (labelled) and ${blind.added}/${blind.missed} (blind), and "did you mean" offers "I am in danger now" for ${labelled.offered + blind.offered} of them. ` +
        'Informative, no target: it never fires the interrupt, it only offers "I am in danger now" in "did you mean"',
    });
  }
  for (const pair of pairs) {
    rows.push({
      language: pair.language,
      metric: 'share of both problems found in two-problem messages (informative)',
      value: pair.found / pair.expected,
      target: 0,
      comparison: '>=',
      detail: `${pair.found}/${pair.expected} indicators found, ${pair.extra} extra (informative, no target)`,
    });
  }
  return { name: 'Intents', rows };
}
