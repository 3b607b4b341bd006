// Key rotation: re-encrypts every value stored under a retired key with the
// current one, so the retired key can then be dropped. It reads every collection
// rather than a list of fields, so an encrypted field added later is rotated too:
// a string is a ciphertext when it names a key id (`e1.<keyId>.…`) and decrypts
// (AES-GCM authenticates it), a GridFS file when its bytes' header does.
// Batches by _id with a checkpoint, so an interrupted run resumes where it
// stopped; a value already under the current key is left alone, so a second run
// changes nothing; each write is conditional on the value it replaces, so a
// running hotline's own writes (under the current key) are never overwritten.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { mongo } from 'mongoose';
import { DecryptionError, keyIdOf, keyIdOfBytes, type FieldCipher } from './crypto';

/** Where an interrupted run left off, one document per key id and collection. */
export const ROTATION_CHECKPOINTS = 'keyRotations';
/** The file name of a rotated GridFS file's new copy until it replaces the original. */
const TEMP_FILENAME = 'keyRotation.pending';
const UPDATE_ATTEMPTS = 3;

export interface RotationReport {
  /** The key everything is now under. */
  keyId: string;
  collections: number;
  documentsScanned: number;
  /** String values re-encrypted. */
  valuesRotated: number;
  /** GridFS files (media, the WhatsApp Web session) re-encrypted. */
  filesRotated: number;
  /** Values under a key id this configuration does not know, or that did not decrypt: left as they are. */
  unreadable: number;
  /** Values still under another key after the run (unreadable ones, and any changed meanwhile too often): 0 before a key is dropped. */
  remaining: number;
}

interface Change {
  path: string;
  from: string;
  to: string;
}

export interface KeyRotationOptions {
  batchSize?: number;
  /** Told after every batch (for progress lines). */
  onBatch?: (progress: { collection: string; documents: number }) => void;
}

export class KeyRotation {
  private readonly batchSize: number;
  private report!: RotationReport;

  constructor(
    private readonly db: mongo.Db,
    private readonly cipher: FieldCipher,
    private readonly options: KeyRotationOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
  }

  /** Rotates everything to the cipher's current key; resumes an interrupted run of the same key id. */
  async run(): Promise<RotationReport> {
    this.report = { keyId: this.cipher.keyId, collections: 0, documentsScanned: 0, valuesRotated: 0, filesRotated: 0, unreadable: 0, remaining: 0 };
    const names = (await this.db.listCollections({}, { nameOnly: true }).toArray())
      .map((collection) => collection.name)
      .filter((name) => !name.startsWith('system.') && name !== ROTATION_CHECKPOINTS && !name.endsWith('.chunks'))
      .sort();
    for (const name of names) {
      this.report.collections += 1;
      if (name.endsWith('.files')) await this.rotateBucket(name.slice(0, -'.files'.length));
      else await this.rotateCollection(name);
    }
    // A finished run starts the next one from the beginning (a process still on the old key may have written since).
    await this.db.collection(ROTATION_CHECKPOINTS).deleteMany({ keyId: this.cipher.keyId });
    this.report.remaining += this.report.unreadable;
    return this.report;
  }

  /** Every document of a collection, by _id, in batches from the checkpoint on. */
  private async forEachDocument(collection: string, filter: mongo.Filter<mongo.Document>, visit: (doc: mongo.WithId<mongo.Document>) => Promise<void>): Promise<void> {
    const checkpoints = this.db.collection<{ _id: string; keyId: string; lastId: unknown }>(ROTATION_CHECKPOINTS);
    const checkpointId = `${this.cipher.keyId}/${collection}`;
    let lastId = (await checkpoints.findOne({ _id: checkpointId }))?.lastId;
    for (;;) {
      const range = (lastId === undefined ? filter : { $and: [filter, { _id: { $gt: lastId } }] }) as mongo.Filter<mongo.Document>;
      const batch = await this.db.collection(collection).find(range).sort({ _id: 1 }).limit(this.batchSize).toArray();
      if (batch.length === 0) return;
      for (const doc of batch) {
        this.report.documentsScanned += 1;
        await visit(doc);
      }
      lastId = batch.at(-1)!._id;
      await checkpoints.updateOne({ _id: checkpointId }, { $set: { keyId: this.cipher.keyId, lastId, at: new Date() } }, { upsert: true });
      this.options.onBatch?.({ collection, documents: batch.length });
    }
  }

  private async rotateCollection(name: string): Promise<void> {
    const collection = this.db.collection(name);
    await this.forEachDocument(name, {}, async (first) => {
      let doc: mongo.WithId<mongo.Document> | null = first;
      for (let attempt = 0; doc && attempt < UPDATE_ATTEMPTS; attempt += 1) {
        const changes = this.changesIn(doc, attempt === 0);
        if (changes.length === 0) return;
        // Only if every value is still the one read: else the document changed meanwhile, and is read again.
        const result = await collection.updateOne(
          { _id: doc._id, ...Object.fromEntries(changes.map((change) => [change.path, change.from])) },
          { $set: Object.fromEntries(changes.map((change) => [change.path, change.to])) },
        );
        if (result.modifiedCount === 1) {
          this.report.valuesRotated += changes.length;
          return;
        }
        doc = await collection.findOne({ _id: doc._id });
      }
      if (doc) this.report.remaining += this.changesIn(doc, false).length;
    });
  }

