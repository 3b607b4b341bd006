// What a worker's free text can mean, and the examples per language the
// classifier learns from (locales/<lng>/intents.json, written by translators).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WHAT_HAPPENED_INDICATORS } from '../../dialogs/whatHappened';
import type { Indicator } from '../../models/domain';

/** Report intents, one per "what happened" choice of the report (its ILO indicator). */
export const REPORT_INTENTS = [
  'report.wages',
  'report.documents',
  'report.movement',
  'report.violence',
  'report.threats',
  'report.debt',
  'report.hours',
  'report.isolation',
  'report.deception',
  'report.conditions',
  'report.vulnerability',
] as const;

/** Rights intents, one per rights topic of the country profile. */
export const RIGHTS_INTENTS = [
  'rights.wages',
  'rights.passport',
  'rights.hoursRest',
  'rights.changingEmployer',
  'rights.recruitmentFees',
  'rights.domesticWorkers',
  'rights.trafficking',
  'rights.howToComplain',
] as const;

/** Every intent an `intents.json` holds examples for. */
export const INTENT_IDS = [
  ...REPORT_INTENTS,
  'report',
  ...RIGHTS_INTENTS,
  'shelter',
  'fund',
  'person',
  'danger',
  'plea',
  'language',
  'greeting',
  'thanks',
  'none',
] as const;

export type IntentId = (typeof INTENT_IDS)[number];
export type ReportIntent = (typeof REPORT_INTENTS)[number];

/** Examples per intent, as in `locales/<lng>/intents.json`. */
export type IntentExamples = Partial<Record<IntentId, string[]>>;

const INTENT_SET = new Set<string>(INTENT_IDS);

export function isIntentId(value: string): value is IntentId {
  return INTENT_SET.has(value);
}

export function isReportIntent(intent: IntentId): intent is ReportIntent {
  return intent.startsWith('report.');
}

/** The "what happened" option of a report intent ('report.wages' → 'wages'). */
export function whatHappenedOption(intent: ReportIntent): string {
  return intent.slice('report.'.length);
}

/** The ILO indicator a report intent names ('report.documents' → 'retentionOfIdentityDocuments'). */
export function indicatorOf(intent: ReportIntent): Indicator {
  const indicator = WHAT_HAPPENED_INDICATORS[whatHappenedOption(intent)];
  if (!indicator) throw new Error(`indicatorOf(): no indicator for ${intent}`);
  return indicator;
}

/** An `intents.json` that cannot be read or is not `{ "<intentId>": ["example", ...] }`. */
export class IntentDataError extends Error {
  constructor(
    message: string,
    /** The file at fault. */
    readonly file: string,
  ) {
    super(`readIntentExamples(): ${file}: ${message}`);
    this.name = 'IntentDataError';
  }
}

export const INTENTS_FILE = 'intents.json';

/** Reads and checks one `intents.json`. Unknown intent ids are refused: a typo would silently teach nothing. */
export function readIntentExamples(file: string): IntentExamples {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new IntentDataError(`cannot read JSON (${(error as Error).message})`, file);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new IntentDataError('expected an object', file);
  const examples: IntentExamples = {};
  for (const [intent, list] of Object.entries(parsed as Record<string, unknown>)) {
    if (intent.startsWith('_')) continue; // review marks and comments
    if (!isIntentId(intent)) throw new IntentDataError(`unknown intent "${intent}"`, file);
    if (!Array.isArray(list) || list.some((example) => typeof example !== 'string' || example.trim() === '')) {
      throw new IntentDataError(`"${intent}" must be an array of non-empty strings`, file);
    }
    examples[intent] = list as string[];
  }
  return examples;
}

/** Every language under `localesDir` with an `intents.json`, and its examples. */
export function loadIntentExamples(localesDir: string): Map<string, IntentExamples> {
  const byLanguage = new Map<string, IntentExamples>();
  if (!fs.existsSync(localesDir)) return byLanguage;
  const languages = fs
    .readdirSync(localesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(localesDir, entry.name, INTENTS_FILE)))
    .map((entry) => entry.name)
    .sort();
  for (const language of languages) byLanguage.set(language, readIntentExamples(path.join(localesDir, language, INTENTS_FILE)));
  return byLanguage;
}

/** Whether an example is held back for evaluation: in each intent's list, index i with i % 5 === 4. */
export function isHeldBack(index: number): boolean {
  return index % 5 === 4;
}

/** The examples the evaluation trains on (the held-back fifth removed) and those it tests on. */
export function splitForEvaluation(examples: IntentExamples): { train: IntentExamples; test: Array<{ text: string; intent: IntentId }> } {
  const train: IntentExamples = {};
  const test: Array<{ text: string; intent: IntentId }> = [];
  for (const [intent, list] of Object.entries(examples) as Array<[IntentId, string[]]>) {
    train[intent] = list.filter((_example, index) => !isHeldBack(index));
    list.forEach((text, index) => {
      if (isHeldBack(index)) test.push({ text, intent });
    });
  }
  return { train, test };
}
