// whatsapp-web.js's RemoteAuth `Store` on GridFS: the session archive (the
// WhatsApp login of the hotline's number) is kept encrypted in the hotline's
// own database, so a new machine or container restores it without a new pairing.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { mongo, type Connection } from 'mongoose';
import type { FieldCipher } from '../../services/crypto';

/**
 * RemoteAuth writes the archive to `<dataPath>/<session>.zip` and then calls
 * `save({session})`: whatsapp-web.js 1.34.7 passes the bare session name
 * (`RemoteAuth`), its main branch the path without `.zip`; both are read here.
 * Stored under the bare name (`RemoteAuth.zip`), which the other methods get.
 */
export class GridFsSessionStore {
  static readonly BUCKET = 'whatsappSession';
  private readonly bucket: mongo.GridFSBucket;

  /** `dataPath` is the RemoteAuth `dataPath` (where the library writes the archive). */
  constructor(
    connection: Connection,
    private readonly cipher: FieldCipher,
    private readonly dataPath = '.',
    bucketName = GridFsSessionStore.BUCKET,
  ) {
    if (!connection.db) throw new Error('GridFsSessionStore: the connection is not open');
    this.bucket = new mongo.GridFSBucket(connection.db, { bucketName });
  }

  async sessionExists(options: { session: string }): Promise<boolean> {
    return (await this.newest(options.session)) !== null;
  }

  /** Stores `<session>.zip` encrypted, then removes the older copies (a crash in between leaves two, never none). */
  async save(options: { session: string }): Promise<void> {
    const archive = isAbsolute(options.session) || basename(options.session) !== options.session ? options.session : join(this.dataPath, options.session);
    const sealed = this.cipher.encryptBytes(await readFile(`${archive}.zip`));
    const name = archiveName(options.session);
    const upload = this.bucket.openUploadStream(name);
    await pipeline(Readable.from([sealed]), upload);
    const older = await this.bucket.find({ filename: name, _id: { $ne: upload.id } }, { projection: { _id: 1 } }).toArray();
    for (const file of older) await this.bucket.delete(file._id);
  }

  /** Writes the newest archive, decrypted, to `path` (on a fresh machine its folder does not exist yet). */
  async extract(options: { session: string; path: string }): Promise<void> {
    const file = await this.newest(options.session);
    if (!file) throw new Error(`GridFsSessionStore.extract(): no stored session "${archiveName(options.session)}"`);
    const chunks: Buffer[] = [];
    for await (const chunk of this.bucket.openDownloadStream(file._id)) chunks.push(chunk as Buffer);
    await mkdir(dirname(options.path), { recursive: true, mode: 0o700 });
    await writeFile(options.path, this.cipher.decryptBytes(Buffer.concat(chunks)), { mode: 0o600 });
  }

  /** Removes every stored copy (RemoteAuth calls it on logout). */
  async delete(options: { session: string }): Promise<void> {
    const files = await this.bucket.find({ filename: archiveName(options.session) }, { projection: { _id: 1 } }).toArray();
    for (const file of files) await this.bucket.delete(file._id);
  }

  private async newest(session: string): Promise<mongo.GridFSFile | null> {
    return this.bucket.find({ filename: archiveName(session) }).sort({ uploadDate: -1, _id: -1 }).limit(1).next();
  }
}

function archiveName(session: string): string {
  return `${basename(session)}.zip`;
}
