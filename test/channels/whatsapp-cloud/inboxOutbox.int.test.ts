// The Cloud channel's durable inbox and outbox on a real hotline and database:
// (b) the same webhook delivered three times at the same instant is one turn
// and one reply; (c) the Graph API failing twice, then accepting: the reply is
// retried by the outbox with backoff, delivered once, before the next one; a
// refusal for good is recorded and reported to the metric hook; a webhook whose
// messages cannot be kept is not acknowledged; a turn that failed is tried
// again, and the worker reads neither a reply nor the apology twice.
import { randomInt } from 'node:crypto';
import type { StoreItems } from 'botbuilder';
import { createI18n } from '../../../kernel/i18n';
import { Logger } from '../../../kernel/logger';
import {
  createWhatsAppCloud,
  FetchGraphClient,
  registerWhatsAppCloud,
  signWebhookBody,
  WhatsAppCloudConfigSchema,
  whatsAppCloudSettings,
  type WhatsAppCloud,
  type WhatsAppCloudWebhook,
} from '../../../channels/whatsapp-cloud';
import type { PermanentFailureReport } from '../../../services/messageQueue';
import { startHotline, type RunningHotline } from '../../helpers/hotline';
import { transcriptOf } from '../../helpers/transcript';
import { GraphStandIn, readable } from './graphStandIn';
import { envelope, inbound, PHONE_NUMBER_ID, samples, type MetaMessage } from './metaPayloads';
import { until } from '../../helpers/until';

const APP_SECRET = 'test-app-secret-0123456789abcdef';
const i18n = createI18n();
const apology = i18n.getFixedT('en')('common:error');
let app: RunningHotline;
let graph: GraphStandIn;
let cloud: WhatsAppCloud;
let webhook: WhatsAppCloudWebhook;
const failures: Array<PermanentFailureReport & { queue: string }> = [];

beforeAll(async () => {
  graph = new GraphStandIn();
  const graphUrl = await graph.start();
  app = await startHotline();
  const settings = whatsAppCloudSettings(
    WhatsAppCloudConfigSchema.parse({
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_VERIFY_TOKEN: 'test-verify-token-0123456789',
      WHATSAPP_ACCESS_TOKEN: 'EAAtest0123456789abcdefghij',
      WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
      WHATSAPP_GRAPH_URL: graphUrl,
      WHATSAPP_SEND_PER_SECOND: '1000',
    }),
  )!;
  // One try per call: every retry here is the outbox's own, with its (shortened) backoff.
  const graphClient = new FetchGraphClient({ ...settings, maxAttempts: 1 });
  cloud = await createWhatsAppCloud({
    settings,
    connection: app.hotline.models.cases.db,
    cipher: app.hotline.cipher,
    hasher: app.hotline.hasher,
    i18n,
    logger: new Logger('silent'),
    graph: graphClient,
    queueTiming: { baseDelayMs: 100, maxDelayMs: 400, pollMs: 200 },
    onPermanentFailure: (report) => failures.push(report),
  });
  cloud.adapter.onTurnError = async (context) => {
    await context.sendActivity(apology);
  };
  webhook = registerWhatsAppCloud(app.hotline.server, {
    adapter: cloud.adapter,
    logic: (context) => app.hotline.bot.run(context),
    settings,
    i18n,
    defaultLanguage: 'en',
    logger: new Logger('silent'),
  });
});

afterAll(async () => {
  await cloud.adapter.stop();
  await app.stop();
  await app.db.close();
  await graph.stop();
});

jest.setTimeout(60_000);

const newWaId = (): string => `9733${randomInt(1_000_000, 9_999_999)}`;
const chatOf = (waId: string): string => cloud.store.recipientHash(waId);
const texts = (waId: string): string[] => graph.messagesTo(waId).map(readable);

