// MongoStorage against the real database: round trips, encryption at rest, and
// the eTag rules of botbuilder's MemoryStorage.
import { MemoryStorage, TestAdapter, TurnContext, type ConversationAccount, type Storage } from 'botbuilder';
import { createHotlineState } from '../../bot/state';
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
  // One document per key.
  expect(await db.models.botState.countDocuments({ key: storage.idOf(key) })).toBe(1);
});

test('unconditional writes racing all land, one after another', async () => {
  const key = 'star-race';
  await Promise.all(Array.from({ length: 10 }, (_, n) => storage.write({ [key]: { n, eTag: '*' } })));
  expect(typeof (await storage.read([key]))[key].n).toBe('number');
});

test('two first writes of a new item racing: exactly one wins, the other is a conflict', async () => {
  for (let trial = 0; trial < 5; trial++) {
    const key = `first-${trial}`;
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, n) => storage.write({ [key]: { n } })));
    const winners = results.flatMap((r, n) => (r.status === 'fulfilled' ? [n] : []));
    expect(winners).toHaveLength(1);
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) expect(r.reason).toBeInstanceOf(StorageConflictError);
    expect((await storage.read([key]))[key].n).toBe(winners[0]);
  }
});

describe('one read a turn for both states', () => {
  function counting(inner: Storage): { storage: Storage; reads: string[][] } {
    const reads: string[][] = [];
    return {
      reads,
      storage: {
        read: (keys) => {
          reads.push([...keys]);
          return inner.read(keys);
        },
        write: (changes) => inner.write(changes),
        delete: (keys) => inner.delete(keys),
      },
    };
  }
  const turnOf = (conversation: string, user: string) =>
    new TurnContext(new TestAdapter(), { type: 'message', channelId: 'test', conversation: { id: conversation } as ConversationAccount, from: { id: user, name: '' }, recipient: { id: 'bot', name: '' } });

  test('conversation and user state load from one storage read, and save and reload as before', async () => {
    const counted = counting(storage);
    const state = createHotlineState(counted.storage);
    const conv = `c-${Math.random()}`;
    const first = turnOf(conv, 'u1');
    await state.withStates(first, async () => {
      await state.dialogState.get(first, { dialogStack: [] });
      await state.profile.set(first, { language: 'hi' });
      await state.conversationState.saveChanges(first);
      await state.userState.saveChanges(first);
    });
    expect(counted.reads).toHaveLength(1);
    expect(counted.reads[0]).toHaveLength(2);

    const second = turnOf(conv, 'u1');
    const language = await state.withStates(second, async () => (await state.profile.get(second))?.language);
    expect(language).toBe('hi');
    expect(counted.reads).toHaveLength(2);
    // A forced reload inside the turn reads the database again.
    const third = turnOf(conv, 'u1');
    await state.withStates(third, async () => {
      await state.userState.load(third);
      await state.userState.load(third, true);
    });
    expect(counted.reads).toHaveLength(4);
  });

  test('state deleted within the turn through its storage (erasure) is not answered from the turn\'s read', async () => {
    const state = createHotlineState(storage);
    const conv = `erase-${Math.random()}`;
    const first = turnOf(conv, 'u-erase');
    await state.withStates(first, async () => {
      await state.profile.set(first, { language: 'ta' });
      await state.userState.saveChanges(first);
    });
    const second = turnOf(conv, 'u-erase');
    const after = await state.withStates(second, async () => {
      await state.storage.delete([state.userState.getStorageKey(second)!]);
      return state.profile.get(second);
    });
    expect(after).toBeUndefined();
  });
});
