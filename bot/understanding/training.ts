// The classifier the hotline runs with: trained from every locales/<lng>/intents.json
// (and the locale's own wording of menus and topics) once per process; a second
// hotline in the same process, as tests start, reuses it. Training takes seconds,
// so the trained model is kept on disk (.cache/understanding/ beside locales/,
// written by `npm run build` for dist/ and by the first start otherwise) under a
// hash of everything the model depends on: the examples, the code that turns
// them into features and weights (every file of bot/understanding/ and kernel/,
// which imports nothing of ours), the training recipe and nlp.js's versions. A
// changed locale, stemmer or feature rule gives another hash, so a cached model
// is never stale; it is only faster.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LOCALES_DIR } from '../../kernel/i18n';
import { IntentClassifier, TRAINING_RECIPE, type ClassifierSnapshot } from './intentClassifier';
import { loadIntentExamples, type IntentExamples } from './intents';
import { localeExamples, mergeExamples } from './localeExamples';

/** The profile namespace whose rights titles teach the rights intents. */
export const DEFAULT_PROFILE_NAMESPACE = 'country-bh';

/** Where trained models are kept: beside locales/, in the source tree or in dist/ alike (an ignored folder). */
export const MODEL_CACHE_DIR = join(LOCALES_DIR, '..', '.cache', 'understanding');

/** How the classifier came to be: trained now, or loaded from the cache. */
export type ClassifierSource = 'trained' | 'cached';

export interface TrainedClassifier {
  classifier: IntentClassifier;
  /** Time to have it ready: reading the examples, and training or loading. */
  milliseconds: number;
  source: ClassifierSource;
  /** The hash of what it was trained on (its file name in the cache). */
  key: string;
}

export interface TrainingOptions {
  /** Where models are kept; `false` trains every time and keeps nothing. Default {@link MODEL_CACHE_DIR}. */
  cacheDir?: string | false;
  /** Told when the cache cannot be written (a read-only folder): the hotline still runs, it only starts slower next time. */
  onCacheError?: (error: unknown) => void;
}

const trained = new Map<string, TrainedClassifier>();

/** Each language's examples with its locale's wording added. */
export function withLocaleExamples(examples: ReadonlyMap<string, IntentExamples>, localesDir: string, profileNamespace: string): Map<string, IntentExamples> {
  return new Map([...examples].map(([language, byIntent]) => [language, mergeExamples(byIntent, localeExamples(localesDir, language, profileNamespace))]));
}

/**
 * The code a model depends on: this folder (features, classifier, training) and kernel/ (the
 * text folding the features use), which by the layering rule imports nothing else of ours.
 */
export const MODEL_CODE_DIRS: readonly string[] = [__dirname, join(__dirname, '..', '..', 'kernel')];

/** nlp.js's packages whose code trains the network or stems the words. */
const NLPJS_PACKAGES = ['@nlpjs/neural', '@nlpjs/core', '@nlpjs/lang-ar', '@nlpjs/lang-bn', '@nlpjs/lang-en', '@nlpjs/lang-hi', '@nlpjs/lang-id', '@nlpjs/lang-ne', '@nlpjs/lang-ta', '@nlpjs/lang-tl'];

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Every source file under `dir` (TypeScript, or the compiled JavaScript in dist/), sorted. */
function codeFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .flatMap((entry) => (entry.isDirectory() ? codeFiles(join(dir, entry.name)) : /\.(ts|js)$/.test(entry.name) ? [join(dir, entry.name)] : []))
    .sort();
}

const fingerprints = new Map<string, string>();

/** A SHA-256 of the code files under `dirs` (paths relative to each folder, and contents). */
function codeFingerprint(dirs: readonly string[]): string {
  const memo = dirs.join('\0');
  let fingerprint = fingerprints.get(memo);
  if (!fingerprint) {
    const hash = createHash('sha256');
    for (const dir of dirs) for (const file of codeFiles(dir)) hash.update(`\0${relative(dir, file)}\0`).update(readFileSync(file));
    fingerprints.set(memo, (fingerprint = hash.digest('hex')));
  }
  return fingerprint;
}

