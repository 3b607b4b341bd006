// A live console event as stored for the hotline's other processes to read
// (services/liveBus.ts): numbered by a unique sequence, encrypted, short-lived.
import { Schema, type Connection, type Model } from 'mongoose';

export interface LiveEventDocument {
  seq: number;
  origin: string;
  at: Date;
  /** The handoff the event is about (an id, not personal data), so erasure can find its events. */
  handoffId?: string;
  /** FieldCipher ciphertext of the event (it may carry what a worker wrote). */
  data: string;
}

const liveEventSchema = new Schema<LiveEventDocument>(
  { seq: { type: Number, required: true }, origin: { type: String, required: true }, at: { type: Date, required: true }, handoffId: { type: String }, data: { type: String, required: true } },
  { versionKey: false },
);
liveEventSchema.index({ seq: 1 }, { unique: true });
liveEventSchema.index({ at: 1 });

export type LiveEventModel = Model<LiveEventDocument>;

export function liveEventModel(connection: Connection): LiveEventModel {
  return (connection.models.LiveEvent as LiveEventModel | undefined) ?? connection.model('LiveEvent', liveEventSchema, 'liveevents');
}
