// Fails when the safety interrupt misses danger or fires on ordinary messages beyond its targets, per
// language of test/bot/understanding/ (the figures `npm run eval` prints, computed by the same code).
import { meetsTarget } from '../../../scripts/eval/index';
import { DANGER_RECALL_TARGET, evaluate, FALSE_ALARM_TARGET } from '../../../scripts/eval/dangerEval';
import type { EvalSection } from '../../../scripts/eval/types';

let section: EvalSection;
beforeAll(async () => {
  section = await evaluate();
});

test(`danger recall ≥ ${DANGER_RECALL_TARGET * 100} % and false alarms ≤ ${FALSE_ALARM_TARGET * 100} % in every language`, () => {
  const below = section.rows.filter((row) => !meetsTarget(row)).map((row) => `${row.language} ${row.metric} ${(row.value * 100).toFixed(1)} % (${row.detail ?? ''})`);
  expect(below).toEqual([]);
});