/**
 * The cache key of a model trained on `examples`: a SHA-256 of the examples, the code under
 * `codeDirs`, the training recipe and nlp.js's versions. Cheap (no features are computed), so a
 * start that finds the model spends its time loading it only.
 */
export function trainingKey(examples: ReadonlyMap<string, IntentExamples>, codeDirs: readonly string[] = MODEL_CODE_DIRS): string {
  return createHash('sha256')
    .update(
      JSON.stringify({
        recipe: TRAINING_RECIPE,
        nlpjs: NLPJS_PACKAGES.map((name) => `${name}@${packageVersion(name)}`),
        code: codeFingerprint(codeDirs),
        examples: [...examples],
      }),
    )
    .digest('hex');
}

/**
 * A snapshot as bytes: a 4-byte length, the JSON of everything but the weights, padding to a
 * multiple of 4, then the weights as little-endian float32 (the bytes of the Float32Array).
 */
export function encodeSnapshot(snapshot: ClassifierSnapshot): Buffer {
  const { weights, ...rest } = snapshot;
  const header = Buffer.from(JSON.stringify(rest), 'utf8');
  const offset = Math.ceil((4 + header.length) / 4) * 4;
  const bytes = Buffer.alloc(offset + weights.byteLength);
  bytes.writeUInt32LE(header.length, 0);
  header.copy(bytes, 4);
  Buffer.from(weights.buffer, weights.byteOffset, weights.byteLength).copy(bytes, offset);
  return bytes;
}

/** The snapshot {@link encodeSnapshot} wrote. */
export function decodeSnapshot(bytes: Buffer): ClassifierSnapshot {
  const length = bytes.readUInt32LE(0);
  const rest = JSON.parse(bytes.subarray(4, 4 + length).toString('utf8')) as Omit<ClassifierSnapshot, 'weights'>;
  const offset = Math.ceil((4 + length) / 4) * 4;
  // A copy, so the weights are aligned whatever the Buffer's own offset in its pool.
  const weights = new Float32Array(bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + bytes.length));
  return { ...rest, weights };
}

/** The cached model for `key`, or undefined when there is none (or it cannot be read). */
function loadCached(cacheDir: string, key: string): IntentClassifier | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(cacheDir, `${key}.model`));
  } catch {
    return undefined;
  }
  try {
    return IntentClassifier.fromSnapshot(decodeSnapshot(bytes));
  } catch {
    return undefined; // torn or from another format: trained again, and overwritten
  }
}

/** Writes the model for `key` atomically (a temporary file renamed), so a reader never sees half of one. */
function saveCached(cacheDir: string, key: string, classifier: IntentClassifier): void {
  mkdirSync(cacheDir, { recursive: true });
  const file = join(cacheDir, `${key}.model`);
  const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, encodeSnapshot(classifier.toSnapshot()));
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** The classifier trained on every example under `localesDir`, from the cache when it was trained on the same before. */
export function trainedClassifier(localesDir = LOCALES_DIR, profileNamespace = DEFAULT_PROFILE_NAMESPACE, options: TrainingOptions = {}): TrainedClassifier {
  const cacheDir = options.cacheDir ?? MODEL_CACHE_DIR;
  const memo = `${localesDir}\0${profileNamespace}\0${cacheDir}`;
  let entry = trained.get(memo);
  if (!entry) {
    const started = performance.now();
    const examples = withLocaleExamples(loadIntentExamples(localesDir), localesDir, profileNamespace);
    const key = trainingKey(examples);
    let classifier = cacheDir === false ? undefined : loadCached(cacheDir, key);
    const source: ClassifierSource = classifier ? 'cached' : 'trained';
    if (!classifier) {
      classifier = IntentClassifier.train(examples);
      if (cacheDir !== false) {
        try {
          saveCached(cacheDir, key, classifier);
        } catch (error) {
          options.onCacheError?.(error);
        }
      }
    }
    entry = { classifier, milliseconds: performance.now() - started, source, key };
    trained.set(memo, entry);
  }
  return entry;
}
