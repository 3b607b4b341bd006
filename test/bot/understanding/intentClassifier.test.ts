// The classifier on a small corpus written here (never shipped): intents,
// scores, the indicators of every problem a message names, clauses, courtesy,
// numbers and unknown words.
import { IntentClassifier } from '../../../bot/understanding/intentClassifier';
import type { IntentExamples } from '../../../bot/understanding/intents';

const EXAMPLES: IntentExamples = {
  'report.wages': ['my salary is not paid', 'no salary for months', 'they did not pay my wages', 'boss keeps my salary', 'salary not paid again'],
  'report.documents': ['boss took my passport', 'they keep my passport', 'madam has my passport', 'my passport is with the company', 'the agent holds my passport'],
  shelter: ['i need a place to sleep', 'somewhere safe to stay tonight', 'i have no place to sleep', 'a safe place to stay please', 'where can i sleep tonight'],
  greeting: ['hello', 'hi', 'good morning', 'hello there', 'hi good evening'],
  plea: ['i need help', 'please help me', 'help me please', 'i need your help', 'can you help me'],
  none: ['what is the weather', 'i like football', 'blue sky', 'what is your name', 'the football game'],
};

const classifier = IntentClassifier.train(new Map([['en', EXAMPLES]]));

test.each([
  ['my salary is not paid for months', 'report.wages'],
  ['the company took my passport', 'report.documents'],
  ['i need a safe place to sleep tonight', 'shelter'],
  ['good morning', 'greeting'],
  ['please i need help', 'plea'],
])('%j is %s', (text, intent) => {
  const classification = classifier.classify(text, 'en');
  expect(classification.intent).toBe(intent);
  expect(classification.alternatives[0]!.intent).toBe(intent);
  expect(classification.alternatives.length).toBeLessThanOrEqual(3);
  expect(classification.score).toBeGreaterThan(0);
  expect(classification.score).toBeLessThanOrEqual(1);
});

test('a report names its problem as an indicator; other intents name none', () => {
  expect(classifier.classify('they did not pay my salary', 'en')).toMatchObject({ indicators: ['withholdingOfWages'], reportIntents: ['report.wages'] });
  expect(classifier.classify('i need a place to sleep', 'en').indicators).toEqual([]);
});

test('two problems in two clauses: both indicators', () => {
  const classification = classifier.classify('no salary for months, and the boss keeps my passport', 'en');
  expect(classification.intent === 'report.wages' || classification.intent === 'report.documents').toBe(true);
  expect(classification.indicators).toEqual(['withholdingOfWages', 'retentionOfIdentityDocuments']);
});

test('a greeting before a request says least', () => {
  expect(classifier.classify('hello, i need help', 'en').intent).toBe('plea');
  expect(classifier.classify('hi, my salary is not paid', 'en').intent).toBe('report.wages');
});

test('numbers alone, unknown words and an unknown language are none', () => {
  expect(classifier.classify('2 3 40', 'en')).toMatchObject({ intent: 'none', score: 1, indicators: [] });
  expect(classifier.classify('zzz qqq', 'en')).toMatchObject({ intent: 'none', score: 1 });
  expect(classifier.languages).toEqual(['en']);
  // A language without examples of its own still shares the words it borrows ("passport").
  expect(classifier.classify('passport', 'xx').intent).toBe('report.documents');
});

test('without examples nothing is understood', () => {
  expect(IntentClassifier.train(new Map()).classify('my salary is not paid', 'en')).toMatchObject({ intent: 'none', score: 1, indicators: [] });
});
