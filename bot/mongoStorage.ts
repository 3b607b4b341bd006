// botbuilder's Storage on MongoDB: state survives a crash or a restart, any
// number of bot processes can share it, and a stale write is rejected by eTag
// just as botbuilder's MemoryStorage rejects it.
import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import { trusted } from 'mongoose';
import type { FieldCipher, KeyedHasher } from '../services/crypto';
import type { BotStateModel } from '../models/botState';

/** A write whose eTag no longer matches what is stored. */
export class StorageConflictError extends Error {
  readonly code = 'STORAGE_ETAG_CONFLICT';
  constructor(readonly key: string) {
    super(`MongoStorage.write(): eTag conflict writing a state item; it was changed by another turn`);
    this.name = 'StorageConflictError';
  }
}

const DUPLICATE_KEY = 11000;

/**
 * Keys are stored as keyed hashes (they contain channel user ids) and values
 * as ciphertexts (dialog state holds a report in progress).
 */
export class MongoStorage implements Storage {
  constructor(
    private readonly model: BotStateModel,
    private readonly cipher: FieldCipher,
    private readonly hasher: KeyedHasher,
  ) {}

  /** The document id of a storage key. */
  idOf(key: string): string {
    return this.hasher.hash('botstate', key);
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!Array.isArray(keys)) throw new TypeError('MongoStorage.read(): keys must be an array');
    const ids = new Map(keys.map((key) => [this.idOf(key), key]));
    const items: StoreItems = {};
    if (ids.size === 0) return items;
    const docs = await this.model.find({ _id: trusted({ $in: [...ids.keys()] }) }).lean();
    for (const doc of docs) {
      const key = ids.get(doc._id);
      if (key === undefined) continue;
      items[key] = { ...(JSON.parse(this.cipher.decrypt(doc.data)) as object), eTag: doc.eTag };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes || typeof changes !== 'object') throw new TypeError('MongoStorage.write(): changes must be an object');
    for (const [key, item] of Object.entries(changes)) {
      const written = (item ?? {}) as Record<string, unknown>;
      // The caller's item takes the new eTag, so a second save in the same turn is not a conflict.
      written.eTag = await this.writeOne(key, written);
    }
  }

  async delete(keys: string[]): Promise<void> {
    if (!Array.isArray(keys)) throw new TypeError('MongoStorage.delete(): keys must be an array');
    if (keys.length === 0) return;
    await this.model.deleteMany({ _id: trusted({ $in: keys.map((key) => this.idOf(key)) }) });
  }

  private async writeOne(key: string, item: Record<string, unknown>): Promise<string> {
    const { eTag, ...value } = item;
    const id = this.idOf(key);
    const next = { eTag: randomUUID(), data: this.cipher.encrypt(JSON.stringify(value)), updatedAt: new Date() };

    if (eTag === undefined || eTag === '*' || eTag === null || eTag === '') {
      await this.model.updateOne({ _id: id }, { $set: next }, { upsert: true });
      return next.eTag;
    }
    // Conditional on the eTag the caller read: one atomic single-document update.
    const updated = await this.model.updateOne({ _id: id, eTag: String(eTag) }, { $set: next });
    if (updated.matchedCount === 1) return next.eTag;
    // No match: either the item is gone (MemoryStorage then writes) or it changed.
    try {
      await this.model.create({ _id: id, ...next });
      return next.eTag;
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY) throw new StorageConflictError(key);
      throw error;
    }
  }
}
