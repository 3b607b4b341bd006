// Bot Framework state (dialog stacks, user preferences) as encrypted, versioned
// documents; see bot/mongoStorage.ts for why each write inserts a new version.
import { Schema, type Connection, type Model } from 'mongoose';

export interface BotStateDocument {
  /** Keyed hash of the Bot Framework storage key (which contains channel user ids). */
  key: string;
  /** 1, 2, 3… per key; unique with the key, so two writers of one version cannot both win. */
  version: number;
  eTag: string;
  /** FieldCipher ciphertext of the JSON state. */
  data: string;
  updatedAt: Date;
}

const botStateSchema = new Schema<BotStateDocument>(
  {
    key: { type: String, required: true },
    version: { type: Number, required: true },
    eTag: { type: String, required: true },
    data: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
botStateSchema.index({ key: 1, version: 1 }, { unique: true });
botStateSchema.index({ updatedAt: 1 });

export type BotStateModel = Model<BotStateDocument>;

export function botStateModel(connection: Connection): BotStateModel {
  return (connection.models.BotState as BotStateModel | undefined) ?? connection.model('BotState', botStateSchema, 'botstate');
}
