// Bot Framework state (dialog stacks, user preferences) as encrypted documents
// with an eTag for optimistic concurrency; see bot/mongoStorage.ts.
import { Schema, type Connection, type Model } from 'mongoose';

export interface BotStateDocument {
  /** Keyed hash of the Bot Framework storage key (which contains channel user ids). */
  _id: string;
  eTag: string;
  /** FieldCipher ciphertext of the JSON state. */
  data: string;
  updatedAt: Date;
}

const botStateSchema = new Schema<BotStateDocument>(
  {
    _id: { type: String, required: true },
    eTag: { type: String, required: true },
    data: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
botStateSchema.index({ updatedAt: 1 });

export type BotStateModel = Model<BotStateDocument>;

export function botStateModel(connection: Connection): BotStateModel {
  return (connection.models.BotState as BotStateModel | undefined) ?? connection.model('BotState', botStateSchema, 'botstate');
}
