// The classifier the hotline runs with: trained from every locales/<lng>/intents.json
// (and the locale's own wording of menus and topics) once per process; a second
// hotline in the same process, as tests start, reuses it.
import { LOCALES_DIR } from '../../kernel/i18n';
import { IntentClassifier } from './intentClassifier';
import { loadIntentExamples, type IntentExamples } from './intents';
import { localeExamples, mergeExamples } from './localeExamples';

/** The profile namespace whose rights titles teach the rights intents. */
export const DEFAULT_PROFILE_NAMESPACE = 'country-bh';

const trained = new Map<string, { classifier: IntentClassifier; milliseconds: number }>();

/** Each language's examples with its locale's wording added. */
export function withLocaleExamples(examples: ReadonlyMap<string, IntentExamples>, localesDir: string, profileNamespace: string): Map<string, IntentExamples> {
  return new Map([...examples].map(([language, byIntent]) => [language, mergeExamples(byIntent, localeExamples(localesDir, language, profileNamespace))]));
}

/** The classifier trained on every example under `localesDir`, and how long training took. */
export function trainedClassifier(localesDir = LOCALES_DIR, profileNamespace = DEFAULT_PROFILE_NAMESPACE): { classifier: IntentClassifier; milliseconds: number } {
  const key = `${localesDir}\0${profileNamespace}`;
  let entry = trained.get(key);
  if (!entry) {
    const started = performance.now();
    const classifier = IntentClassifier.train(withLocaleExamples(loadIntentExamples(localesDir), localesDir, profileNamespace));
    entry = { classifier, milliseconds: performance.now() - started };
    trained.set(key, entry);
  }
  return entry;
}
