// The durable per-chat queue on the real database: a key kept once, a chat's
// messages in order one at a time, one handler of each message among several
// queues (processes) on one collection, what a killed process held taken up
// when its lease lapses, retries with backoff, and failures for good reported.
import { randomUUID } from 'node:crypto';
import { Logger } from '../../kernel/logger';
import { inboxMessageModel } from '../../models';
import { MessageQueue, PermanentFailure, type MessageQueueOptions, type PermanentFailureReport, type QueuedMessage } from '../../services/messageQueue';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { testCipher } from '../helpers/keys';
import { until } from '../helpers/until';

let db: TestDatabase;
const queues: Array<MessageQueue<Payload>> = [];
beforeAll(async () => {
  db = await openTestDatabase('queue');
  await inboxMessageModel(db.connection).createIndexes();
});
afterEach(async () => {
  for (const queue of queues.splice(0)) await queue.stop();
});
afterAll(async () => {
  await db.close();
});

interface Payload {
  text: string;
}

function queue(source: string, options: Partial<MessageQueueOptions> = {}): MessageQueue<Payload> {
  const created = new MessageQueue<Payload>(inboxMessageModel(db.connection), { source, cipher: testCipher(), logger: new Logger('silent'), name: 'test', pollMs: 50, baseDelayMs: 20, maxDelayMs: 80, ...options });
  queues.push(created);
  return created;
}

test('a key is kept once; the payload only encrypted', async () => {
  const source = randomUUID();
  const q = queue(source);
  expect(await q.add('key-1', 'chat', { text: 'my passport was taken' })).toBe(true);
  expect(await Promise.all([q.add('key-1', 'chat', { text: 'again' }), q.add('key-1', 'chat', { text: 'again' })])).toEqual([false, false]);
  const stored = await q.model.find({ source }).lean();
  expect(stored).toHaveLength(1);
  expect(JSON.stringify(stored)).not.toContain('passport');
  expect(JSON.parse(testCipher().decrypt(stored[0]!.payload))).toEqual({ text: 'my passport was taken' });
  expect(await q.has('key-1')).toBe(true);
  expect(await q.has('key-2')).toBe(false);
});

test('three queues (three processes) on one collection: each message handled once, each chat in order and one at a time', async () => {
  const source = randomUUID();
  const handled: Array<{ queue: number; chat: string; text: string }> = [];
  const running = new Set<string>();
  let overlaps = 0;
  const handlers = [0, 1, 2].map((index) => async ({ chat, payload }: QueuedMessage<Payload>) => {
    if (running.has(chat)) overlaps++;
    running.add(chat);
    await new Promise((resolve) => setTimeout(resolve, 5));
    handled.push({ queue: index, chat, text: payload.text });
    running.delete(chat);
  });
  const all = handlers.map(() => queue(source));
  // Written first, handled after: all three start on the same backlog, as after a restart.
  for (const chat of ['a', 'b', 'c', 'd']) for (let i = 0; i < 5; i++) await all[i % 3]!.add(`${chat}-${i}`, chat, { text: `${chat}${i}` });
  all.forEach((q, index) => q.start(handlers[index]!));
  await until(async () => (await all[0]!.model.countDocuments({ source, state: 'done' })) === 20, 'every message done');
  expect(handled).toHaveLength(20);
  expect(new Set(handled.map((entry) => entry.text)).size).toBe(20);
  expect(overlaps).toBe(0);
  for (const chat of ['a', 'b', 'c', 'd']) expect(handled.filter((entry) => entry.chat === chat).map((entry) => entry.text)).toEqual([0, 1, 2, 3, 4].map((i) => `${chat}${i}`));
  expect(await all[0]!.model.countDocuments({ source, attempts: 1 })).toBe(20);
});

test('a message claimed by a process that was killed is taken up when its lease lapses, by another process', async () => {
  const source = randomUUID();
  const killed = queue(source, { leaseMs: 300 });
  await killed.add('left', 'chat', { text: 'left behind' });
  // What a process killed while handling it leaves: its claim, last renewed now, never again.
  await killed.model.updateOne({ _id: 'left' }, { $set: { owner: 'killed-process', availableAt: new Date(Date.now() + 300) }, $inc: { attempts: 1 } });

  const handled: string[] = [];
  const next = queue(source, { leaseMs: 300 });
  const started = Date.now();
  next.start(async ({ payload }) => {
    handled.push(payload.text);
  });
  await until(() => handled.length === 1, 'the takeover');
  expect(Date.now() - started).toBeGreaterThanOrEqual(200);
  expect(handled).toEqual(['left behind']);
  expect(await next.model.findById('left').lean()).toMatchObject({ state: 'done', attempts: 2, payload: '' });
});

test('a failure is retried with growing backoff, the chat waits for it; after maxAttempts it fails for good, is reported, and the chat goes on', async () => {
  const source = randomUUID();
  const reports: PermanentFailureReport[] = [];
  const tries: Array<{ text: string; at: number }> = [];
  const q = queue(source, { maxAttempts: 3, baseDelayMs: 40, maxDelayMs: 400, random: () => 0.999, onPermanentFailure: (report) => reports.push(report) });
  await q.add('bad', 'chat', { text: 'bad' }, 1);
  await q.add('good', 'chat', { text: 'good' }, 2);
  q.start(async ({ payload }) => {
    tries.push({ text: payload.text, at: Date.now() });
    if (payload.text === 'bad') throw Object.assign(new Error('refused'), { code: 503 });
  });
  await until(() => tries.some((entry) => entry.text === 'good'), 'the next message');
  expect(tries.map((entry) => entry.text)).toEqual(['bad', 'bad', 'bad', 'good']);
  // About 40 ms, then 80 ms (doubling, half of it jitter).
  expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(35);
  expect(tries[2]!.at - tries[1]!.at).toBeGreaterThanOrEqual(75);
  expect(reports).toEqual([{ source, attempts: 3, error: 'Error:503' }]);
  expect(q.permanentFailures).toBe(1);
  expect(await q.model.findById('bad').lean()).toMatchObject({ state: 'failed', attempts: 3, error: 'Error:503' });
});

test('a PermanentFailure is not tried again', async () => {
  const source = randomUUID();
  const q = queue(source);
  await q.add('refused', 'chat', { text: 'x' });
  let tries = 0;
  q.start(async () => {
    tries++;
    throw new PermanentFailure('not a WhatsApp user', 131026);
  });
  await until(async () => (await q.model.findById('refused').lean())?.state === 'failed', 'the failure');
  expect(tries).toBe(1);
  expect(await q.model.findById('refused').lean()).toMatchObject({ error: 'PermanentFailure:131026', attempts: 1 });
});

test('erasure and the purge', async () => {
  const source = randomUUID();
  const q = queue(source);
  await q.add('one', 'worker', { text: 'x' });
  await q.add('two', 'worker', { text: 'y' });
  await q.add('three', 'other', { text: 'z' });
  q.start(async () => undefined);
  await until(async () => (await q.model.countDocuments({ source, state: 'done' })) === 3, 'all done');
  expect(await q.eraseChat('worker')).toBe(2);
  expect(await q.purge(new Date(Date.now() - 60_000))).toBe(0);
  expect(await q.purge(new Date(Date.now() + 1_000))).toBe(1);
  expect(await q.model.countDocuments({ source })).toBe(0);
});
