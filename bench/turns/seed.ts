// Pre-seeds a database with many stored conversations, to see whether a turn
// slows down as cases accumulate: the documents real conversations left
// (state, cases, transcripts, dedupe marks, web chat history) are copied, each
// copy with fresh values in every uniquely indexed field, until `count`
// conversations are stored. Counters, events and console data are left alone.
import { randomBytes } from 'node:crypto';
import { mongo, type Connection } from 'mongoose';

/** Not copied: sequence counters (one per name) and the live bus's events. */
const SKIP = new Set(['counters', 'liveevents', 'consoleusers', 'consolesessions', 'loginattempts']);
const BATCH = 1000;

type Doc = Record<string, unknown>;

function getPath(doc: Doc, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Doc)[key] : undefined), doc);
}

function setPath(doc: Doc, path: string, value: unknown): void {
  const keys = path.split('.');
  let target = doc;
  for (const key of keys.slice(0, -1)) target = target[key] as Doc;
  target[keys.at(-1)!] = value;
}

/** A copy of the plain objects and arrays of a document; BSON values (ids, binaries, dates) are shared, never changed. */
function copyOf<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyOf) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, copyOf(inner)])) as T;
  }
  return value;
}

/** Copy `n` of a value that must stay unique; `tag` differs from one seeding to the next, so a copy of a copy is new too. */
function fresh(value: unknown, tag: string, n: number): unknown {
  if (value instanceof mongo.ObjectId) return new mongo.ObjectId();
  if (typeof value === 'string') return `${value}~${tag}${n}`;
  return value; // numbers in a compound unique index: the string beside them is made unique
}

/**
 * Copies everything stored (`stored` conversations' worth) as often as it takes to hold at least
 * `count` conversations. Returns the conversations now stored, documents inserted and seconds taken.
 */
export async function seedStored(connection: Connection, stored: number, count: number, onProgress?: (done: number) => void): Promise<{ stored: number; documents: number; seconds: number }> {
  const started = Date.now();
  const db = connection.db!;
  const copies = Math.max(0, Math.ceil(count / stored) - 1);
  const tag = randomBytes(3).toString('hex');
  let documents = 0;
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    if (SKIP.has(name) || name.startsWith('system.')) continue;
    const collection = db.collection<Doc>(name);
    const sample = await collection.find({}).toArray();
    if (sample.length === 0) continue;
    const uniquePaths = new Set<string>(['_id']);
    for (const index of await collection.indexes()) if (index.unique) for (const path of Object.keys(index.key)) uniquePaths.add(path);
    let batch: Doc[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      await collection.insertMany(batch, { ordered: false });
      documents += batch.length;
      batch = [];
    };
    for (let n = 1; n <= copies; n++) {
      for (const doc of sample) {
        const copy = copyOf(doc);
        for (const path of uniquePaths) {
          const value = getPath(copy, path);
          if (value !== undefined && value !== null) setPath(copy, path, fresh(value, tag, n));
        }
        batch.push(copy);
        if (batch.length >= BATCH) {
          await flush();
          onProgress?.(documents);
        }
      }
    }
    await flush();
  }
  return { stored: stored * (copies + 1), documents, seconds: (Date.now() - started) / 1000 };
}
