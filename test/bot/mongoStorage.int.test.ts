// MongoStorage against the real database: round trips, encryption at rest, and
// the eTag rules of botbuilder's MemoryStorage.
import { MemoryStorage, type Storage } from 'botbuilder';
import { MongoStorage, StorageConflictError } from '../../bot/mongoStorage';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { testCipher, testHasher } from '../helpers/keys';

let db: TestDatabase;
let storage: MongoStorage;

beforeAll(async () => {
  db = await openTestDatabase('storage');
  storage = new MongoStorage(db.models.botState, testCipher(), testHasher());
});
afterAll(async () => db.close());

test('writes, reads back with an eTag, and deletes', async () => {
  await storage.write({ 'webchat/conversations/c1': { dialogStack: [1, 2], note: 'मुझे मदद चाहिए' } });
  const read = await storage.read(['webchat/conversations/c1', 'missing']);
  expect(read['webchat/conversations/c1']).toMatchObject({ dialogStack: [1, 2], note: 'मुझे मदद चाहिए' });
  expect(typeof read['webchat/conversations/c1'].eTag).toBe('string');
  expect(read.missing).toBeUndefined();
  await storage.delete(['webchat/conversations/c1']);
  expect(await storage.read(['webchat/conversations/c1'])).toEqual({});
});

test('stores neither the key nor the value in clear', async () => {
  await storage.write({ 'whatsapp/users/+97333334444': { secret: 'code word mango' } });
  const raw = JSON.stringify(await db.models.botState.find().lean());
  expect(raw).not.toContain('97333334444');
  expect(raw).not.toContain('mango');
});

describe.each<[string, () => Storage]>([
  ['MemoryStorage (the reference)', () => new MemoryStorage()],
  ['MongoStorage', () => storage],
])('eTag rules, as %s has them', (_name, make) => {
  test('a write with the current eTag succeeds; a stale one is rejected; "*" always wins', async () => {
    const store = make();
    const key = `k-${Math.random()}`;
    await store.write({ [key]: { n: 1 } });
    const first = (await store.read([key]))[key];
    await store.write({ [key]: { ...first, n: 2 } });
    await expect(store.write({ [key]: { ...first, n: 3 } })).rejects.toThrow(/eTag conflict/);
    expect((await store.read([key]))[key].n).toBe(2);
    await store.write({ [key]: { n: 4, eTag: '*' } });
    expect((await store.read([key]))[key].n).toBe(4);
  });

  test('an eTag for an item that no longer exists writes it', async () => {
    const store = make();
    const key = `gone-${Math.random()}`;
    await store.write({ [key]: { n: 1, eTag: 'stale' } });
    expect((await store.read([key]))[key].n).toBe(1);
  });
});

test.each([1, 2, 3, 4, 5])('twenty turns racing on one state: exactly one write wins (trial %i)', async (trial) => {
  const key = `race-${trial}`;
  await storage.write({ [key]: { n: 0 } });
  const seen = (await storage.read([key]))[key];
  const results = await Promise.allSettled(Array.from({ length: 20 }, (_, n) => storage.write({ [key]: { ...seen, n: n + 1 } })));
  const winners = results.flatMap((r, n) => (r.status === 'fulfilled' ? [n + 1] : []));
  expect(winners).toHaveLength(1);
  for (const r of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
    expect(r.reason).toBeInstanceOf(StorageConflictError);
  }
  expect((await storage.read([key]))[key].n).toBe(winners[0]);
  // Only the newest version is kept.
  expect(await db.models.botState.countDocuments({ key: storage.idOf(key) })).toBe(1);
});

test('unconditional writes racing all land, one after another', async () => {
  const key = 'star-race';
  await Promise.all(Array.from({ length: 10 }, (_, n) => storage.write({ [key]: { n, eTag: '*' } })));
  expect(typeof (await storage.read([key]))[key].n).toBe('number');
});
