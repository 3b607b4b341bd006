// Key rotation on a real database: what a running hotline wrote under key A
// (cases, notes, handoff references, bot state, transcripts, web chat, live
// events, a TOTP secret, media and the WhatsApp Web session in GridFS) is, after
// the rotation to B, all under B and the same when read with B alone; an
// interrupted run resumes; a second run changes nothing.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mongo } from 'mongoose';
import { EncryptedMediaStore } from '../../channels/whatsapp-web/encryptedMediaStore';
import { GridFsSessionStore } from '../../channels/whatsapp-web/gridFsSessionStore';
import { FieldCipher, keyIdOf, keyIdOfBytes } from '../../services/crypto';
import { KeyRotation, ROTATION_CHECKPOINTS } from '../../services/keyRotation';
import { startHotline, TEST_DIRECTLINE_SECRET, TEST_KEYS, type RunningHotline } from '../helpers/hotline';

jest.setTimeout(60_000);
const KEY_A = TEST_KEYS.encryptionKey;
const KEY_B = randomBytes(32);
const onlyA = new FieldCipher('k1', KEY_A);
const onlyB = new FieldCipher('k2', KEY_B);
/** The configuration of the rotation: B current, A retired but still read. */
const rotating = new FieldCipher('k2', KEY_B, new Map([['k1', KEY_A]]));

let app: RunningHotline;
let db: mongo.Db;
const media: Record<string, Buffer> = {};
let scratch: string;
let caseNumber: string;

/** Every ciphertext string in the database, by collection, _id and path, and every GridFS file's bytes by bucket and id. */
async function ciphertexts(): Promise<{ strings: Map<string, string>; files: Map<string, Buffer> }> {
  const strings = new Map<string, string>();
  const files = new Map<string, Buffer>();
  const visit = (where: string, value: unknown): void => {
    if (typeof value === 'string' && keyIdOf(value)) strings.set(where, value);
    else if (Array.isArray(value)) value.forEach((item, i) => visit(`${where}.${i}`, item));
    else if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) for (const [key, item] of Object.entries(value)) visit(`${where}.${key}`, item);
  };
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    if (name.endsWith('.chunks') || name === ROTATION_CHECKPOINTS) continue;
    for (const doc of await db.collection(name).find().toArray()) {
      visit(`${name}/${String(doc._id)}`, { ...doc, _id: undefined });
      if (name.endsWith('.files')) {
        const chunks: Buffer[] = [];
        for await (const chunk of new mongo.GridFSBucket(db, { bucketName: name.slice(0, -6) }).openDownloadStream(doc._id)) chunks.push(chunk as Buffer);
        files.set(`${name}/${String(doc._id)}`, Buffer.concat(chunks));
      }
    }
  }
  return { strings, files };
}

