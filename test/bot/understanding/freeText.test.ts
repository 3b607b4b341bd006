// From a classification to what the bot does: a goal, a warm line, "did you
// mean…?" below the threshold (danger only ever offered), or nothing.
import type { Classification } from '../../../bot/understanding/intentClassifier';
import { FreeTextUnderstanding, isFreeText, UNDERSTANDING_THRESHOLD } from '../../../bot/understanding/freeText';
import { IntentClassifier } from '../../../bot/understanding/intentClassifier';

const understanding = new FreeTextUnderstanding(IntentClassifier.train(new Map()), {
  rightsTopics: ['wages', 'passport', 'changingEmployer'],
  profileNamespace: 'country-bh',
});

const sure = UNDERSTANDING_THRESHOLD + 0.1;
const unsure = UNDERSTANDING_THRESHOLD - 0.1;

function classification(partial: Partial<Classification> & Pick<Classification, 'intent' | 'score'>): Classification {
  return { alternatives: [{ intent: partial.intent, score: partial.score }], indicators: [], reportIntents: [], ...partial };
}

const TEXT = '  not paid for two months and the supervisor keeps my passport ';

test.each<[string, Classification, unknown]>([
  [
    'a sure report keeps every problem named and the words',
    classification({ intent: 'report.wages', score: sure, indicators: ['retentionOfIdentityDocuments', 'withholdingOfWages'], reportIntents: ['report.wages', 'report.documents'] }),
    { kind: 'goal', goal: { goal: 'report', whatHappened: ['wages', 'documents'], narrative: TEXT.trim() }, intro: 'understand:reportStarted' },
  ],
  ['a report with no problem named asks what happened', classification({ intent: 'report', score: sure }), { kind: 'goal', goal: { goal: 'report', whatHappened: [], narrative: TEXT.trim() }, intro: 'understand:reportStarted' }],
  ['a rights topic of the profile opens it', classification({ intent: 'rights.passport', score: sure }), { kind: 'goal', goal: { goal: 'rights', topic: 'passport' } }],
  ['a rights topic the profile lacks is not understood', classification({ intent: 'rights.trafficking', score: sure }), { kind: 'none' }],
  ['shelter', classification({ intent: 'shelter', score: sure }), { kind: 'goal', goal: { goal: 'shelter' } }],
  ['fund', classification({ intent: 'fund', score: sure }), { kind: 'goal', goal: { goal: 'fund' } }],
  ['person', classification({ intent: 'person', score: sure }), { kind: 'goal', goal: { goal: 'person' } }],
  ['language', classification({ intent: 'language', score: sure }), { kind: 'goal', goal: { goal: 'language' } }],
  ['a plea: its warm answer, then the menu', classification({ intent: 'plea', score: sure }), { kind: 'goal', goal: { goal: 'menu' }, intro: 'understand:plea' }],
  ['greeting', classification({ intent: 'greeting', score: sure }), { kind: 'stay', line: 'understand:greeting' }],
  ['thanks', classification({ intent: 'thanks', score: sure }), { kind: 'stay', line: 'understand:thanks' }],
  ['none', classification({ intent: 'none', score: 1 }), { kind: 'none' }],
  [
    'unsure: the likeliest goals, at most three, each once',
    classification({
      intent: 'shelter',
      score: unsure,
      alternatives: [
        { intent: 'shelter', score: unsure },
        { intent: 'rights.changingEmployer', score: 0.2 },
        { intent: 'greeting', score: 0.15 },
      ],
    }),
    {
      kind: 'didYouMean',
      choices: [
        { goal: { goal: 'shelter' }, label: 'understand:intents.shelter' },
        { goal: { goal: 'rights', topic: 'changingEmployer' }, label: 'country-bh:rights.changingEmployer.title' },
      ],
    },
  ],
  [
    'danger from the classifier is only offered, first, never acted on',
    classification({ intent: 'danger', score: 0.99, alternatives: [{ intent: 'danger', score: 0.99 }] }),
    { kind: 'didYouMean', choices: [{ goal: { goal: 'safety' }, label: 'understand:intents.danger' }] },
  ],
  ['an unsure plea with nothing else to offer still gets its warm answer', classification({ intent: 'plea', score: unsure }), { kind: 'goal', goal: { goal: 'menu' }, intro: 'understand:plea' }],
  ['an unsure greeting with nothing to offer still gets its warm line', classification({ intent: 'greeting', score: unsure }), { kind: 'stay', line: 'understand:greeting' }],
  [
    "an unsure greeting that is also a plea gets the plea's answer",
    classification({ intent: 'greeting', score: unsure, alternatives: [{ intent: 'greeting', score: 0.48 }, { intent: 'plea', score: 0.45 }] }),
    { kind: 'goal', goal: { goal: 'menu' }, intro: 'understand:plea' },
  ],
  ['an unsure none is not understood', classification({ intent: 'none', score: unsure }), { kind: 'none' }],
])('%s', (_name, given, expected) => {
  expect(understanding.fromClassification(given, TEXT)).toEqual(expected);
});

test.each([
  ['2', false],
  ['٢', false],
  ['👍', false],
  ['?!', false],
  ['ok', true],
  ['சம்பளம்', true],
])('is %j free text? %s', (text, expected) => {
  expect(isFreeText(text)).toBe(expected);
});

test('a language without examples understands nothing', () => {
  expect(understanding.interpret('my salary is not paid', 'en')).toEqual({ kind: 'none' });
});

test('too little evidence is not understood at all (no "did you mean" either)', () => {
  expect(understanding.fromClassification(classification({ intent: 'person', score: 0.01, alternatives: [{ intent: 'person', score: 0.5 }, { intent: 'danger', score: 0.4 }] }), 'maybe')).toEqual({ kind: 'none' });
});
