// Intent accuracy per language on the held-back fifth of locales/<lng>/intents.json
// (in each intent's list, the examples at index i with i % 5 === 4), trained
// on the rest only; and how well two report problems in one message are both
// found (pairs of held-back report examples joined with a comma).
import * as path from 'node:path';
import { IntentClassifier } from '../../bot/understanding/intentClassifier';
import { REPORT_INTENTS, indicatorOf, loadIntentExamples, splitForEvaluation, type IntentExamples, type IntentId } from '../../bot/understanding/intents';
import type { EvalRow, EvalSection } from './types';

export const INTENT_ACCURACY_TARGET = 0.9;

const LOCALES_DIR = path.join(__dirname, '..', '..', 'locales');

/** One held-back example and what the classifier made of it. */
export interface HeldBackResult {
  language: string;
  text: string;
  expected: IntentId;
  got: IntentId;
  score: number;
}

/** Trains without the held-back fifth and classifies it; every language with an intents.json. */
export function classifyHeldBack(localesDir = LOCALES_DIR): { results: HeldBackResult[]; pairs: Array<{ language: string; found: number; expected: number; extra: number }> } {
  const all = loadIntentExamples(localesDir);
  const train = new Map<string, IntentExamples>();
  const tests = new Map<string, Array<{ text: string; intent: IntentId }>>();
  for (const [language, examples] of all) {
    const split = splitForEvaluation(examples);
    train.set(language, split.train);
    tests.set(language, split.test);
  }
  const classifier = IntentClassifier.train(train);
  const results: HeldBackResult[] = [];
  const pairs: Array<{ language: string; found: number; expected: number; extra: number }> = [];
  for (const [language, test] of tests) {
    for (const { text, intent } of test) {
      const classification = classifier.classify(text, language);
      results.push({ language, text, expected: intent, got: classification.intent, score: classification.score });
    }
    // Two problems in one message: the first held-back example of each report intent, joined in a ring.
    const firsts = REPORT_INTENTS.map((intent) => ({ intent, text: test.find((example) => example.intent === intent)?.text })).filter(
      (example): example is { intent: (typeof REPORT_INTENTS)[number]; text: string } => example.text !== undefined,
    );
    let found = 0;
    let extra = 0;
    for (let i = 0; i < firsts.length && firsts.length > 1; i++) {
      const a = firsts[i]!;
      const b = firsts[(i + 1) % firsts.length]!;
      const { indicators } = classifier.classify(`${a.text}, ${b.text}`, language);
      const wanted = [indicatorOf(a.intent), indicatorOf(b.intent)];
      found += wanted.filter((indicator) => indicators.includes(indicator)).length;
      extra += indicators.filter((indicator) => !wanted.includes(indicator)).length;
    }
    if (firsts.length > 1) pairs.push({ language, found, expected: firsts.length * 2, extra });
  }
  return { results, pairs };
}

export async function evaluate(localesDir = LOCALES_DIR): Promise<EvalSection> {
  const { results, pairs } = classifyHeldBack(localesDir);
  const rows: EvalRow[] = [];
  const languages = [...new Set(results.map((result) => result.language))];
  for (const language of languages) {
    const mine = results.filter((result) => result.language === language);
    const right = mine.filter((result) => result.got === result.expected);
    const wrong = mine.filter((result) => result.got !== result.expected);
    rows.push({
      language,
      metric: 'intent accuracy (held-back fifth)',
      value: mine.length === 0 ? 0 : right.length / mine.length,
      target: INTENT_ACCURACY_TARGET,
      comparison: '>=',
      detail: `${right.length}/${mine.length}${wrong.length ? `; missed: ${wrong.map((result) => `${result.expected}→${result.got}`).join(', ')}` : ''}`,
    });
  }
  for (const pair of pairs) {
    rows.push({
      language: pair.language,
      metric: 'both indicators of two-problem messages',
      value: pair.found / pair.expected,
      target: 0,
      comparison: '>=',
      detail: `${pair.found}/${pair.expected} indicators found, ${pair.extra} extra (informative, no target)`,
    });
  }
  return { name: 'Intents', rows };
}
