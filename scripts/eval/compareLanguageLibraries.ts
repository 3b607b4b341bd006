// Compares language-identification libraries on the labelled first messages of test/bot/understanding/, the
// way kernel/text/language.ts uses one: the script narrows the candidates, the library decides among them.
// Two figures per library and language: the library alone (its best candidate, no threshold) and the
// library inside our identifier (with our locales' words and the confidence margin), counted as
// scripts/eval/languageEval.ts counts.
//
// The libraries are not dependencies of the hotline (only franc-all is). Install them beside it first,
// e.g. `npm install --no-save franc franc-min eld cld cld3-asm @nlpjs/language languagedetect tinyld lande`
// (cld compiles a native addon with node-gyp), or point LANGUAGE_LIBRARIES_DIR at a folder whose
// node_modules holds them. Run: `npx ts-node --transpile-only scripts/eval/compareLanguageLibraries.ts`
// (`--write` puts the tables into docs/understanding.md between the libraries markers).
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LOCALES_DIR } from '../../kernel/i18n';
import { LanguageIdentifier, type LibraryRanking } from '../../kernel/text/language';
import { dominantScript, SCRIPT_LANGUAGES } from '../../kernel/text/script';
import { DOCUMENT, replaceBetweenMarkers } from './index';
import { ALL_LANGUAGES } from './languageEval';
import { readLanguageSets, readNotOfferedSet, readRomanizedSet } from './understandingData';

const LIBRARIES_DIR = process.env.LANGUAGE_LIBRARIES_DIR ?? path.join(__dirname, '..', '..');
const requireFrom = createRequire(path.join(LIBRARIES_DIR, 'package.json'));

/** Loads a package whether it ships CommonJS or only an ES module. */
async function load(name: string): Promise<Record<string, unknown>> {
  try {
    return requireFrom(name) as Record<string, unknown>;
  } catch {
    const entry = path.join(LIBRARIES_DIR, 'node_modules', name);
    const manifest = JSON.parse(fs.readFileSync(path.join(entry, 'package.json'), 'utf8')) as { exports?: unknown; main?: string; module?: string };
    const exportsField = manifest.exports as Record<string, unknown> | string | undefined;
    const dot = typeof exportsField === 'string' ? exportsField : (exportsField?.['.'] ?? exportsField);
    const target = typeof dot === 'string' ? dot : ((dot as Record<string, string> | undefined)?.import ?? manifest.module ?? manifest.main ?? 'index.js');
    // A real dynamic import (TypeScript would turn `import()` into require() in a CommonJS file).
    const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<Record<string, unknown>>;
    return importModule(pathToFileURL(path.join(entry, target)).href);
  }
}

/** ISO 639-3 (and library names) to our ISO 639-1 codes; relatives count as the language their speakers read. */
const TO_OURS: Readonly<Record<string, string>> = {
  arb: 'ar', ara: 'ar', urd: 'ur', hin: 'hi', npi: 'ne', nep: 'ne', amh: 'am', tir: 'ti', eng: 'en', tgl: 'tl', fil: 'tl',
  ind: 'id', swh: 'sw', swa: 'sw', gaz: 'om', orm: 'om', hae: 'om', lug: 'lg', ben: 'bn', tam: 'ta', tel: 'te', mal: 'ml',
  sin: 'si', ms: 'id', zsm: 'id', msa: 'id', jv: 'id', jav: 'id', su: 'id', sun: 'id', ceb: 'tl',
  english: 'en', tagalog: 'tl', indonesian: 'id', swahili: 'sw', arabic: 'ar', urdu: 'ur', hindi: 'hi', nepali: 'ne',
};
const ours = (code: string): string => TO_OURS[code.toLowerCase()] ?? code.toLowerCase();
const OURS = new Set(ALL_LANGUAGES);

/**
 * A library's whole ranking reduced to our candidates; for Latin text also to languages we do not offer,
 * which compete as they do in our identifier. Similarities are rescaled so the best is 1.
 */
function restrict(ranking: Array<[string, number]>, candidates: readonly string[], latin: boolean): Array<[string, number]> {
  const kept: Array<[string, number]> = [];
  const seen = new Set<string>();
  for (const [code, score] of ranking) {
    const language = ours(code);
    if (seen.has(language) || !(candidates.includes(language) || (latin && !OURS.has(language)))) continue;
    seen.add(language);
    kept.push([language, score]);
  }
  const best = kept[0]?.[1] ?? 0;
  return best > 0 ? kept.map(([language, score]) => [language, score / best]) : kept;
}

type Ranker = (text: string) => Promise<Array<[string, number]>> | Array<[string, number]>;

