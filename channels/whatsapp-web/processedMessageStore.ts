// WhatsApp message ids already taken in, so a message the client emits again
// (after a reconnect, a resync) takes effect once. Ids are stored as keyed
// hashes (a WhatsApp id embeds the phone number) under the unique _id index:
// the first insert wins, on every engine (docs/database.md).
import { Schema, trusted, type Connection, type Model } from 'mongoose';
import { describeError, type Logger } from '../../kernel/logger';
import { isDuplicateKeyError } from '../../models/uniqueInsert';
import type { KeyedHasher } from '../../services/crypto';

export interface ProcessedWhatsAppMessageDocument {
  /** Keyed hash of the WhatsApp message id. */
  _id: string;
  /** When it was taken in; the retention job purges by it. */
  at: Date;
}

const schema = new Schema<ProcessedWhatsAppMessageDocument>(
  { _id: { type: String, required: true }, at: { type: Date, required: true } },
  { versionKey: false },
);
schema.index({ at: 1 });

export type ProcessedWhatsAppMessageModel = Model<ProcessedWhatsAppMessageDocument>;

/** The model on a connection (collection `whatsappwebmessages`). */
export function processedWhatsAppMessageModel(connection: Connection): ProcessedWhatsAppMessageModel {
  return (
    (connection.models.ProcessedWhatsAppMessage as ProcessedWhatsAppMessageModel | undefined) ??
    connection.model('ProcessedWhatsAppMessage', schema, 'whatsappwebmessages')
  );
}


/** Claims message ids once each; purged by age. */
export class ProcessedMessageStore {
  constructor(
    readonly model: ProcessedWhatsAppMessageModel,
    private readonly hasher: KeyedHasher,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Creates the index on `at` (the unique one is `_id`); safe at every start. */
  async ensureIndexes(): Promise<void> {
    await this.model.createIndexes();
  }

  /**
   * True the first time a message id is claimed, false ever after (until purged).
   * When the database fails for another reason the message is let through:
   * answering a worker twice is better than not at all.
   */
  async claim(messageId: string): Promise<boolean> {
    try {
      await this.model.create({ _id: this.hasher.hash('whatsapp-web', 'message', messageId), at: this.now() });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      this.logger.error('whatsappWeb.dedupe.failed', describeError(error));
      return true;
    }
  }

  /** Forgets ids claimed before `before` (the retention job's dedupe window); returns how many. */
  async purgeBefore(before: Date): Promise<number> {
    const result = await this.model.deleteMany({ at: trusted({ $lt: before }) });
    return result.deletedCount;
  }
}
