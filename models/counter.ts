// Named sequences, incremented atomically in one document so two processes
// never hand out the same case number (no transactions needed).
import { Schema, type Connection, type Model } from 'mongoose';

export interface CounterDocument {
  _id: string;
  seq: number;
}

const counterSchema = new Schema<CounterDocument>({ _id: { type: String, required: true }, seq: { type: Number, required: true } }, { versionKey: false });

export type CounterModel = Model<CounterDocument>;

export function counterModel(connection: Connection): CounterModel {
  return (connection.models.Counter as CounterModel | undefined) ?? connection.model('Counter', counterSchema, 'counters');
}

/** The next value of a sequence, starting at 1. */
export async function nextSequence(counters: CounterModel, name: string): Promise<number> {
  const doc = await counters.findOneAndUpdate({ _id: name }, { $inc: { seq: 1 } }, { upsert: true, new: true, lean: true });
  return doc!.seq;
}
