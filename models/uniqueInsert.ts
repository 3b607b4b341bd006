// "Exactly one wins" as an insert under a unique index (idempotency keys), and
// documents numbered 1, 2, 3… by a counter (docs/database.md).
import type { Model } from 'mongoose';

/** MongoDB's code for a unique-index violation (mongo-java-server answers the same). */
export const DUPLICATE_KEY = 11000;

/** Whether an insert lost to another under a unique index. */
export function isDuplicateKeyError(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === DUPLICATE_KEY;
}

/** Where the numbers of a sequence come from: one `$inc` on a counter document. */
export interface SequenceCounter {
  /** The next number; undefined when there is no counter document to count on (then the last stored number + 1). */
  next(): Promise<number | undefined>;
  /** Raises the counter to at least `seq` (documents numbered before the counter counted them). */
  raiseTo(seq: number): Promise<void>;
}

/** The highest `seq` stored within `filter`, 0 for none. */
async function lastSeq<T extends { seq: number }>(model: Model<T>, filter: Record<string, unknown>): Promise<number> {
  const last = (await model.findOne(filter, { seq: 1 }).sort({ seq: -1 }).lean()) as { seq?: number } | null;
  return last?.seq ?? 0;
}

/**
 * Inserts the document `build(seq)` under the next number of `counter`: two
 * round trips, the `$inc` and the insert. The unique index on `seq` (within
 * `filter`) still decides: a taken number (a counter behind documents stored
 * before it, or without one) raises the counter past them and draws again.
 * Numbers are unique but may become visible out of order across processes
 * (6 stored before 5); readers by sequence allow for that. Returns the number.
 */
export async function insertWithNextSeq<T extends { seq: number }>(
  model: Model<T>,
  filter: Record<string, unknown>,
  counter: SequenceCounter,
  build: (seq: number) => Partial<T>,
  maxTries = 20,
): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const seq = (await counter.next()) ?? (await lastSeq(model, filter)) + 1;
    try {
      await model.create(build(seq));
      return seq;
    } catch (error) {
      if (!isDuplicateKeyError(error) || attempt >= maxTries) throw error;
      await counter.raiseTo(await lastSeq(model, filter));
    }
  }
}
