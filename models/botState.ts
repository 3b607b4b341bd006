// Bot Framework state (dialog stacks, user preferences) as encrypted documents,
// one per storage key; see bot/mongoStorage.ts for the eTag compare-and-set.
import { Schema, type Connection, type Model } from 'mongoose';

export interface BotStateDocument {
  /** Keyed hash of the Bot Framework storage key (which contains channel user ids); unique. */
  key: string;
  /** Changes at every write; a write naming an older one is a conflict. */
  eTag: string;
  /** FieldCipher ciphertext of the JSON state. */
  data: string;
  updatedAt: Date;
}

const botStateSchema = new Schema<BotStateDocument>(
  {
    key: { type: String, required: true },
    eTag: { type: String, required: true },
    data: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
botStateSchema.index({ key: 1 }, { unique: true });
botStateSchema.index({ updatedAt: 1 });

export type BotStateModel = Model<BotStateDocument>;

export function botStateModel(connection: Connection): BotStateModel {
  return (connection.models.BotState as BotStateModel | undefined) ?? connection.model('BotState', botStateSchema, 'botstate');
}
