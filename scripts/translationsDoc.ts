// Writes docs/translations.md from locales/<lng>/_meta.json (npm run docs:translations).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableLanguages, LOCALES_DIR } from '../kernel/i18n';
import { loadCountryProfile } from '../services/countryProfile';
import { translationsMarkdown, translationStatuses } from '../services/translationStatus';

/** Where the generated list lives. */
export const TRANSLATIONS_DOC = join(__dirname, '..', 'docs', 'translations.md');

/** The document as it should read now, for the country profile `profileId`. */
export function currentTranslationsDoc(profileId = process.env.COUNTRY_PROFILE ?? 'bh'): string {
  const profile = loadCountryProfile(profileId);
  const spoken = new Set(availableLanguages(LOCALES_DIR));
  const offered = profile.languages.filter((code) => spoken.has(code));
  return translationsMarkdown(translationStatuses(LOCALES_DIR, offered), profile.id);
}

if (require.main === module) {
  writeFileSync(TRANSLATIONS_DOC, currentTranslationsDoc());
  process.stdout.write(`wrote ${TRANSLATIONS_DOC}\n`);
}
