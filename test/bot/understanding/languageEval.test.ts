// Fails when language identification drops below its target for any language of test/bot/understanding/
// (the figures `npm run eval` prints, computed by the same code).
import { evaluate, LANGUAGE_TARGET } from '../../../scripts/eval/languageEval';
import { meetsTarget } from '../../../scripts/eval/index';
import type { EvalSection } from '../../../scripts/eval/types';

let section: EvalSection;
beforeAll(async () => {
  section = await evaluate();
});

test('measures the not-offered set at least', () => {
  expect(section.rows.map((row) => row.language)).toContain('not offered');
});

test(`every language's first messages are identified at ≥ ${LANGUAGE_TARGET * 100} %`, () => {
  const below = section.rows.filter((row) => !meetsTarget(row)).map((row) => `${row.language} ${row.metric} ${(row.value * 100).toFixed(1)} % (${row.detail ?? ''})`);
  expect(below).toEqual([]);
});
