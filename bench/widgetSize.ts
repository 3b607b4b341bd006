// Benchmark: what the widget costs a worker on prepaid data at first load
// (script + config + one language's strings, gzipped as served), against the
// 100 KB budget. Usage: npm run bench:widget [-- --webchat path/to/webchat.js]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = join(__dirname, '..');
const BUDGET = 100 * 1024;
const gz = (data: Buffer | string) => gzipSync(data, { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const script = readFileSync(join(ROOT, 'widget', 'widget.js'));
const rows: Array<[string, number, number]> = [['widget.js', script.length, gz(script)]];
for (const lng of ['en', 'ar']) {
  const strings = readFileSync(join(ROOT, 'locales', lng, 'widget.json'));
  rows.push([`strings (${lng})`, strings.length, gz(strings)]);
}
const config = JSON.stringify({ languages: ['en', 'ar', 'hi', 'ur', 'bn', 'tl'].map((code) => ({ code, name: code, dir: 'ltr' })), defaultLanguage: 'en', quickExitUrl: 'https://example.org/' });
rows.push(['config', config.length, gz(config)]);
for (const [name, raw, zipped] of rows) console.log(`${name.padEnd(16)} ${kb(raw).padStart(9)} raw  ${kb(zipped).padStart(8)} gzipped`);
const firstLoad = rows[0]![2] + rows[2]![2] + rows[3]![2];
console.log(`first load (script + Arabic strings + config): ${kb(firstLoad)} gzipped of a ${kb(BUDGET)} budget${firstLoad <= BUDGET ? '' : ' — OVER BUDGET'}`);

const webchatIndex = process.argv.indexOf('--webchat');
if (webchatIndex > 0) {
  const official = readFileSync(process.argv[webchatIndex + 1]!);
  console.log(`official Web Chat bundle: ${kb(official.length)} raw, ${kb(gz(official))} gzipped (${(gz(official) / firstLoad).toFixed(0)}× ours)`);
}
