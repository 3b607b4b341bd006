// The classifier the hotline runs with: trained from every locales/<lng>/intents.json
// once per process (a second hotline in the same process, as tests start, reuses it).
import { LOCALES_DIR } from '../i18n';
import { IntentClassifier } from './intentClassifier';
import { loadIntentExamples } from './intents';

const trained = new Map<string, { classifier: IntentClassifier; milliseconds: number }>();

/** The classifier trained on every example under `localesDir`, and how long training took. */
export function trainedClassifier(localesDir = LOCALES_DIR): { classifier: IntentClassifier; milliseconds: number } {
  let entry = trained.get(localesDir);
  if (!entry) {
    const started = performance.now();
    const classifier = IntentClassifier.train(loadIntentExamples(localesDir));
    entry = { classifier, milliseconds: performance.now() - started };
    trained.set(localesDir, entry);
  }
  return entry;
}
