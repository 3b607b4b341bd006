// Benchmark: what understanding free text costs. Trains the classifier on
// every locales/<lng>/intents.json (as the hotline does once at start) and
// times one classification + interpretation per message, over every example
// and labelled message, in every language. Figures go in the notes, never
// into test assertions.
// Usage: npm run bench:understanding [-- --rounds 20]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LOCALES_DIR } from '../kernel/i18n';
import { loadCountryProfile } from '../services/countryProfile';
import { FreeTextUnderstanding } from '../bot/understanding/freeText';
import { loadIntentExamples } from '../bot/understanding/intents';
import { trainedClassifier } from '../bot/understanding/training';

const arg = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};

const LABELLED_DIR = path.join(__dirname, '..', 'test', 'bot', 'understanding');

/** Labelled messages of a language (first messages, danger and ordinary ones, free text), if any. */
function labelledMessages(language: string): string[] {
  const file = path.join(LABELLED_DIR, `${language}.json`);
  if (!fs.existsSync(file)) return [];
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { firstMessages?: string[]; danger?: string[]; notDanger?: string[]; freeText?: Record<string, string> };
  return [...(data.firstMessages ?? []), ...(data.danger ?? []), ...(data.notDanger ?? []), ...Object.values(data.freeText ?? {})];
}

function main(): void {
  const rounds = arg('rounds', 20);
  const profile = loadCountryProfile('bh');
  // As the hotline does at start: every intents.json and the locales' own wording, read and trained on.
  const { classifier, milliseconds: trainMs } = trainedClassifier(LOCALES_DIR, profile.namespace);
  const examples = loadIntentExamples(LOCALES_DIR);
  const understanding = new FreeTextUnderstanding(classifier, { rightsTopics: profile.rights.map((article) => article.id), profileNamespace: profile.namespace });

  const messages: Array<{ language: string; text: string }> = [];
  for (const [language, byIntent] of examples) {
    for (const list of Object.values(byIntent)) for (const text of list ?? []) messages.push({ language, text });
    for (const text of labelledMessages(language)) messages.push({ language, text });
  }
  if (messages.length === 0) throw new Error('bench/understanding: no locales/<lng>/intents.json to train on');
  for (const { language, text } of messages) understanding.interpret(text, language); // warm-up, not counted

  const micros: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const { language, text } of messages) {
      const started = performance.now();
      understanding.interpret(text, language);
      micros.push((performance.now() - started) * 1000);
    }
  }
  micros.sort((a, b) => a - b);
  const pct = (p: number) => micros[Math.min(micros.length - 1, Math.floor((p / 100) * micros.length))]!;
  const ms = (us: number) => (us / 1000).toFixed(3);
  console.log(`languages: ${classifier.languages.length} (${classifier.languages.join(', ')})`);
  console.log(`training at start (examples read, features, network), all languages: ${trainMs.toFixed(0)} ms (target ≤ 5000 ms)`);
  console.log(`per message (classify + interpret), ${micros.length} timings over ${messages.length} messages:`);
  console.log(`  p50 ${ms(pct(50))} ms (target ≤ 2 ms)   p95 ${ms(pct(95))} ms   p99 ${ms(pct(99))} ms   max ${ms(micros[micros.length - 1]!)} ms`);
  console.log(`memory: rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB, heap used ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MB`);
}

main();
