// How far each locale's wording can be trusted: read from locales/<lng>/_meta.json,
// shown to admins in the console and written out as docs/translations.md.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** What a translator records about a locale (`locales/<lng>/_meta.json`); every field optional. */
export const LocaleMetaSchema = z.object({
  /** Who drafted it and what review it needs, in English. */
  review: z.string().optional(),
  /** e.g. `draft`, `reviewed`. */
  status: z.string().optional(),
  /** When it was drafted (a date, as the translator wrote it). */
  drafted: z.string().optional(),
  /** What a native-speaker reviewer should look at. */
  notes: z.string().optional(),
});

/** One locale folder and what is known of its review. */
export interface TranslationStatus {
  language: string;
  /** The language's own name (`languages:name`), when the locale has one. */
  name?: string;
  /** The country profile offers it to workers. */
  offered: boolean;
  /** `source` for English (the text everything is translated from), else `_meta.json`'s status; `unrecorded` without one. */
  status: string;
  review?: string;
  drafted?: string;
  notes?: string;
  /** Namespaces the folder holds (its `.json` files but `_meta`). */
  files: number;
}

/** The language every other locale is translated from. */
export const SOURCE_LANGUAGE = 'en';

/**
 * Every locale folder under `dir`, by code. A `_meta.json` that is not valid JSON
 * or not an object throws, naming the file: a broken review record must not pass silently.
 */
export function translationStatuses(dir: string, offered: readonly string[]): TranslationStatus[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^[a-z]{2,3}(-[A-Za-z]{2,4})?$/.test(entry.name))
    .map((entry) => entry.name)
    .sort()
    .map((language) => {
      const folder = join(dir, language);
      const files = readdirSync(folder).filter((file) => file.endsWith('.json') && file !== '_meta.json');
      const metaFile = join(folder, '_meta.json');
      let meta: z.infer<typeof LocaleMetaSchema> = {};
      if (existsSync(metaFile)) {
        const parsed = LocaleMetaSchema.safeParse(JSON.parse(readFileSync(metaFile, 'utf8')));
        if (!parsed.success) throw new Error(`translationStatuses(): ${metaFile} is invalid:\n${z.prettifyError(parsed.error)}`);
        meta = parsed.data;
      }
      const name = files.includes('languages.json') ? nameIn(join(folder, 'languages.json')) : undefined;
      const status = language === SOURCE_LANGUAGE ? 'source' : meta.status?.trim() || 'unrecorded';
      return {
        language,
        ...(name ? { name } : {}),
        offered: offered.includes(language),
        status,
        ...(meta.review ? { review: meta.review } : {}),
        ...(meta.drafted ? { drafted: meta.drafted } : {}),
        ...(meta.notes ? { notes: meta.notes } : {}),
        files: files.length,
      };
    });
}

function nameIn(file: string): string | undefined {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown };
  return typeof data.name === 'string' ? data.name : undefined;
}

const cell = (text: string | undefined): string => (text ?? '').replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/** `docs/translations.md`, from the same records the console shows. */
export function translationsMarkdown(statuses: readonly TranslationStatus[], profileId: string): string {
  const rows = statuses.map((s) =>
    `| \`${s.language}\` | ${cell(s.name)} | ${s.offered ? 'yes' : 'no'} | ${cell(s.status)} | ${cell(s.drafted)} | ${s.files} | ${cell(s.review)} |`,
  );
  const notes = statuses.filter((s) => s.notes).map((s) => `### \`${s.language}\`${s.name ? ` (${s.name})` : ''}\n\n${s.notes!.trim()}\n`);
  return [
    '# Translations and their review',
    '',
    'Generated from `locales/<lng>/_meta.json` by `npm run docs:translations`; do not edit by hand',
    '(a test fails when this file and the records disagree). Admins see the same in the console,',
    'under **Review**. Every locale but English is a draft until a native speaker has reviewed it:',
    'record the review in its `_meta.json` (`status`, `review`, `drafted`, `notes`) and run the command again.',
    '',
    `Offered: in the \`${profileId}\` country profile's language menu (and on the landing page and in the widget).`,
    'Files: the namespaces the folder holds; a folder with only `danger.json` serves language detection and the safety interrupt, not conversation.',
    '',
    '| locale | name | offered | status | drafted | files | review |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    '## Notes for reviewers',
    '',
    ...(notes.length ? notes : ['None recorded.', '']),
  ].join('\n');
}
