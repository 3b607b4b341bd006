// The turn lease (services/turnLease.ts) on the real database: one holder among
// deliveries at once, a live holder's lease never lapses, a dead one's does, a
// finished run ends the wait, and a failed run lets the next delivery in at once.
import { TurnLeases, type TurnLease } from '../../services/turnLease';
import { KeyedHasher } from '../../services/crypto';
import { Logger } from '../../kernel/logger';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { TEST_HASH_KEY } from '../helpers/keys';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase('lease');
});
afterAll(async () => {
  await db.close();
});

const hasher = new KeyedHasher(Buffer.from(TEST_HASH_KEY, 'base64'));
const leases = (ttlMs: number, maxWaitMs = ttlMs * 2) => new TurnLeases(db.models.processedActivities, { hasher, logger: new Logger('silent'), ttlMs, maxWaitMs, pollMs: 20 });
const notDone = async () => false;

test('of five deliveries at once, one holds the lease; the others wait, and find the run done', async () => {
  const store = leases(2_000);
  let done = false;
  const outcomes = await Promise.all(
    Array.from({ length: 5 }, async () => {
      const outcome = await store.acquire(['a', 'once'], async () => done);
      if (outcome.kind === 'held') {
        await new Promise((resolve) => setTimeout(resolve, 200));
        done = true;
        await outcome.lease.keep();
      }
      return outcome.kind;
    }),
  );
  expect(outcomes.filter((kind) => kind === 'held')).toHaveLength(1);
  expect(outcomes.filter((kind) => kind === 'done')).toHaveLength(4);
});

test('a released lease (a failed turn) lets the waiting delivery in at once', async () => {
  const store = leases(5_000);
  const first = await store.acquire(['a', 'failed'], notDone);
  expect(first.kind).toBe('held');
  const waiting = store.acquire(['a', 'failed'], notDone);
  await new Promise((resolve) => setTimeout(resolve, 100));
  const released = Date.now();
  await (first as { lease: TurnLease }).lease.release();
  const second = await waiting;
  expect(second.kind).toBe('held');
  expect(Date.now() - released).toBeLessThan(2_000);
  await (second as { lease: TurnLease }).lease.release();
});

test('a live holder renews its lease past the ttl: the other delivery gives up as busy', async () => {
  const store = leases(300, 1_200);
  const holder = await store.acquire(['a', 'long'], notDone);
  expect(holder.kind).toBe('held');
  expect((await store.acquire(['a', 'long'], notDone)).kind).toBe('busy');
  await (holder as { lease: TurnLease }).lease.release();
});

test('a lease whose holder died (no renewal) lapses after the ttl and exactly one waiter takes it over', async () => {
  const store = leases(400, 3_000);
  await db.models.processedActivities.create({ _id: hasher.hash('a', 'dead'), at: new Date() });
  const started = Date.now();
  const outcomes = await Promise.all([1, 2, 3].map(() => store.acquire(['a', 'dead'], notDone).then((outcome) => ({ outcome, at: Date.now() }))));
  const held = outcomes.filter(({ outcome }) => outcome.kind === 'held');
  expect(held).toHaveLength(1);
  expect(held[0]!.at - started).toBeGreaterThanOrEqual(350);
  for (const { outcome } of outcomes) if (outcome.kind === 'held') await outcome.lease.release();
});
