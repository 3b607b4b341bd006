// Every locale the bot speaks has every key of every namespace, with the same
// placeholders, so no worker ever sees a raw key or a broken sentence.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableLanguages, createI18n, isRightToLeft, LOCALES_DIR } from '../../kernel/i18n';

type Json = string | string[] | { [key: string]: Json };

/** Data for code, not text to translate key by key (danger words and intent examples are written per language). */
const NOT_TRANSLATED = ['danger.json', 'training.json', 'intents.json'];
/** The console is for case workers: English and Arabic (issue 8); other languages fall back to English there. */
const CONSOLE_LANGUAGES = ['en', 'ar'];
const namespaces = readdirSync(join(LOCALES_DIR, 'en'))
  .filter((file) => file.endsWith('.json') && !NOT_TRANSLATED.includes(file) && !file.startsWith('_'))
  .map((file) => file.slice(0, -5));
const namespacesOf = (lng: string): string[] => namespaces.filter((ns) => ns !== 'console' || CONSOLE_LANGUAGES.includes(lng));
const read = (lng: string, ns: string): Json => JSON.parse(readFileSync(join(LOCALES_DIR, lng, `${ns}.json`), 'utf8')) as Json;

function leaves(value: Json, prefix = ''): Map<string, string | string[]> {
  const out = new Map<string, string | string[]>();
  if (typeof value === 'string' || Array.isArray(value)) {
    out.set(prefix, value);
    return out;
  }
  for (const [key, child] of Object.entries(value)) for (const [k, v] of leaves(child, prefix ? `${prefix}.${key}` : key)) out.set(k, v);
  return out;
}
const placeholders = (text: string): string[] => [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]!).sort();

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/**
 * Keys with i18next plural suffixes grouped under their base: a language may word a count
 * without plural forms (the base key alone) or give every CLDR plural category it has.
 */
function pluralGroups(keys: Iterable<string>): { plain: string[]; plural: Map<string, string[]> } {
  const plain: string[] = [];
  const plural = new Map<string, string[]>();
  for (const key of keys) {
    const match = PLURAL_SUFFIX.exec(key);
    if (!match) plain.push(key);
    else plural.set(key.slice(0, match.index), [...(plural.get(key.slice(0, match.index)) ?? []), match[1]!]);
  }
  return { plain, plural };
}

const languages = availableLanguages();

test('English and Arabic are complete, and English is the reference', () => {
  expect(languages).toEqual(expect.arrayContaining(['en', 'ar']));
  expect(namespaces.length).toBeGreaterThan(5);
});

describe.each(languages.filter((lng) => lng !== 'en'))('%s', (lng) => {
  test.each(namespacesOf(lng))('namespace %s has every key, with the same placeholders', (ns) => {
    const reference = leaves(read('en', ns));
    const translated = leaves(read(lng, ns));
    const ours = pluralGroups(translated.keys());
    const theirs = pluralGroups(reference.keys());
    const categories = new Intl.PluralRules(lng).resolvedOptions().pluralCategories.slice().sort();
    const wordedWithoutPlural = [...theirs.plural.keys()].filter((base) => ours.plain.includes(base));
    expect(ours.plain.filter((key) => !wordedWithoutPlural.includes(key)).sort()).toEqual(theirs.plain.sort());
    for (const base of theirs.plural.keys()) {
      if (wordedWithoutPlural.includes(base)) continue;
      expect(`${base}: ${(ours.plural.get(base) ?? []).sort().join(',')}`).toBe(`${base}: ${categories.join(',')}`);
    }
    for (const [key, english] of reference) {
      const base = key.replace(PLURAL_SUFFIX, '');
      if (key !== base) {
        // Every form of a count has the other form's placeholders; the count itself may be spelt out ("1 person").
        const withoutCount = (text: string): string => placeholders(text).filter((name) => name !== 'count').join(',');
        const expected = withoutCount(reference.get(`${base}_other`) as string);
        for (const variant of translated.keys()) {
          if (variant === base || variant.replace(PLURAL_SUFFIX, '') === base) {
            expect(`${variant}: ${withoutCount(translated.get(variant) as string)}`).toBe(`${variant}: ${expected}`);
          }
        }
        continue;
      }
      const text = translated.get(key)!;
      if (Array.isArray(english)) {
        expect(Array.isArray(text) && text.length > 0 && text.every((item) => typeof item === 'string' && item.trim() !== '')).toBe(true);
      } else {
        expect(typeof text).toBe('string');
        expect(`${key}: ${placeholders(text as string).join(',')}`).toBe(`${key}: ${placeholders(english).join(',')}`);
        expect((text as string).trim()).not.toBe('');
      }
    }
  });

  test('is marked for native-speaker review', () => {
    const meta = JSON.parse(readFileSync(join(LOCALES_DIR, lng, '_meta.json'), 'utf8')) as { review?: string };
    expect(meta.review).toMatch(/review/);
  });
});

test('i18next resolves a key in every language without falling back to the key itself', () => {
  const i18n = createI18n();
  for (const lng of languages) expect(i18n.getFixedT(lng)('menu:choice.question')).not.toBe('choice.question');
});

test('Arabic and Urdu are right to left; the rest left to right', () => {
  expect(isRightToLeft('ar')).toBe(true);
  expect(isRightToLeft('ur')).toBe(true);
  expect(isRightToLeft('ar-BH')).toBe(true);
  expect(isRightToLeft('en')).toBe(false);
  expect(isRightToLeft('hi')).toBe(false);
});

/** Latin-letter words allowed in a locale of another script: names as they are printed or spelt everywhere. */
const LATIN_NAMES = new Set(['WhatsApp', 'JavaScript', 'Shift', 'Escape', 'Esc', 'Enter', 'Tab', 'Google', 'Android', 'iPhone']);

describe.each(languages.filter((lng) => new Intl.Locale(lng).maximize().script !== 'Latn'))('%s (not Latin script)', (lng) => {
  test.each(namespacesOf(lng).filter((ns) => ns !== 'console'))('namespace %s has no English left (acronyms, command words and printed key names aside)', (ns) => {
    const leftovers: string[] = [];
    for (const [key, value] of leaves(read(lng, ns))) {
      // The language question is asked in English too, on purpose: it is what a worker who cannot read this script sees.
      if (ns === 'languages' && key === 'choose.question') continue;
      for (const text of Array.isArray(value) ? [] : [value]) {
        const stripped = text
          .replace(/\{\{[^}]*\}\}/g, ' ')
          .replace(/https?:\/\/\S+/g, ' ')
          .replace(/\b[A-Z][A-Z0-9-]+\b/g, ' ') // acronyms (LMRA, EPC) and the command words (HUMAN, SOS)
          .replace(/[A-Za-z]+/g, (word) => (LATIN_NAMES.has(word) ? ' ' : word));
        const words = stripped.match(/[A-Za-z]{2,}/g);
        if (words) leftovers.push(`${key}: ${words.join(' ')}`);
      }
    }
    expect(leftovers).toEqual([]);
  });
});

test('all 17 languages of the brief (§4) have a complete locale and are offered by the Bahrain profile', () => {
  const brief = ['ar', 'ur', 'en', 'hi', 'ml', 'ta', 'te', 'bn', 'ne', 'tl', 'si', 'id', 'am', 'om', 'ti', 'sw', 'lg'];
  expect([...languages].sort()).toEqual([...brief].sort());
  const profile = JSON.parse(readFileSync(join(LOCALES_DIR, '..', 'profiles', 'bh.json'), 'utf8')) as { languages: string[] };
  expect([...profile.languages].sort()).toEqual([...brief].sort());
});
