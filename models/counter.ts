// Named sequences, incremented atomically in one document so two processes
// never hand out the same case number (no transactions needed).
import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKeyError, type SequenceCounter } from './uniqueInsert';

export interface CounterDocument {
  _id: string;
  seq: number;
}

const counterSchema = new Schema<CounterDocument>({ _id: { type: String, required: true }, seq: { type: Number, required: true } }, { versionKey: false });

export type CounterModel = Model<CounterDocument>;

export function counterModel(connection: Connection): CounterModel {
  return (connection.models.Counter as CounterModel | undefined) ?? connection.model('Counter', counterSchema, 'counters');
}

/**
 * The next value of a sequence, starting at 1: one `$inc`. The document as it
 * was before (`'before'`, which every engine we run on returns right under
 * contention; docs/database.md) plus one; none yet means this call made it.
 */
export async function nextSequence(counters: CounterModel, name: string, by = 1): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      const before = await counters.findOneAndUpdate({ _id: name }, { $inc: { seq: by } }, { upsert: true, returnDocument: 'before', lean: true });
      return (before?.seq ?? 0) + by;
    } catch (error) {
      // Two first upserts of one counter: the one that lost the insert finds it on the next try.
      if (!isDuplicateKeyError(error) || attempt >= 5) throw error;
    }
  }
}

/** Raises a sequence to at least `seq` (a counter behind documents numbered before it existed). */
export async function raiseSequence(counters: CounterModel, name: string, seq: number): Promise<void> {
  try {
    await counters.updateOne({ _id: name }, { $max: { seq } }, { upsert: true });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    await counters.updateOne({ _id: name }, { $max: { seq } });
  }
}

/** A named sequence in the counters collection, for `insertWithNextSeq`. */
export function counterSequence(counters: CounterModel, name: string): SequenceCounter {
  return { next: () => nextSequence(counters, name), raiseTo: (seq) => raiseSequence(counters, name, seq) };
}