async function libraries(): Promise<Record<string, Ranker | string>> {
  const found: Record<string, Ranker | string> = {};
  const attempt = async (name: string, make: () => Promise<Ranker>): Promise<void> => {
    try {
      found[name] = await make();
    } catch (error) {
      found[name] = `not loaded: ${(error as Error).message.split('\n')[0]}`;
    }
  };
  for (const name of ['franc', 'franc-min', 'franc-all']) {
    await attempt(name, async () => {
      const { francAll } = (await load(name)) as { francAll: (text: string, options: object) => Array<[string, number]> };
      return (text) => francAll(text, { minLength: 1 }).filter(([code]) => code !== 'und');
    });
  }
  await attempt('eld', async () => {
    const { eld } = (await load('eld')) as { eld: { load(size: string): Promise<void>; detect(text: string): { getScores(): Record<string, number> } } };
    await eld.load('large');
    return (text) => Object.entries(eld.detect(text).getScores()).sort((a, b) => b[1] - a[1]);
  });
  await attempt('cld', async () => {
    const cld = (await load('cld')) as { detect(text: string, options: object): Promise<{ languages: Array<{ code: string; score: number }> }> };
    return async (text) => {
      try {
        return (await cld.detect(text, { bestEffort: true })).languages.map((language) => [language.code, language.score] as [string, number]);
      } catch {
        return [];
      }
    };
  });
  await attempt('cld3-asm', async () => {
    const module = (await load('cld3-asm')) as { loadModule(): Promise<{ create(min: number, max: number): { findMostFrequentLanguages(text: string, n: number): Array<{ language: string; probability: number }> } }> };
    const identifier = (await module.loadModule()).create(0, 1000);
    return (text) => identifier.findMostFrequentLanguages(text, 8).map((language) => [language.language, language.probability] as [string, number]);
  });
  await attempt('@nlpjs/language', async () => {
    const { Language } = (await load('@nlpjs/language')) as { Language: new () => { guess(text: string, allow: null, limit: number): Array<{ alpha3: string; score: number }> } };
    const guesser = new Language();
    return (text) => guesser.guess(text, null, 400).map((guess) => [guess.alpha3, guess.score] as [string, number]);
  });
  await attempt('languagedetect', async () => {
    const LanguageDetect = (await load('languagedetect')) as unknown as new () => { detect(text: string): Array<[string, number]> };
    const detector = new LanguageDetect();
    return (text) => detector.detect(text);
  });
  await attempt('tinyld', async () => {
    const { detectAll } = (await load('tinyld')) as { detectAll(text: string): Array<{ lang: string; accuracy: number }> };
    return (text) => detectAll(text).map((result) => [result.lang, result.accuracy] as [string, number]);
  });
  await attempt('lande', async () => {
    const lande = ((await load('lande')) as { default: (text: string) => Array<[string, number]> }).default;
    return (text) => lande(text);
  });
  return found;
}

interface Labelled {
  set: string;
  text: string;
  /** The language to confirm, or undefined where the menu must ask. */
  language: string | undefined;
}

function labelled(): Labelled[] {
  const items: Labelled[] = [];
  for (const set of readLanguageSets()) for (const text of set.firstMessages) items.push({ set: set.language, text, language: set.language });
  for (const item of readRomanizedSet()?.firstMessages ?? []) items.push({ set: `${item.language} (romanized)`, text: item.text, language: item.language });
  for (const item of readNotOfferedSet()?.firstMessages ?? []) items.push({ set: 'not offered', text: item.text, language: undefined });
  return items;
}

/** The library alone: its best candidate of the script (romanized Hindi, Urdu and Nepali it cannot know). */
async function alone(rank: Ranker, item: Labelled): Promise<string | undefined> {
  const script = dominantScript(item.text);
  if (!script) return undefined;
  const candidates = SCRIPT_LANGUAGES[script];
  if (candidates.length === 1) return candidates[0];
  const best = restrict(await rank(item.text), candidates, script === 'Latin')[0]?.[0];
  return best && OURS.has(best) ? best : undefined;
}

async function main(): Promise<void> {
  const items = labelled();
  const sets = [...new Set(items.map((item) => item.set))];
  const found = await libraries();
  const tables: Record<'alone' | 'combined', string[]> = { alone: [], combined: [] };
  const header = `| library | ${sets.join(' | ')} |\n|---|${sets.map(() => '---:').join('|')}|`;
  for (const [name, rank] of Object.entries(found)) {
    if (typeof rank === 'string') {
      console.error(`${name}: ${rank}`);
      continue;
    }
    const rankings = new Map<string, Array<[string, number]>>();
    for (const item of items) rankings.set(item.text, await rank(item.text)); // once per text, for both modes
    const plugged: LibraryRanking = async (text, candidates, script) => restrict(rankings.get(text) ?? (await rank(text)), candidates, script === 'Latin');
    const identifier = new LanguageIdentifier({ offered: ALL_LANGUAGES, localesDirectory: LOCALES_DIR, library: plugged });
    for (const mode of ['alone', 'combined'] as const) {
      const cells: string[] = [];
      for (const set of sets) {
        const members = items.filter((item) => item.set === set);
        let right = 0;
        for (const item of members) {
          if (mode === 'alone') {
            if ((await alone(rank, item)) === item.language) right++;
            continue;
          }
          // As scripts/eval/languageEval.ts counts: the language confirmed or offered among two or three;
          // for a language we do not offer, the whole menu.
          const result = await identifier.identify(item.text);
          const offered = result.basis === 'shortlist' && item.language !== undefined && result.candidates.includes(item.language);
          if (item.language === undefined ? result.basis === 'unsure' : result.language === item.language || offered) right++;
        }
        cells.push(`${Math.round((100 * right) / members.length)}`);
      }
      tables[mode].push(`| ${name} | ${cells.join(' | ')} |`);
    }
  }
  const counts = sets.map((set) => `${set} ${items.filter((item) => item.set === set).length}`).join(', ');
  const body = [
    `Measured on ${new Date().toISOString().slice(0, 10)}; messages per set: ${counts}.`,
    `**Library alone** (% right)\n\n${header}\n${tables.alone.join('\n')}`,
    `**In our identifier** (% right as \`npm run eval\` counts: confirmed, or offered among two or three; a whole menu is wrong, except for a language we do not offer)\n\n${header}\n${tables.combined.join('\n')}`,
    ...Object.entries(found)
      .filter(([, rank]) => typeof rank === 'string')
      .map(([name, reason]) => `${name}: ${reason as string}`),
  ].join('\n\n');
  console.log(body);
  if (process.argv.includes('--write')) {
    fs.writeFileSync(DOCUMENT, replaceBetweenMarkers(fs.readFileSync(DOCUMENT, 'utf8'), '<!-- libraries:start -->', '<!-- libraries:end -->', body));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
