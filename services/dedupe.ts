// "Take this id once": message ids already taken in, so a message delivered
// again (a webhook retry, a client resend, a WhatsApp Web resync) takes effect
// once. The id is stored only as a keyed hash (a WhatsApp id embeds the phone
// number) under the unique _id index: an insert under a unique index is
// "exactly once" on every engine, and the right tool for an idempotency key
// (docs/database.md). Purged by age by the retention job: the embedded
// mongo-java-server never expires TTL indexes.
import { trusted } from 'mongoose';
import { describeError, type Logger } from '../kernel/logger';
import { isDuplicateKeyError, type ProcessedIdModel } from '../models';
import type { KeyedHasher } from './crypto';

export interface DedupeOptions {
  hasher: KeyedHasher;
  logger: Logger;
  /** The log event when the database fails (the id is then let through). */
  failureEvent: string;
  now?: () => Date;
}

export class DedupeStore {
  private readonly now: () => Date;

  constructor(
    readonly model: ProcessedIdModel,
    private readonly options: DedupeOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** Creates the index on `at` (the unique one is `_id`); safe at every start. */
  async ensureIndexes(): Promise<void> {
    await this.model.createIndexes();
  }

  /**
   * True the first time the id made of `parts` is claimed, false ever after
   * (until purged). When the database fails for another reason the id is let
   * through: answering a worker twice is better than not at all.
   */
  async claim(...parts: string[]): Promise<boolean> {
    try {
      await this.model.create({ _id: this.options.hasher.hash(...parts), at: this.now() });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      this.options.logger.error(this.options.failureEvent, describeError(error));
      return true;
    }
  }

  /** Forgets ids claimed before `before` (the dedupe window); returns how many. */
  async purgeBefore(before: Date): Promise<number> {
    const result = await this.model.deleteMany({ at: trusted({ $lt: before }) });
    return result.deletedCount;
  }
}