  /** The re-encryptions a document needs; `count` adds the values that cannot be decrypted to the report. */
  private changesIn(doc: mongo.Document, count = true): Change[] {
    const changes: Change[] = [];
    const visit = (value: unknown, path: string): void => {
      if (typeof value === 'string') {
        const change = this.reencrypt(value, count);
        if (change) changes.push({ path, from: value, to: change });
      } else if (Array.isArray(value)) {
        value.forEach((item, index) => visit(item, `${path}.${index}`));
      } else if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
        // Keys with dots or a leading $ cannot be named in an update; ciphertexts never sit under such keys.
        for (const [key, item] of Object.entries(value)) if (!key.includes('.') && !key.startsWith('$')) visit(item, path ? `${path}.${key}` : key);
      }
    };
    for (const [key, value] of Object.entries(doc)) if (key !== '_id') visit(value, key);
    return changes;
  }

  /** The value under the current key, or undefined when it is not a ciphertext, is already current, or cannot be read. */
  private reencrypt(value: string, count: boolean): string | undefined {
    const keyId = keyIdOf(value);
    if (keyId === undefined || keyId === this.cipher.keyId) return undefined;
    try {
      return this.cipher.encrypt(this.cipher.decrypt(value));
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      if (count) this.report.unreadable += 1;
      return undefined;
    }
  }

  /**
   * A GridFS bucket: each file under another key is written anew as a pending copy
   * (its metadata, worker hash included, so erasure and retention find it too), then
   * copied over the original's chunks, keeping the file id that activities point at.
   * A copy left by a crash is finished first.
   */
  private async rotateBucket(bucketName: string): Promise<void> {
    const bucket = new mongo.GridFSBucket(this.db, { bucketName });
    const files = this.db.collection<mongo.GridFSFile>(`${bucketName}.files`);
    for (const pending of await files.find({ filename: TEMP_FILENAME }).toArray()) await this.finishCopy(bucketName, pending);
    await this.forEachDocument(`${bucketName}.files`, { filename: { $ne: TEMP_FILENAME } }, async (doc) => {
      const file = doc as unknown as mongo.GridFSFile;
      const chunks: Buffer[] = [];
      for await (const chunk of bucket.openDownloadStream(file._id)) chunks.push(chunk as Buffer);
      const bytes = Buffer.concat(chunks);
      const keyId = keyIdOfBytes(bytes);
      const name = typeof file.metadata?.name === 'string' ? this.reencrypt(file.metadata.name, true) : undefined;
      const metadata = { ...(file.metadata ?? {}), ...(name ? { name } : {}) };
      if (keyId === undefined || keyId === this.cipher.keyId) {
        if (name) {
          const result = await files.updateOne({ _id: file._id, 'metadata.name': file.metadata!.name }, { $set: { 'metadata.name': name } });
          this.report.valuesRotated += result.modifiedCount;
        }
        return;
      }
      if (!this.cipher.knows(keyId)) {
        this.report.unreadable += 1;
        return;
      }
      let sealed: Buffer;
      try {
        sealed = this.cipher.encryptBytes(this.cipher.decryptBytes(bytes));
      } catch (error) {
        if (!(error instanceof DecryptionError)) throw error;
        this.report.unreadable += 1;
        return;
      }
      const upload = bucket.openUploadStream(TEMP_FILENAME, { chunkSizeBytes: file.chunkSize, metadata: { ...metadata, rotationOf: file._id } });
      await pipeline(Readable.from([sealed]), upload);
      const pending = await files.findOne({ _id: upload.id });
      if (pending) await this.finishCopy(bucketName, pending);
      this.report.filesRotated += 1;
    });
  }

  /** Copies a pending file's chunks over its original's (same id, same chunk size), then removes the copy. Safe to repeat. */
  private async finishCopy(bucketName: string, pending: mongo.GridFSFile): Promise<void> {
    const files = this.db.collection<mongo.GridFSFile>(`${bucketName}.files`);
    const chunks = this.db.collection<{ files_id: unknown; n: number; data: mongo.Binary }>(`${bucketName}.chunks`);
    const bucket = new mongo.GridFSBucket(this.db, { bucketName });
    const { rotationOf: target, ...metadata } = (pending.metadata ?? {}) as { rotationOf?: mongo.ObjectId } & Record<string, unknown>;
    const original = target ? await files.findOne({ _id: target }) : null;
    if (original && original.chunkSize === pending.chunkSize) {
      const copies = await chunks.find({ files_id: pending._id }).sort({ n: 1 }).toArray();
      for (const chunk of copies) {
        const result = await chunks.updateOne({ files_id: target, n: chunk.n }, { $set: { data: chunk.data } });
        if (result.matchedCount === 0) await chunks.insertOne({ files_id: target, n: chunk.n, data: chunk.data });
      }
      await chunks.deleteMany({ files_id: target, n: { $gte: copies.length } });
      await files.updateOne({ _id: target }, { $set: { length: pending.length, metadata } });
      // Erased or purged meanwhile: no chunk of it may stay behind.
      if (!(await files.findOne({ _id: target }))) await chunks.deleteMany({ files_id: target });
    }
    await bucket.delete(pending._id).catch((error: unknown) => {
      if (!(error instanceof mongo.MongoRuntimeError)) throw error;
    });
  }
}
