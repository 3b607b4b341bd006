// "Exactly one wins" as an insert under a unique index (docs/database.md).
// These two helpers are that idea, written once.
import type { Model } from 'mongoose';

/** MongoDB's code for a unique-index violation (mongo-java-server answers the same). */
export const DUPLICATE_KEY = 11000;

/** Whether an insert lost to another under a unique index. */
export function isDuplicateKeyError(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === DUPLICATE_KEY;
}

/**
 * Inserts the document `build(seq)` under the next number of a sequence kept
 * in the documents' `seq` field (unique within `filter`); when another writer
 * takes that number first, it reads again and retries. Returns the number.
 */
export async function insertWithNextSeq<T extends { seq: number }>(
  model: Model<T>,
  filter: Record<string, unknown>,
  build: (seq: number) => Partial<T>,
  maxTries = 20,
): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const last = (await model.findOne(filter, { seq: 1 }).sort({ seq: -1 }).lean()) as { seq?: number } | null;
    const seq = (last?.seq ?? 0) + 1;
    try {
      await model.create(build(seq));
      return seq;
    } catch (error) {
      if (!isDuplicateKeyError(error) || attempt >= maxTries) throw error;
    }
  }
}
