// Every locale the bot speaks has every key of every namespace, with the same
// placeholders, so no worker ever sees a raw key or a broken sentence.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableLanguages, createI18n, isRightToLeft, LOCALES_DIR } from '../bot/i18n';

type Json = string | string[] | { [key: string]: Json };

const namespaces = readdirSync(join(LOCALES_DIR, 'en'))
  .filter((file) => file.endsWith('.json') && !['danger.json', 'training.json'].includes(file) && !file.startsWith('_'))
  .map((file) => file.slice(0, -5));
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

const languages = availableLanguages();

test('English and Arabic are complete, and English is the reference', () => {
  expect(languages).toEqual(expect.arrayContaining(['en', 'ar']));
  expect(namespaces.length).toBeGreaterThan(5);
});

describe.each(languages.filter((lng) => lng !== 'en'))('%s', (lng) => {
  test.each(namespaces)('namespace %s has every key, with the same placeholders', (ns) => {
    const reference = leaves(read('en', ns));
    const translated = leaves(read(lng, ns));
    expect([...translated.keys()].sort()).toEqual([...reference.keys()].sort());
    for (const [key, english] of reference) {
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
