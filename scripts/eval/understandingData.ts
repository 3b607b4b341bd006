// The labelled evaluation data of test/bot/understanding/ (never used for training), parsed once with zod.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';

/** `test/bot/understanding/`, or the folder `UNDERSTANDING_DATA_DIR` names (to try a draft of the data). */
export function understandingDataDirectory(): string {
  return process.env.UNDERSTANDING_DATA_DIR ?? path.join(__dirname, '..', '..', 'test', 'bot', 'understanding');
}

const LanguageSetSchema = z.object({
  language: z.string().min(2),
  firstMessages: z.array(z.string().min(1)),
  danger: z.array(z.string().min(1)),
  notDanger: z.array(z.string().min(1)),
  freeText: z.record(z.string(), z.string()).optional(),
});
export type LanguageSet = z.infer<typeof LanguageSetSchema>;

const RomanizedSetSchema = z.object({
  firstMessages: z.array(z.object({ text: z.string().min(1), language: z.string().min(2) })),
});
export type RomanizedSet = z.infer<typeof RomanizedSetSchema>;

const NotOfferedSetSchema = z.object({
  firstMessages: z.array(z.object({ text: z.string().min(1), language: z.string().min(2) })),
});
export type NotOfferedSet = z.infer<typeof NotOfferedSetSchema>;

function readJson<T>(file: string, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`understandingData: ${file}: ${parsed.error.message}`);
  return parsed.data;
}

/** Every `<lng>.json` of the folder, by language code. */
export function readLanguageSets(directory = understandingDataDirectory()): LanguageSet[] {
  if (!fs.existsSync(directory)) return [];
  return fs
    .readdirSync(directory)
    .filter((name) => /^[a-z]{2,3}\.json$/.test(name))
    .sort()
    .map((name) => {
      const set = readJson(path.join(directory, name), LanguageSetSchema);
      if (`${set.language}.json` !== name) throw new Error(`understandingData: ${name} says its language is "${set.language}"`);
      return set;
    });
}

/** `romanized.json`: Hindi, Urdu and Nepali written in Latin letters; undefined while it is not there. */
export function readRomanizedSet(directory = understandingDataDirectory()): RomanizedSet | undefined {
  const file = path.join(directory, 'romanized.json');
  return fs.existsSync(file) ? readJson(file, RomanizedSetSchema) : undefined;
}

/** `notOffered.json`: first messages in languages the hotline does not offer (the menu must ask). */
export function readNotOfferedSet(directory = understandingDataDirectory()): NotOfferedSet | undefined {
  const file = path.join(directory, 'notOffered.json');
  return fs.existsSync(file) ? readJson(file, NotOfferedSetSchema) : undefined;
}
