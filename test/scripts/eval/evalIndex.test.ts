// `npm run eval` finds every *Eval module by name and writes its figures between the markers of docs/understanding.md.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { evalModuleFiles, formatFigure, meetsTarget, withFigures } from '../../../scripts/eval/index';

test('discovers the eval modules by file name', () => {
  const names = evalModuleFiles().map((file) => path.basename(file));
  expect(names).toEqual(expect.arrayContaining(['dangerEval.ts', 'languageEval.ts']));
  expect(names).not.toContain('index.ts');
  expect(names).not.toContain('types.ts');
});

test('a figure meets its target by its comparison', () => {
  expect(meetsTarget({ language: 'en', metric: 'recall', value: 0.98, target: 0.98, comparison: '>=' })).toBe(true);
  expect(meetsTarget({ language: 'en', metric: 'recall', value: 0.97, target: 0.98, comparison: '>=' })).toBe(false);
  expect(meetsTarget({ language: 'en', metric: 'false alarms', value: 0.03, target: 0.02, comparison: '<=' })).toBe(false);
});

test('rates read as percentages, milliseconds as numbers', () => {
  expect(formatFigure('accuracy', 0.953)).toBe('95.3 %');
  expect(formatFigure('p50 ms', 0.42)).toBe('0.42');
});

test('replaces only what lies between the markers', () => {
  const document = 'before\n<!-- eval:start -->\nold\n<!-- eval:end -->\nafter\n';
  const written = withFigures(document, [{ name: 'Danger', rows: [{ language: 'ne', metric: 'recall', value: 1, target: 0.98, comparison: '>=', detail: '20/20' }] }], new Date('2026-01-02T00:00:00Z'));
  expect(written).toBe(
    'before\n<!-- eval:start -->\nMeasured by `npm run eval` on 2026-01-02.\n\n### Danger\n\n| language | metric | value | target | met | detail |\n|---|---|---:|---:|:-:|---|\n| ne | recall | 100.0 % | >= 98.0 % | yes | 20/20 |\n<!-- eval:end -->\nafter\n',
  );
  expect(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'understanding.md'), 'utf8')).toMatch(/<!-- eval:start -->[\s\S]*<!-- eval:end -->/);
});
