// Each locale's review status, as admins see it and docs/translations.md lists it.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { currentTranslationsDoc, TRANSLATIONS_DOC } from '../../scripts/translationsDoc';
import { translationsMarkdown, translationStatuses } from '../../services/translationStatus';

let dir: string;
const write = (file: string, data: unknown) => {
  mkdirSync(join(dir, file, '..'), { recursive: true });
  writeFileSync(join(dir, file), typeof data === 'string' ? data : JSON.stringify(data));
};
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'locales-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('docs/translations.md is what the _meta.json records say (run npm run docs:translations)', () => {
  expect(readFileSync(TRANSLATIONS_DOC, 'utf8')).toBe(currentTranslationsDoc());
});

test('status, review, drafted and notes come from _meta.json; English is the source; a folder without a record says so', () => {
  write('en/common.json', {});
  write('en/languages.json', { name: 'English' });
  write('am/common.json', {});
  write('am/languages.json', { name: 'አማርኛ' });
  write('am/_meta.json', { review: 'Drafted by a model.', status: 'draft', drafted: '2026-12-01', notes: 'Check the register.' });
  write('sw/danger.json', {});
  write('xx-notalocale/danger.json', {}); // not a language code: ignored
  expect(translationStatuses(dir, ['en', 'am'])).toEqual([
    { language: 'am', name: 'አማርኛ', offered: true, status: 'draft', review: 'Drafted by a model.', drafted: '2026-12-01', notes: 'Check the register.', files: 2 },
    { language: 'en', name: 'English', offered: true, status: 'source', files: 2 },
    { language: 'sw', offered: false, status: 'unrecorded', files: 1 },
  ]);
});

test('a _meta.json of the wrong shape stops with the file named', () => {
  write('am/_meta.json', { status: 3 });
  expect(() => translationStatuses(dir, [])).toThrow(/am\/_meta\.json is invalid/);
});

test('the markdown has one row per locale and each locale\'s notes, pipes escaped', () => {
  const markdown = translationsMarkdown(
    [
      { language: 'am', name: 'አማርኛ', offered: true, status: 'draft', review: 'a | b', drafted: '2026-12-01', notes: 'Line one.\nLine two.', files: 20 },
      { language: 'en', name: 'English', offered: true, status: 'source', files: 20 },
    ],
    'bh',
  );
  expect(markdown).toContain('| `am` | አማርኛ | yes | draft | 2026-12-01 | 20 | a \\| b |');
  expect(markdown).toContain('| `en` | English | yes | source |  | 20 |  |');
  expect(markdown).toContain('### `am` (አማርኛ)\n\nLine one.\nLine two.\n');
});
