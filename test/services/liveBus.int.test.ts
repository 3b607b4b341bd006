// Live console events between two hotline processes: two buses, each on its own
// connection to one database (this engine is a standalone server: the polling path).
import type { Connection } from 'mongoose';
import { connectDatabase } from '../../app/database';
import { counterModel } from '../../models/counter';
import { liveEventModel } from '../../models/liveEvent';
import { LiveBus, type LiveEvent } from '../../services/liveBus';
import { openTestDatabase, testDatabaseUri, type TestDatabase } from '../helpers/database';
import { testCipher } from '../helpers/keys';

let db: TestDatabase;
let other: Connection;
beforeAll(async () => {
  db = await openTestDatabase('live');
  other = await connectDatabase(testDatabaseUri(), db.name);
});
afterAll(async () => {
  await other.close();
  await db.close();
});

const busOn = (connection: Connection) => new LiveBus({ model: liveEventModel(connection), counters: counterModel(connection), cipher: testCipher(), pollMs: 50 });

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
}

test('an event published in one process reaches the other once, and its own listeners at once; stored encrypted', async () => {
  const a = busOn(db.connection);
  const b = busOn(other);
  await a.start();
  await b.start();
  expect([a.mode, b.mode]).toEqual(['poll', 'poll']);
  const seenByA: LiveEvent[] = [];
  const seenByB: LiveEvent[] = [];
  a.subscribe((event) => seenByA.push(event));
  b.subscribe((event) => seenByB.push(event));
  const message: LiveEvent = { type: 'message', handoffId: 'e1', from: 'worker', text: 'they took my passport', at: new Date().toISOString(), holder: 'u1' };
  a.publish(message);
  a.publish({ type: 'queue' });
  expect(seenByA).toEqual([message, { type: 'queue' }]); // at once, in this process
  await until(() => seenByB.length >= 2);
  // A further event from B reaching A shows A has read past both of its own, which did not come back.
  b.publish({ type: 'claimed', handoffId: 'e1', byName: 'Asha' });
  await until(() => seenByA.length >= 3);
  expect(seenByB).toEqual([message, { type: 'queue' }, { type: 'claimed', handoffId: 'e1', byName: 'Asha' }]); // once each, in order
  expect(seenByA).toEqual([message, { type: 'queue' }, { type: 'claimed', handoffId: 'e1', byName: 'Asha' }]);
  expect(JSON.stringify(await liveEventModel(db.connection).find().lean())).not.toContain('passport');
  await a.stop();
  await b.stop();
});

test('an event stored before one numbered lower (two processes drawing numbers at once) is read, and so is the lower one after it', async () => {
  const bus = busOn(other);
  await bus.start();
  const seen: LiveEvent[] = [];
  bus.subscribe((event) => seen.push(event));
  const model = liveEventModel(db.connection);
  const counters = counterModel(db.connection);
  const cipher = testCipher();
  const store = async (seq: number, event: LiveEvent) => model.create({ seq, origin: 'elsewhere', at: new Date(), data: cipher.encrypt(JSON.stringify(event)) });
  // Two numbers drawn; the second is stored first.
  const low = (await counters.findOneAndUpdate({ _id: 'liveEvents' }, { $inc: { seq: 2 } }, { upsert: true, returnDocument: 'after', lean: true }))!.seq - 1;
  await store(low + 1, { type: 'claimed', handoffId: 'e2', byName: 'second' });
  await until(() => seen.length >= 1);
  await store(low, { type: 'claimed', handoffId: 'e2', byName: 'first' });
  await until(() => seen.length >= 2);
  expect(seen).toEqual([
    { type: 'claimed', handoffId: 'e2', byName: 'second' },
    { type: 'claimed', handoffId: 'e2', byName: 'first' },
  ]);
  await bus.stop();
});

test('the change-stream path (what a replica set gets) carries an event from one connection to the other, and not back', async () => {
  // Chosen by hand: this engine is standalone, and an idle stream on it busy-polls, so it stays open only for this test.
  const on = (connection: Connection) => new LiveBus({ model: liveEventModel(connection), counters: counterModel(connection), cipher: testCipher(), mode: 'changeStream' });
  const a = on(db.connection);
  const b = on(other);
  await a.start();
  await b.start();
  const seenByA: LiveEvent[] = [];
  const seenByB: LiveEvent[] = [];
  a.subscribe((event) => seenByA.push(event));
  b.subscribe((event) => seenByB.push(event));
  // A stream opens asynchronously: each publishes a ping until the other hears one; then both streams are open.
  const heardFrom = (events: LiveEvent[], who: string) => events.some((event) => event.type === 'claimed' && event.handoffId === 'ping' && event.byName === who);
  await until(() => {
    if (!heardFrom(seenByB, 'a')) a.publish({ type: 'claimed', handoffId: 'ping', byName: 'a' });
    if (!heardFrom(seenByA, 'b')) b.publish({ type: 'claimed', handoffId: 'ping', byName: 'b' });
    return heardFrom(seenByB, 'a') && heardFrom(seenByA, 'b');
  });
  a.publish({ type: 'claimed', handoffId: 'e3', byName: 'Bo' });
  b.publish({ type: 'claimed', handoffId: 'e3', byName: 'back' });
  // Each hears its own event at once and the other's through the stream: each exactly once.
  const names = (events: LiveEvent[]) => events.flatMap((event) => (event.type === 'claimed' && event.handoffId === 'e3' ? [event.byName] : [])).sort();
  await until(() => names(seenByB).includes('Bo') && names(seenByA).includes('back'));
  expect(names(seenByB)).toEqual(['Bo', 'back']);
  expect(names(seenByA)).toEqual(['Bo', 'back']);
  expect([a.mode, b.mode]).toEqual(['changeStream', 'changeStream']);
  await a.stop();
  await b.stop();
});
