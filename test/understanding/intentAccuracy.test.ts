// Guards the intent figures of `npm run eval`: on the held-back fifth of every
// locales/<lng>/intents.json (never trained on here), at least 90 % right per language.
import { evaluate, INTENT_ACCURACY_TARGET } from '../../scripts/eval/intentEval';
import type { EvalSection } from '../../scripts/eval/types';

let section: EvalSection;
beforeAll(async () => {
  section = await evaluate();
});

test('every language with examples is measured', () => {
  expect(section.rows.filter((row) => row.metric.startsWith('intent accuracy')).length).toBeGreaterThan(0);
});

test(`intent accuracy on the held-back fifth is at least ${INTENT_ACCURACY_TARGET * 100} % in every language`, () => {
  const below = section.rows
    .filter((row) => row.metric.startsWith('intent accuracy') && row.value < row.target)
    .map((row) => `${row.language}: ${(row.value * 100).toFixed(1)} % (${row.detail})`);
  expect(below).toEqual([]);
});