beforeAll(async () => {
  app = await startHotline();
  db = app.db.connection.db!;
  // A web chat worker asks for a person: bot state, web chat activities, a case, a handoff with its reference, transcripts, live events.
  const generated = (await (await fetch(`${app.url}/v3/directline/tokens/generate`, { method: 'POST', headers: { authorization: `Bearer ${TEST_DIRECTLINE_SECRET}` } })).json()) as { conversationId: string; token: string };
  for (const text of ['hello', '1', 'human', 'My name is Rosalinda, my madam took my passport']) {
    const response = await fetch(`${app.url}/v3/directline/conversations/${generated.conversationId}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${generated.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text }),
    });
    expect(response.status).toBe(200);
  }
  // A report with personal fields and a case worker's notes.
  const created = await app.hotline.cases.create({
    type: 'abuseReport', answers: {}, indicators: [], triage: {}, consents: [], channel: 'webchat', userHash: 'u'.repeat(64), language: 'en',
    personal: { narrative: 'She keeps my passport', name: 'Rosalinda Bautista', phone: '+973 3312 3456', location: 'Riffa' },
  });
  caseNumber = created.caseNumber;
  await app.hotline.cases.addNote(created.caseNumber, 'amina', 'Called her on +973 3312 3456');
  await app.hotline.cases.addNote(created.caseNumber, 'amina', 'Second note');
  const user = await app.hotline.accounts.createUser({ username: 'sara', displayName: 'Sara', password: 'correct horse battery staple', roles: ['supervisor'], languages: [] });
  await app.hotline.accounts.startTotpEnrollment(user.id, 'Hotline');
  // Media (one of several GridFS chunks) and the WhatsApp Web session archive.
  const mediaStore = new EncryptedMediaStore(app.db.connection, app.hotline.cipher);
  media.small = randomBytes(1000);
  media.large = randomBytes(600_000);
  media[await mediaStore.save(media.small, { contentType: 'audio/ogg', name: 'voice note from Rosalinda.ogg', userHash: 'u'.repeat(64), kind: 'ptt' })] = media.small;
  media[await mediaStore.save(media.large, { contentType: 'image/jpeg', userHash: 'u'.repeat(64), kind: 'image' })] = media.large;
  scratch = mkdtempSync(join(tmpdir(), 'rotation-'));
  writeFileSync(join(scratch, 'RemoteAuth.zip'), 'the session archive');
  await new GridFsSessionStore(app.db.connection, app.hotline.cipher, scratch).save({ session: 'RemoteAuth' });
});
afterAll(async () => {
  await app.stop();
  await app.db.close();
  rmSync(scratch, { recursive: true, force: true });
});

test('everything written under A is under B after the rotation, reads the same with B alone, and a second run changes nothing', async () => {
  const before = await ciphertexts();
  const collections = new Set([...before.strings.keys()].map((where) => where.split('/')[0]));
  for (const expected of ['cases', 'handoffs', 'botstate', 'transcripts', 'webchatactivities', 'liveevents', 'consoleusers', 'whatsappMedia.files']) expect(collections).toContain(expected);
  expect(before.files.size).toBe(3);
  expect([...before.strings.values()].every((value) => keyIdOf(value) === 'k1')).toBe(true);
  // During the rotation the hotline runs with B current and A retired: old values still read.
  for (const value of before.strings.values()) expect(rotating.decrypt(value)).toBe(onlyA.decrypt(value));

  // Interrupted after its second batch, then run again: it resumes from the checkpoint.
  let batches = 0;
  let readBeforeKill = 0;
  const interrupted = new KeyRotation(db, rotating, {
    batchSize: 2,
    onBatch: ({ documents }) => {
      readBeforeKill += documents;
      if (++batches === 2) throw new Error('killed');
    },
  });
  await expect(interrupted.run()).rejects.toThrow('killed');
  expect(await db.collection(ROTATION_CHECKPOINTS).countDocuments()).toBeGreaterThan(0);
  const first = await new KeyRotation(db, rotating, { batchSize: 2 }).run();
  expect(first).toMatchObject({ keyId: 'k2', unreadable: 0, remaining: 0, filesRotated: 3 });
  expect(first.valuesRotated).toBeGreaterThan(0);
  expect(await db.collection(ROTATION_CHECKPOINTS).countDocuments()).toBe(0);

  const after = await ciphertexts();
  expect([...after.strings.keys()].sort()).toEqual([...before.strings.keys()].sort());
  // The interrupted run had rotated a few already.
  expect(first.valuesRotated).toBeLessThan(before.strings.size);
  for (const [where, value] of after.strings) {
    expect({ where, keyId: keyIdOf(value) }).toEqual({ where, keyId: 'k2' });
    expect(onlyB.decrypt(value)).toBe(onlyA.decrypt(before.strings.get(where)!));
  }
  expect([...after.files.keys()].sort()).toEqual([...before.files.keys()].sort());
  for (const [where, bytes] of after.files) {
    expect({ where, keyId: keyIdOfBytes(bytes) }).toEqual({ where, keyId: 'k2' });
    expect(onlyB.decryptBytes(bytes).equals(onlyA.decryptBytes(before.files.get(where)!))).toBe(true);
  }

  // The stores read with B alone: media under their old ids, the session, the case's personal fields and notes.
  const mediaStore = new EncryptedMediaStore(app.db.connection, onlyB);
  for (const [id, bytes] of Object.entries(media).filter(([id]) => /^[0-9a-f]{24}$/.test(id))) expect((await mediaStore.read(id)).bytes.equals(bytes)).toBe(true);
  await new GridFsSessionStore(app.db.connection, onlyB, scratch).extract({ session: 'RemoteAuth', path: join(scratch, 'restored.zip') });
  expect(readFileSync(join(scratch, 'restored.zip'), 'utf8')).toBe('the session archive');
  const stored = await app.db.models.cases.findOne({ caseNumber }).lean();
  expect(onlyB.decrypt(stored!.personal!.name!)).toBe('Rosalinda Bautista');
  expect(stored!.notes.map((note) => onlyB.decrypt(note.text))).toEqual(['Called her on +973 3312 3456', 'Second note']);

  const second = await new KeyRotation(db, rotating).run();
  expect(second).toMatchObject({ valuesRotated: 0, filesRotated: 0, unreadable: 0, remaining: 0 });
  // The resumed run read only what the interrupted one had not (a full run reads everything).
  expect(first.documentsScanned).toBe(second.documentsScanned - readBeforeKill);
});

test('a value under a key this configuration does not know is left as it is and reported as remaining', async () => {
  const lost = new FieldCipher('k0', randomBytes(32)).encrypt('under a key nobody kept');
  await db.collection('scratchRotation').insertOne({ _id: 'lost' as unknown as mongo.ObjectId, nested: { values: [lost] } });
  const report = await new KeyRotation(db, rotating).run();
  expect(report).toMatchObject({ unreadable: 1, remaining: 1 });
  expect((await db.collection('scratchRotation').findOne({}))!.nested.values[0]).toBe(lost);
  await db.collection('scratchRotation').drop();
});

test('a GridFS copy left by a crash before it replaced its original is finished by the next run, under the same file id', async () => {
  const store = new EncryptedMediaStore(app.db.connection, onlyA, 'rotationCrash');
  const original = randomBytes(300_000);
  const id = await store.save(original, { contentType: 'image/png', userHash: 'c'.repeat(64), kind: 'image' });
  // What the run that crashed had written: the copy under B, not yet over the original.
  const bucket = new mongo.GridFSBucket(db, { bucketName: 'rotationCrash' });
  const file = (await bucket.find({ _id: new mongo.ObjectId(id) }).next())!;
  const upload = bucket.openUploadStream('keyRotation.pending', { chunkSizeBytes: file.chunkSize, metadata: { ...file.metadata, rotationOf: file._id } });
  await new Promise<void>((resolve, reject) => upload.end(onlyB.encryptBytes(original), (error?: Error | null) => (error ? reject(error) : resolve())));

  const report = await new KeyRotation(db, rotating).run();
  expect(report.remaining).toBe(0);
  expect(await bucket.find({ filename: 'keyRotation.pending' }).toArray()).toEqual([]);
  expect(await db.collection('rotationCrash.chunks').countDocuments({ files_id: upload.id })).toBe(0);
  expect((await new EncryptedMediaStore(app.db.connection, onlyB, 'rotationCrash').read(id)).bytes.equals(original)).toBe(true);
});