async function post(body: unknown): Promise<number> {
  const raw = JSON.stringify(body);
  const response = await fetch(`${app.url}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhookBody(raw, APP_SECRET) }, body: raw });
  await response.arrayBuffer();
  return response.status;
}

/** Every message of the chat done, no reply left pending. */
async function settled(waId: string, inboundCount: number): Promise<boolean> {
  const chat = chatOf(waId);
  return (await cloud.inbox.model.countDocuments({ chat, state: 'done' })) === inboundCount && (await cloud.outbox.model.countDocuments({ chat, state: 'pending' })) === 0;
}

test('(b) the same webhook delivered three times at the same instant: one inbox message, one turn, one reply; later again: nothing', async () => {
  const waId = newWaId();
  const body = inbound(samples.text('hello', waId));
  expect(await Promise.all([post(body), post(body), post(body)])).toEqual([200, 200, 200]);
  await webhook.idle();
  await until(() => settled(waId, 1), 'the turn');
  const replies = texts(waId);
  expect(replies.filter((text) => /Shall we continue in English/.test(text))).toHaveLength(1);
  expect(replies).toHaveLength(await cloud.outbox.model.countDocuments({ chat: chatOf(waId) }));
  expect(await cloud.inbox.model.find({ chat: chatOf(waId) }, { state: 1, attempts: 1 }).lean()).toEqual([expect.objectContaining({ state: 'done', attempts: 1 })]);
  // One line of the worker's in the transcript (still pending in the conversation state: no case yet).
  const { stored, pending } = await transcriptOf(app.hotline, chatOf(waId), 'whatsapp', waId);
  expect([...stored, ...pending].filter((line) => line.from === 'worker')).toHaveLength(1);

  expect(await post(body)).toBe(200);
  await webhook.idle();
  expect(texts(waId)).toEqual(replies);
});

test('what is kept is encrypted: no phone number and no words in the inbox or the outbox', async () => {
  const waId = newWaId();
  expect(await post(inbound(samples.text('my employer took my passport', waId)))).toBe(200);
  // Read at once (most likely still pending) and again once done (a done message keeps no payload).
  const stored = JSON.stringify([await cloud.inbox.model.find({ chat: chatOf(waId) }).lean(), await cloud.outbox.model.find({ chat: chatOf(waId) }).lean()]);
  await until(() => settled(waId, 1), 'the turn');
  const after = JSON.stringify([await cloud.inbox.model.find({ chat: chatOf(waId) }).lean(), await cloud.outbox.model.find({ chat: chatOf(waId) }).lean()]);
  for (const text of [stored, after]) {
    expect(text).not.toContain(waId);
    expect(text).not.toMatch(/passport|English/);
  }
  expect(await cloud.inbox.model.findOne({ chat: chatOf(waId) }).lean()).toMatchObject({ state: 'done', payload: '' });
});

test('(c) the Graph API fails twice (500, 429), then accepts: the reply is delivered once, and the next reply after it', async () => {
  const waId = newWaId();
  graph.failNext('http500');
  graph.failNext('http429');
  // "hello" and "1" in one delivery: the menu the "1" asks for must not overtake the language question.
  expect(await post(envelope({ messages: [samples.text('hello', waId), samples.text('1', waId)] }))).toBe(200);
  await until(() => settled(waId, 2), 'both turns and their replies');
  const mine = graph.requests.filter((request) => request.body.to === waId);
  expect(mine.slice(0, 3).map((request) => request.answered)).toEqual([500, 429, 200]);
  expect(mine[0]!.body).toEqual(mine[2]!.body);
  const replies = texts(waId);
  expect(replies[0]).toMatch(/English/);
  expect(replies.filter((text) => /Shall we continue in English/.test(text))).toHaveLength(1);
  expect(replies.filter((text) => /What do you need/.test(text))).toHaveLength(1);
  expect(replies.findIndex((text) => /What do you need/.test(text))).toBeGreaterThan(0);
  const first = await cloud.outbox.model.find({ chat: chatOf(waId) }).sort({ order: 1 }).lean();
  expect(first[0]).toMatchObject({ state: 'done', attempts: 3 });
  expect(first.slice(1).every((message) => message.state === 'done' && message.attempts === 1)).toBe(true);
});

test('a refusal for good (131026) is recorded as failed and reported to the metric hook; the next reply still goes out', async () => {
  const waId = newWaId();
  const before = failures.length;
  graph.failNext('code131026');
  expect(await post(inbound(samples.text('hello', waId)))).toBe(200);
  await until(() => settled(waId, 1), 'the turn');
  expect(failures.slice(before)).toEqual([{ queue: 'outbox', source: 'whatsapp-cloud', attempts: 1, error: 'PermanentFailure:131026' }]);
  expect(cloud.outbox.permanentFailures).toBeGreaterThanOrEqual(1);
  expect(await cloud.outbox.model.findOne({ chat: chatOf(waId), state: 'failed' }).lean()).toMatchObject({ error: 'PermanentFailure:131026', attempts: 1 });
  expect(texts(waId)).toEqual([]);
  // The chat is not blocked behind it.
  expect(await post(inbound(samples.text('1', waId)))).toBe(200);
  await until(() => settled(waId, 2), 'the next turn');
  expect(texts(waId).join('\n')).toMatch(/What do you need/);
});

test('a webhook whose messages cannot be kept is answered 503, not 200; delivered again, it is answered once', async () => {
  const waId = newWaId();
  const body = inbound(samples.text('hello', waId));
  const add = cloud.inbox.add.bind(cloud.inbox);
  cloud.inbox.add = async () => {
    throw Object.assign(new Error('injected: the database is unreachable'), { name: 'MongoServerSelectionError' });
  };
  try {
    expect(await post(body)).toBe(503);
  } finally {
    cloud.inbox.add = add;
  }
  expect(await cloud.inbox.model.countDocuments({ chat: chatOf(waId) })).toBe(0);
  expect(await post(body)).toBe(200);
  await until(() => settled(waId, 1), 'the turn');
  expect(texts(waId).filter((text) => /Shall we continue in English/.test(text))).toHaveLength(1);
});

test('a turn that failed before its state was saved is tried again from the inbox: one reply, one apology, each once', async () => {
  const waId = newWaId();
  const storage = app.hotline.storage;
  const write = storage.write.bind(storage);
  let failed = 0;
  storage.write = async (changes: StoreItems) => {
    if (failed === 0 && Object.keys(changes).some((key) => key.includes(waId))) {
      failed++;
      throw new Error('injected: the state could not be saved');
    }
    return write(changes);
  };
  try {
    expect(await post(inbound(samples.text('hello', waId) as MetaMessage))).toBe(200);
    await until(() => settled(waId, 1), 'the retried turn');
  } finally {
    storage.write = write;
  }
  expect(failed).toBe(1);
  const replies = texts(waId);
  expect(replies.filter((text) => /Shall we continue in English/.test(text))).toHaveLength(1);
  expect(replies.filter((text) => text === apology)).toHaveLength(1);
  expect(await cloud.inbox.model.findOne({ chat: chatOf(waId) }).lean()).toMatchObject({ state: 'done', attempts: 2 });
});
