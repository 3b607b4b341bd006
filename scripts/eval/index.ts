// `npm run eval`: runs every scripts/eval/*Eval.ts, prints each section's figures beside their targets,
// writes them into docs/understanding.md between the eval markers, and ends with one JSON line of all rows.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EvalModule, EvalRow, EvalSection } from './types';

const EVAL_DIRECTORY = __dirname;
export const DOCUMENT = path.join(__dirname, '..', '..', 'docs', 'understanding.md');
const START_MARKER = '<!-- eval:start -->';
const END_MARKER = '<!-- eval:end -->';

/** Whether a row's figure meets its target. */
export function meetsTarget(row: EvalRow): boolean {
  return row.comparison === '>=' ? row.value >= row.target : row.value <= row.target;
}

/** Rates (accuracy, recall, false alarms…) read as percentages; other figures (milliseconds, counts) as they are. */
function isRate(metric: string): boolean {
  return /accuracy|recall|alarm|rate|precision|share/i.test(metric);
}

export function formatFigure(metric: string, value: number): string {
  if (isRate(metric)) return `${(value * 100).toFixed(1)} %`;
  return Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 1);
}

/** The `*Eval.ts` modules beside this file, by file name, so a new evaluation needs no edit here. */
export function evalModuleFiles(directory = EVAL_DIRECTORY): string[] {
  return fs
    .readdirSync(directory)
    .filter((name) => /^[A-Za-z0-9]+Eval\.(ts|js)$/.test(name))
    .sort()
    .map((name) => path.join(directory, name));
}

export async function runEvaluations(files = evalModuleFiles()): Promise<EvalSection[]> {
  const sections: EvalSection[] = [];
  for (const file of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(file) as Partial<EvalModule>;
    if (typeof module.evaluate !== 'function') throw new Error(`runEvaluations(): ${path.basename(file)} exports no evaluate()`);
    sections.push(await module.evaluate());
  }
  return sections;
}

/** One section as a Markdown table. */
export function sectionMarkdown(section: EvalSection): string {
  const lines = [`### ${section.name}`, '', '| language | metric | value | target | met | detail |', '|---|---|---:|---:|:-:|---|'];
  for (const row of section.rows) {
    const detail = (row.detail ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
    lines.push(
      `| ${row.language} | ${row.metric} | ${formatFigure(row.metric, row.value)} | ${row.comparison} ${formatFigure(row.metric, row.target)} | ${meetsTarget(row) ? 'yes' : '**no**'} | ${detail} |`,
    );
  }
  return lines.join('\n');
}

/** Replaces what lies between two marker comments of a document. */
export function replaceBetweenMarkers(document: string, startMarker: string, endMarker: string, body: string): string {
  const start = document.indexOf(startMarker);
  const end = document.indexOf(endMarker);
  if (start === -1 || end === -1 || end < start) throw new Error(`replaceBetweenMarkers(): ${startMarker} … ${endMarker} not found`);
  return `${document.slice(0, start + startMarker.length)}\n${body}\n${document.slice(end)}`;
}

/** Replaces what lies between the eval markers of a document with the figures. */
export function withFigures(document: string, sections: EvalSection[], when: Date): string {
  const body = [`Measured by \`npm run eval\` on ${when.toISOString().slice(0, 10)}.`, ...sections.map(sectionMarkdown)].join('\n\n');
  return replaceBetweenMarkers(document, START_MARKER, END_MARKER, body);
}

function printSection(section: EvalSection): void {
  console.log(`\n${section.name}`);
  const rows = section.rows.map((row) => [
    row.language,
    row.metric,
    formatFigure(row.metric, row.value),
    `${row.comparison} ${formatFigure(row.metric, row.target)}`,
    meetsTarget(row) ? 'ok' : 'BELOW TARGET',
  ]);
  const header = ['language', 'metric', 'value', 'target', ''];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd());
}

async function main(): Promise<void> {
  const sections = await runEvaluations();
  for (const section of sections) printSection(section);
  if (fs.existsSync(DOCUMENT)) fs.writeFileSync(DOCUMENT, withFigures(fs.readFileSync(DOCUMENT, 'utf8'), sections, new Date()));
  const rows = sections.flatMap((section) => section.rows.map((row) => ({ section: section.name, ...row })));
  const missed = rows.filter((row) => !meetsTarget(row)).length;
  console.log(`\n${rows.length - missed} of ${rows.length} figures meet their targets; written to docs/understanding.md`);
  console.log(JSON.stringify({ rows }));
  if (missed > 0) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  });
}
