// botbuilder's Storage on MongoDB: state survives a crash or a restart, any
// number of bot processes can share it, and a stale write is rejected by eTag
// just as botbuilder's MemoryStorage rejects it.
//
// Each write inserts the next version of the item under a unique (key, version)
// index instead of updating in place, and older versions are deleted after each
// write. TODO(issue 10 item 2): that was forced by FerretDB 1.24, whose
// conditional updates were not atomic; every engine we run on now makes one
// `findOneAndUpdate` on key and eTag a compare-and-set (docs/database.md).
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

/** Unconditional ("*") writes retry a lost race this many times before giving up. */
const MAX_UNCONDITIONAL_TRIES = 10;

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
    const docs = await this.model.find({ key: trusted({ $in: [...ids.keys()] }) }).sort({ version: -1 }).lean();
    for (const doc of docs) {
      const key = ids.get(doc.key);
      if (key === undefined || key in items) continue; // newest version first
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
    const data = this.cipher.encrypt(JSON.stringify(value));
    const unconditional = eTag === undefined || eTag === null || eTag === '' || eTag === '*';

    for (let attempt = 1; ; attempt++) {
      const current = await this.model.findOne({ key }, { version: 1, eTag: 1 }).sort({ version: -1 }).lean();
      // MemoryStorage's rule: a given eTag must match the stored one; an item that is gone may be written.
      if (!unconditional && current && current.eTag !== String(eTag)) throw new StorageConflictError(storageKey);
      const version = (current?.version ?? 0) + 1;
      const next = { key, version, eTag: randomUUID(), data, updatedAt: new Date() };
      try {
        await this.model.create(next);
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        // Another writer took this version first.
        if (!unconditional) throw new StorageConflictError(storageKey);
        if (attempt >= MAX_UNCONDITIONAL_TRIES) throw new StorageConflictError(storageKey);
        continue;
      }
      await this.model.deleteMany({ key, version: trusted({ $lt: version }) });
      return next.eTag;
    }
  }
}
