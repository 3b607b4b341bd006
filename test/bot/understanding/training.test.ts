// The trained model's cache: a model loaded from disk classifies exactly as the
// one just trained, and a change of the training data (or a damaged file)
// trains again instead of loading what no longer fits.
import { mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { IntentClassifier } from '../../../bot/understanding/intentClassifier';
import { loadIntentExamples } from '../../../bot/understanding/intents';
import { DEFAULT_PROFILE_NAMESPACE, decodeSnapshot, encodeSnapshot, withLocaleExamples } from '../../../bot/understanding/training';
import { LOCALES_DIR } from '../../../kernel/i18n';

type TrainingModule = typeof import('../../../bot/understanding/training');

/** A fresh copy of the training module: its in-process memo empty, as in a new process. */
function freshTraining(): TrainingModule {
  let module: TrainingModule | undefined;
  jest.isolateModules(() => {
    module = require('../../../bot/understanding/training') as TrainingModule;
  });
  return module!;
}

const scratch = mkdtempSync(join(tmpdir(), 'hotline-training-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const SMALL = {
  'report.wages': ['my salary is not paid', 'no salary for months', 'they did not pay my wages'],
  'report.documents': ['boss took my passport', 'they keep my passport', 'madam has my passport'],
  shelter: ['i need a place to sleep', 'somewhere safe to stay tonight'],
  greeting: ['hello', 'good morning'],
  none: ['what is the weather', 'i like football'],
};

function writeLocales(dir: string, examples: Record<string, string[]>): void {
  mkdirSync(join(dir, 'en'), { recursive: true });
  writeFileSync(join(dir, 'en', 'intents.json'), JSON.stringify(examples));
}

const MESSAGES = ['my salary is not paid for months', 'the boss keeps my passport', 'i need somewhere to sleep', 'hello', 'football weather', 'no salary, and madam has my passport', 'xyz'];

test('the cached model of the real locales classifies every labelled message exactly as the freshly trained one', () => {
  const examples = withLocaleExamples(loadIntentExamples(LOCALES_DIR), LOCALES_DIR, DEFAULT_PROFILE_NAMESPACE);
  const trained = IntentClassifier.train(examples);
  const loaded = IntentClassifier.fromSnapshot(decodeSnapshot(encodeSnapshot(trained.toSnapshot())));
  expect(loaded.languages).toEqual(trained.languages);
  const messages = [...examples].flatMap(([language, byIntent]) => Object.values(byIntent).flatMap((list) => (list ?? []).map((text) => ({ language, text }))));
  expect(messages.length).toBeGreaterThan(1000);
  for (const { language, text } of messages) expect(loaded.classify(text, language)).toEqual(trained.classify(text, language));
});

test('a first start trains and keeps the model; the next start loads it and answers the same', () => {
  const locales = join(scratch, 'same', 'locales');
  const cacheDir = join(scratch, 'same', 'cache');
  writeLocales(locales, SMALL);
  const first = freshTraining().trainedClassifier(locales, DEFAULT_PROFILE_NAMESPACE, { cacheDir });
  expect(first.source).toBe('trained');
  expect(readdirSync(cacheDir)).toEqual([`${first.key}.model`]);
  const second = freshTraining().trainedClassifier(locales, DEFAULT_PROFILE_NAMESPACE, { cacheDir });
  expect(second.source).toBe('cached');
  expect(second.key).toBe(first.key);
  for (const text of MESSAGES) expect(second.classifier.classify(text, 'en')).toEqual(first.classifier.classify(text, 'en'));
});

test('a changed example retrains under another key, and the new model knows it', () => {
  const locales = join(scratch, 'changed', 'locales');
  const cacheDir = join(scratch, 'changed', 'cache');
  writeLocales(locales, SMALL);
  const before = freshTraining().trainedClassifier(locales, DEFAULT_PROFILE_NAMESPACE, { cacheDir });
  expect(before.classifier.classify('they beat me', 'en').intent).not.toBe('report.violence');

  writeLocales(locales, { ...SMALL, 'report.violence': ['they beat me', 'my boss hits me', 'madam beats me'] });
  const after = freshTraining().trainedClassifier(locales, DEFAULT_PROFILE_NAMESPACE, { cacheDir });
  expect(after.source).toBe('trained');
  expect(after.key).not.toBe(before.key);
  expect(after.classifier.classify('they beat me', 'en').intent).toBe('report.violence');
  expect(readdirSync(cacheDir).sort()).toEqual([`${before.key}.model`, `${after.key}.model`].sort());
});

test('a damaged cache file is trained over, never loaded', () => {
  const locales = join(scratch, 'damaged', 'locales');
  const cacheDir = join(scratch, 'damaged', 'cache');
  writeLocales(locales, SMALL);
  const first = freshTraining().trainedClassifier(locales, DEFAULT_PROFILE_NAMESPACE, { cacheDir });
  writeFileSync(join(cacheDir, `${first.key}.model`), Buffer.from([9, 0, 0, 0, 123]));
  const again = freshTraining().trainedClassifier(locales, DEFAULT_PROFILE_NAMESPACE, { cacheDir });
  expect(again.source).toBe('trained');
  for (const text of MESSAGES) expect(again.classifier.classify(text, 'en')).toEqual(first.classifier.classify(text, 'en'));
  expect(freshTraining().trainedClassifier(locales, DEFAULT_PROFILE_NAMESPACE, { cacheDir }).source).toBe('cached');
});

test('a cache that cannot be written is reported, and the trained model is still used', () => {
  const locales = join(scratch, 'readonly', 'locales');
  writeLocales(locales, SMALL);
  const blocker = join(scratch, 'readonly', 'not-a-folder');
  writeFileSync(blocker, 'a file where the cache folder would be');
  const errors: unknown[] = [];
  const result = freshTraining().trainedClassifier(locales, DEFAULT_PROFILE_NAMESPACE, { cacheDir: join(blocker, 'cache'), onCacheError: (error) => errors.push(error) });
  expect(result.source).toBe('trained');
  expect(errors).toHaveLength(1);
  expect(result.classifier.classify('my salary is not paid', 'en').intent).toBe('report.wages');
});

test('a change to the code that makes features or weights changes the key', () => {
  const code = join(scratch, 'code');
  mkdirSync(join(code, 'text'), { recursive: true });
  writeFileSync(join(code, 'features.ts'), 'export const SUBWORD_LENGTH = 3;');
  writeFileSync(join(code, 'text', 'fold.ts'), 'export const fold = (text: string) => text.toLowerCase();');
  const examples = new Map([['en', SMALL]]);
  const before = freshTraining().trainingKey(examples, [code]);
  expect(freshTraining().trainingKey(examples, [code])).toBe(before);
  writeFileSync(join(code, 'text', 'fold.ts'), 'export const fold = (text: string) => text.normalize("NFKC").toLowerCase();');
  const after = freshTraining().trainingKey(examples, [code]);
  expect(after).not.toBe(before);
  expect(freshTraining().trainingKey(new Map([['en', { ...SMALL, greeting: ['hello', 'good evening'] }]]), [code])).not.toBe(after);
});

test('the key covers the folders the features are made in: bot/understanding/ and kernel/', () => {
  const { MODEL_CODE_DIRS } = freshTraining();
  expect(MODEL_CODE_DIRS.map((dir) => relative(join(__dirname, '..', '..', '..'), dir))).toEqual([join('bot', 'understanding'), 'kernel']);
});
