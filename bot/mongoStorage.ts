// botbuilder's Storage on MongoDB: state survives a crash or a restart, any
// number of bot processes can share it, and a stale write is rejected by eTag
// just as botbuilder's MemoryStorage rejects it.
//
// One document per key. A write with an eTag is one `findOneAndUpdate` on key
// and eTag (a compare-and-set); a new item is one insert under the unique key
// index, so of two first writes one is a conflict; "*" is an upsert.
import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import { trusted } from 'mongoose';
import type { FieldCipher, KeyedHasher } from '../services/crypto';
import type { BotStateModel } from '../models/botState';
import { isDuplicateKeyError } from '../models/uniqueInsert';

/** A write whose eTag no longer matches what is stored. */
export class StorageConflictError extends Error {
  readonly code = 'STORAGE_ETAG_CONFLICT';
  constructor(readonly key: string) {
    super(`MongoStorage.write(): eTag conflict writing a state item; it was changed by another turn`);
    this.name = 'StorageConflictError';
  }
}

/** Unconditional ("*") upserts racing a concurrent first insert retry this many times. */
const MAX_UNCONDITIONAL_TRIES = 5;

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

  /** The stored key of a storage key. */
  idOf(key: string): string {
    return this.hasher.hash('botstate', key);
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!Array.isArray(keys)) throw new TypeError('MongoStorage.read(): keys must be an array');
    const ids = new Map(keys.map((key) => [this.idOf(key), key]));
    const items: StoreItems = {};
    if (ids.size === 0) return items;
    const docs = await this.model.find({ key: trusted({ $in: [...ids.keys()] }) }, { key: 1, eTag: 1, data: 1 }).lean();
    for (const doc of docs) {
      const key = ids.get(doc.key);
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
    await this.model.deleteMany({ key: trusted({ $in: keys.map((key) => this.idOf(key)) }) });
  }

  private async writeOne(storageKey: string, item: Record<string, unknown>): Promise<string> {
    const { eTag, ...value } = item;
    const key = this.idOf(storageKey);
    const next = { eTag: randomUUID(), data: this.cipher.encrypt(JSON.stringify(value)), updatedAt: new Date() };

    if (eTag === '*') {
      for (let attempt = 1; ; attempt++) {
        try {
          await this.model.updateOne({ key }, { $set: next }, { upsert: true });
          return next.eTag;
        } catch (error) {
          // Two upserts of a new key: one inserts, the other meets the unique index; it updates on the next try.
          if (!isDuplicateKeyError(error) || attempt >= MAX_UNCONDITIONAL_TRIES) throw error;
        }
      }
    }
    if (eTag !== undefined && eTag !== null && eTag !== '') {
      // 'before': what matters is only whether one matched (docs/database.md).
      const before = await this.model.findOneAndUpdate({ key, eTag: String(eTag) }, { $set: next }, { returnDocument: 'before', projection: { _id: 1 }, lean: true });
      if (before) return next.eTag;
      // MemoryStorage's rule: an item that is gone may be written; one with another eTag may not.
    }
    try {
      await this.model.create({ key, ...next });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new StorageConflictError(storageKey);
      throw error;
    }
    return next.eTag;
  }
}
