// The RemoteAuth store on GridFS, on the real test database: first
// the Store contract, then whatsapp-web.js's own RemoteAuth saving and restoring
// a browser profile through it (archiver and unzipper, no browser needed).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as whatsappWebJs from 'whatsapp-web.js';
import { GridFsSessionStore } from '../../../channels/whatsapp-web/gridFsSessionStore';
import { createRemoteAuth } from '../../../channels/whatsapp-web/remoteAuth';
import { openTestDatabase, type TestDatabase } from '../../helpers/database';
import { testCipher } from '../../helpers/keys';

let db: TestDatabase;
let dir: string;
beforeAll(async () => {
  db = await openTestDatabase('wwebsession');
});
afterAll(async () => {
  await db.close();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wweb-session-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

jest.setTimeout(30_000);

test('save, exists, extract and delete round-trip a multi-chunk archive, encrypted at rest', async () => {
  const store = new GridFsSessionStore(db.connection, testCipher());
  // 700 KB: several GridFS chunks (255 KB each), with a readable marker inside.
  const archive = Buffer.concat([Buffer.from('PK\u0003\u0004 session-secret-marker '), randomBytes(700 * 1024)]);
  writeFileSync(join(dir, 'RemoteAuth.zip'), archive);

  expect(await store.sessionExists({ session: 'RemoteAuth' })).toBe(false);
  await store.save({ session: join(dir, 'RemoteAuth') });
  expect(await store.sessionExists({ session: 'RemoteAuth' })).toBe(true);

  const files = await db.connection.db!.collection('whatsappSession.files').find().toArray();
  expect(files).toHaveLength(1);
  expect(files[0]!.filename).toBe('RemoteAuth.zip');
  const chunks = await db.connection.db!.collection('whatsappSession.chunks').find().sort({ n: 1 }).toArray();
  expect(chunks.length).toBeGreaterThanOrEqual(3);
  const stored = Buffer.concat(chunks.map((chunk) => Buffer.from(chunk.data.buffer)));
  expect(stored.includes(Buffer.from('session-secret-marker'))).toBe(false);

  const out = join(dir, 'restored.zip');
  await store.extract({ session: 'RemoteAuth', path: out });
  expect(readFileSync(out).equals(archive)).toBe(true);

  await store.delete({ session: 'RemoteAuth' });
  expect(await store.sessionExists({ session: 'RemoteAuth' })).toBe(false);
  expect(await db.connection.db!.collection('whatsappSession.chunks').countDocuments()).toBe(0);
});

test('a second save replaces the first; the newest is extracted; a bare session name is read from the data path', async () => {
  const store = new GridFsSessionStore(db.connection, testCipher(), dir);
  for (const [version, session] of [['first', join(dir, 'RemoteAuth-a')], ['second', 'RemoteAuth-a']] as const) {
    writeFileSync(join(dir, 'RemoteAuth-a.zip'), `archive ${version}`);
    await store.save({ session });
  }
  expect(await db.connection.db!.collection('whatsappSession.files').countDocuments({ filename: 'RemoteAuth-a.zip' })).toBe(1);
  await store.extract({ session: 'RemoteAuth-a', path: join(dir, 'out.zip') });
  expect(readFileSync(join(dir, 'out.zip'), 'utf8')).toBe('archive second');
  await expect(store.extract({ session: 'RemoteAuth-none', path: join(dir, 'none.zip') })).rejects.toThrow(/no stored session/);
});

test("whatsapp-web.js's RemoteAuth stores a browser profile through the store and restores it, completely, on a fresh machine", async () => {
  const store = new GridFsSessionStore(db.connection, testCipher(), join(dir, 'machine-a'));
  const options = { store, clientId: 'hotline', dataPath: join(dir, 'machine-a'), backupSyncIntervalMs: 60_000 };
  const fakeClient = () => ({ options: { puppeteer: {} as Record<string, unknown> }, emit: () => true });

  // Machine A: no stored session yet, so RemoteAuth makes an empty profile folder.
  const first = createRemoteAuth(whatsappWebJs, options);
  const clientA = fakeClient();
  first.setup(clientA as never);
  await first.beforeBrowserInitialized();
  const profile = clientA.options.puppeteer.userDataDir as string;
  expect(profile).toBe(join(dir, 'machine-a', 'RemoteAuth-hotline'));
  // What Chromium would have written after pairing.
  mkdirSync(join(profile, 'Default', 'IndexedDB'), { recursive: true });
  writeFileSync(join(profile, 'Default', 'IndexedDB', 'wawc.leveldb'), 'pairing keys');
  mkdirSync(join(profile, 'Default', 'Local Storage'), { recursive: true });
  writeFileSync(join(profile, 'Default', 'Local Storage', 'state'), 'local storage');
  mkdirSync(join(profile, 'Default', 'Cache'), { recursive: true });
  writeFileSync(join(profile, 'Default', 'Cache', 'big'), 'not needed');
  await (first as unknown as { storeRemoteSession(): Promise<void> }).storeRemoteSession();
  expect(await store.sessionExists({ session: 'RemoteAuth-hotline' })).toBe(true);

  // Machine B: an empty data folder; the session comes back from the database.
  const second = createRemoteAuth(whatsappWebJs, { ...options, store: new GridFsSessionStore(db.connection, testCipher(), join(dir, 'machine-b')), dataPath: join(dir, 'machine-b') });
  const clientB = fakeClient();
  second.setup(clientB as never);
  await second.beforeBrowserInitialized();
  const restored = clientB.options.puppeteer.userDataDir as string;
  expect(readFileSync(join(restored, 'Default', 'IndexedDB', 'wawc.leveldb'), 'utf8')).toBe('pairing keys');
  expect(readFileSync(join(restored, 'Default', 'Local Storage', 'state'), 'utf8')).toBe('local storage');
  expect(existsSync(join(restored, 'Default', 'Cache'))).toBe(false);

  // Logging out deletes the stored session.
  await second.disconnect();
  expect(await store.sessionExists({ session: 'RemoteAuth-hotline' })).toBe(false);
});
