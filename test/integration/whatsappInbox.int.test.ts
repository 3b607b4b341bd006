// Inbound kept before it is acknowledged (issue 11 item 2), with real
// processes: the hotline runs as `node index.ts` with WHATSAPP_MODE=cloud on the
// test database, Meta's signed webhooks are posted to it, and the replies are
// caught by the Graph API stand-in. (a) a message acknowledged and the hotline
// SIGKILLed before its turn ran: after the restart it is answered, once; (d) two
// hotline processes on one database, every message delivered to both at the
// same instant: each is processed once.
import { randomInt } from 'node:crypto';
import { signWebhookBody } from '../../channels/whatsapp-cloud/webhookSignature';
import { inboxMessageModel, outboxMessageModel, type QueuedMessageModel } from '../../models';
import { GraphStandIn, readable } from '../channels/whatsapp-cloud/graphStandIn';
import { inbound, PHONE_NUMBER_ID, samples, type MetaMessage } from '../channels/whatsapp-cloud/metaPayloads';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { startHotlineProcess, type HotlineProcess } from '../helpers/hotlineProcess';
import { testHasher } from '../helpers/keys';
import { until as untilHolds } from '../helpers/until';

/** Real processes start slowly: a minute for each condition. */
const until = (condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000) => untilHolds(condition, what, timeoutMs);

jest.setTimeout(180_000);

const APP_SECRET = 'test-app-secret-0123456789abcdef';
const hasher = testHasher();
let db: TestDatabase;
let graph: GraphStandIn;
let env: Record<string, string>;
let inbox: QueuedMessageModel;
let outbox: QueuedMessageModel;
const running: HotlineProcess[] = [];

beforeAll(async () => {
  db = await openTestDatabase('wainbox');
  inbox = inboxMessageModel(db.connection);
  outbox = outboxMessageModel(db.connection);
  graph = new GraphStandIn();
  env = {
    WHATSAPP_MODE: 'cloud',
    WHATSAPP_APP_SECRET: APP_SECRET,
    WHATSAPP_VERIFY_TOKEN: 'test-verify-token-0123456789',
    WHATSAPP_ACCESS_TOKEN: 'EAAtest0123456789abcdefghij',
    WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
    WHATSAPP_GRAPH_URL: await graph.start(),
    WHATSAPP_SEND_PER_SECOND: '1000',
  };
});
afterEach(async () => {
  for (const hotline of running.splice(0)) await hotline.kill();
});
afterAll(async () => {
  await graph.stop();
  await db.close();
});

async function start(): Promise<HotlineProcess> {
  const hotline = await startHotlineProcess(db.name, env);
  running.push(hotline);
  return hotline;
}

async function post(hotline: HotlineProcess, message: MetaMessage): Promise<number> {
  const raw = JSON.stringify(inbound(message));
  const response = await fetch(`${hotline.url}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhookBody(raw, APP_SECRET) }, body: raw });
  await response.arrayBuffer();
  return response.status;
}

const newWaId = (): string => `9733${randomInt(1_000_000, 9_999_999)}`;
const chatOf = (waId: string): string => hasher.hash('whatsapp', waId);
const inboxKey = (message: MetaMessage): string => hasher.hash('inbox', 'whatsapp-cloud', message.id);
const texts = (waId: string): string[] => graph.messagesTo(waId).map(readable);

/** Nothing of the chat is left to do: every inbound message done, every reply sent (or failed for good). */
async function settled(waId: string, inboundCount: number): Promise<boolean> {
  const chat = chatOf(waId);
  return (await inbox.countDocuments({ chat, state: 'done' })) === inboundCount && (await outbox.countDocuments({ chat, state: 'pending' })) === 0 && (await outbox.countDocuments({ chat })) > 0;
}

test('(a) a message acknowledged, the hotline SIGKILLed before its turn ran, restarted: the message is answered, once', async () => {
  let hotline = await start();
  const waId = newWaId();
  // The reply to "hello" is under way (the Graph API holds it) when the worker writes again.
  graph.hold();
  expect(await post(hotline, samples.text('hello', waId))).toBe(200);
  await until(() => graph.held.some((request) => request.body.to === waId), 'the reply to "hello" to be under way');
  const second = samples.text('1', waId);
  expect(await post(hotline, second)).toBe(200);
  // Acknowledged: kept in the inbox, and its turn not run (the chat's turns wait for its earlier replies).
  expect(await inbox.findById(inboxKey(second)).lean()).toMatchObject({ state: 'pending', attempts: 0, chat: chatOf(waId) });
  await hotline.kill();
  expect(await inbox.findById(inboxKey(second)).lean()).toMatchObject({ state: 'pending', attempts: 0 });
  expect(texts(waId)).toEqual([]);

  graph.release();
  hotline = await start();
  await until(() => settled(waId, 2), 'both messages done and every reply sent');
  const received = texts(waId);
  // The language question first (its send cut off by the kill, sent again once), then the menu the "1" chose.
  expect(received[0]).toMatch(/English/);
  expect(received.filter((text) => /What do you need/.test(text))).toHaveLength(1);
  expect(received.findIndex((text) => /What do you need/.test(text))).toBeGreaterThan(0);
  expect(new Set(received).size).toBe(received.length);
  // Each recorded reply was accepted by the Graph API exactly once.
  expect(received).toHaveLength(await outbox.countDocuments({ chat: chatOf(waId), state: 'done' }));
  expect(await inbox.findById(inboxKey(second)).lean()).toMatchObject({ state: 'done', attempts: 1, payload: '' });
});

test('(d) two hotline processes on one database share an inbox: each message, delivered to both at the same instant, is processed once', async () => {
  // One after the other: creating indexes is not safe against a second process doing the same (docs/database.md).
  const first = await start();
  const second = await start();
  const workers = Array.from({ length: 4 }, newWaId);
  await Promise.all(
    workers.map(async (waId) => {
      for (const [step, [text, expected]] of ([['hello', /English/], ['1', /What do you need/], ['2', /Which topic/]] as const).entries()) {
        const message = samples.text(text, waId);
        // Meta may deliver to any process behind the proxy, and again: here to both at once.
        expect(await Promise.all([post(first, message), post(second, message)])).toEqual([200, 200]);
        await until(async () => (await settled(waId, step + 1)) && texts(waId).some((reply) => expected.test(reply)), `the answer to "${text}"`);
      }
    }),
  );
  for (const waId of workers) {
    const received = texts(waId);
    expect(received[0]).toMatch(/English/);
    for (const pattern of [/What do you need/, /Which topic/]) expect(received.filter((text) => pattern.test(text))).toHaveLength(1);
    expect(new Set(received).size).toBe(received.length);
    const chat = chatOf(waId);
    // One inbox message per wamid, each claimed once; every reply sent once.
    expect(await inbox.find({ chat }, { state: 1, attempts: 1 }).lean()).toEqual(Array.from({ length: 3 }, () => expect.objectContaining({ state: 'done', attempts: 1 })));
    expect(received).toHaveLength(await outbox.countDocuments({ chat, state: 'done' }));
  }
});
