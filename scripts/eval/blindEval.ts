// The same danger and language measures on test/bot/understanding/blind/: messages written by someone who
// never saw the danger lists, the intent examples or the other labelled sets, so nothing was tuned to them.
// The figures on the sets the lists were drafted beside are optimistic; these are the honest ones.
import * as path from 'node:path';
import { evaluate as evaluateDanger } from './dangerEval';
import { evaluate as evaluateLanguage } from './languageEval';
import type { EvalSection } from './types';
import { understandingDataDirectory } from './understandingData';

export async function evaluate(): Promise<EvalSection> {
  const dataDirectory = path.join(understandingDataDirectory(), 'blind');
  const sections = [await evaluateDanger({ dataDirectory }), await evaluateLanguage({ dataDirectory })];
  return {
    name: 'Danger and language on the independent blind set (test/bot/understanding/blind, never tuned to)',
    rows: sections.flatMap((section) => section.rows.filter((row) => !row.language.includes('romanized') && row.language !== 'not offered')),
  };
}
