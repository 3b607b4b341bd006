// Media a worker sends (voice notes, photos, documents, videos) kept in GridFS,
// encrypted with the hotline's key: a copy of the database alone reveals no
// voice and no picture. An activity points at a file with `gridfs:<id>`.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { mongo, type Connection } from 'mongoose';
import { OBJECT_ID } from '../../models/domain';
import type { FieldCipher } from '../../services/crypto';

/** The scheme of the `contentUrl` of an attachment stored here. */
export const MEDIA_URL_SCHEME = 'gridfs:';

/** What is stored beside the encrypted bytes (never in the clear: the original file name). */
export interface MediaInfo {
  contentType: string;
  /** The file name the worker's phone gave, stored encrypted. */
  name?: string;
  /** Keyed hash of the worker (channel and user id, as the bot computes it), for erasure. */
  userHash: string;
  /** What it was on WhatsApp: `ptt`, `image`, `document`… */
  kind: string;
}

/** A decrypted media file. */
export interface MediaFile {
  id: string;
  bytes: Buffer;
  contentType: string;
  name?: string;
  kind: string;
  uploadedAt: Date;
}

interface StoredMetadata {
  contentType: string;
  name?: string;
  userHash: string;
  kind: string;
}

/** Thrown when a media id or url names nothing stored. */
export class MediaNotFoundError extends Error {
  readonly code = 'MEDIA_NOT_FOUND';
  constructor(message: string) {
    super(message);
    this.name = 'MediaNotFoundError';
  }
}

/** GridFS bucket `whatsappMedia`: encrypted bytes in `whatsappMedia.chunks`, hashes and encrypted names in `.files`. */
export class EncryptedMediaStore {
  static readonly BUCKET = 'whatsappMedia';
  private readonly bucket: mongo.GridFSBucket;

  constructor(
    connection: Connection,
    private readonly cipher: FieldCipher,
    bucketName = EncryptedMediaStore.BUCKET,
  ) {
    if (!connection.db) throw new Error('EncryptedMediaStore: the connection is not open');
    this.bucket = new mongo.GridFSBucket(connection.db, { bucketName });
  }

  /** Encrypts and stores the bytes; returns the file id. */
  async save(bytes: Buffer, info: MediaInfo): Promise<string> {
    const metadata: StoredMetadata = {
      contentType: info.contentType,
      userHash: info.userHash,
      kind: info.kind,
      ...(info.name ? { name: this.cipher.encrypt(info.name) } : {}),
    };
    // The GridFS file name is a constant: the real one is personal data.
    const upload = this.bucket.openUploadStream('media', { metadata });
    await pipeline(Readable.from([this.cipher.encryptBytes(bytes)]), upload);
    return upload.id.toHexString();
  }

  /** Reads and decrypts a file by id or by `gridfs:<id>` url. */
  async read(idOrUrl: string): Promise<MediaFile> {
    const id = toObjectId(idOrUrl);
    const file = await this.bucket.find({ _id: id }).next();
    if (!file) throw new MediaNotFoundError(`read(): no media ${id.toHexString()}`);
    const chunks: Buffer[] = [];
    for await (const chunk of this.bucket.openDownloadStream(id)) chunks.push(chunk as Buffer);
    const metadata = file.metadata as StoredMetadata;
    return {
      id: id.toHexString(),
      bytes: this.cipher.decryptBytes(Buffer.concat(chunks)),
      contentType: metadata.contentType,
      name: this.cipher.decryptOptional(metadata.name),
      kind: metadata.kind,
      uploadedAt: file.uploadDate,
    };
  }

  /** Deletes one file (its chunks too). */
  async delete(idOrUrl: string): Promise<void> {
    await this.bucket.delete(toObjectId(idOrUrl));
  }

  /** "Delete my data": every file of the worker; returns how many. */
  async eraseUser(userHash: string): Promise<number> {
    return this.deleteWhere({ 'metadata.userHash': userHash });
  }

  /** Retention: every file stored before `before`; returns how many. */
  async purgeBefore(before: Date): Promise<number> {
    return this.deleteWhere({ uploadDate: { $lt: before } });
  }

  private async deleteWhere(filter: mongo.Filter<mongo.GridFSFile>): Promise<number> {
    const files = await this.bucket.find(filter, { projection: { _id: 1 } }).toArray();
    for (const file of files) await this.bucket.delete(file._id);
    return files.length;
  }
}

/** The `contentUrl` of a stored file. */
export function mediaUrl(id: string): string {
  return `${MEDIA_URL_SCHEME}${id}`;
}

function toObjectId(idOrUrl: string): mongo.ObjectId {
  const id = idOrUrl.startsWith(MEDIA_URL_SCHEME) ? idOrUrl.slice(MEDIA_URL_SCHEME.length) : idOrUrl;
  if (!OBJECT_ID.test(id.toLowerCase())) throw new MediaNotFoundError('not a media id');
  return new mongo.ObjectId(id);
}
