// Live console events between two hotline processes (two buses on one database).
import { liveEventModel } from '../../models/liveEvent';
import { LiveBus, type LiveEvent } from '../../services/liveBus';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { testCipher } from '../helpers/keys';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase('live');
});
afterAll(async () => db.close());

test('an event published in one process reaches the other once, and its own listeners at once; stored encrypted', async () => {
  const model = liveEventModel(db.connection);
  const cipher = testCipher();
  const a = new LiveBus({ model, cipher, pollMs: 50 });
  const b = new LiveBus({ model, cipher, pollMs: 50 });
  await a.start();
  await b.start();
  const seenByA: LiveEvent[] = [];
  const seenByB: LiveEvent[] = [];
  a.subscribe((event) => seenByA.push(event));
  b.subscribe((event) => seenByB.push(event));
  const message: LiveEvent = { type: 'message', escalationId: 'e1', from: 'worker', text: 'they took my passport', at: new Date().toISOString(), holder: 'u1' };
  a.publish(message);
  a.publish({ type: 'queue' });
  expect(seenByA).toEqual([message, { type: 'queue' }]); // at once, in this process
  const deadline = Date.now() + 3000;
  while (seenByB.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  await new Promise((r) => setTimeout(r, 200));
  expect(seenByB).toEqual([message, { type: 'queue' }]); // once each, in order, in the other process
  expect(seenByA).toHaveLength(2); // its own events do not come back
  expect(JSON.stringify(await model.find().lean())).not.toContain('passport');
  await a.stop();
  await b.stop();
});
