// The WhatsApp Cloud channel end to end: a real hotline on the real database
// with the webhook mounted on its restify server, Meta's signed notifications
// posted over HTTP, and the replies caught by a local stand-in of the Graph API.
import { randomInt } from 'node:crypto';
import { ActivityTypes, TurnContext } from 'botbuilder';
import { trusted } from 'mongoose';
import { createI18n } from '../../../kernel/i18n';
import { Logger } from '../../../kernel/logger';
import {
  createWhatsAppCloud,
  FetchGraphClient,
  registerWhatsAppCloud,
  signWebhookBody,
  WhatsAppCloudConfigSchema,
  whatsAppCloudSettings,
  whatsAppWindowRemaining,
  WHATSAPP_LIMITS,
  type ButtonInteractive,
  type ListInteractive,
  type WhatsAppCloud,
  type WhatsAppCloudWebhook,
} from '../../../channels/whatsapp-cloud';
import { startHotline, type RunningHotline } from '../../helpers/hotline';
import { GraphStandIn, readable, type Failure, type RecordedRequest } from './graphStandIn';
import { envelope, inbound, PHONE_NUMBER_ID, samples, status, type MetaMessage } from './metaPayloads';

const APP_SECRET = 'test-app-secret-0123456789abcdef';
const VERIFY_TOKEN = 'test-verify-token-0123456789';
const ACCESS_TOKEN = 'EAAtest0123456789abcdefghij';
const HOUR = 60 * 60 * 1000;

let app: RunningHotline;
let graph: GraphStandIn;
let cloud: WhatsAppCloud;
let webhook: WhatsAppCloudWebhook;
let graphClient: FetchGraphClient;
const logs: string[] = [];
const i18n = createI18n();

beforeAll(async () => {
  graph = new GraphStandIn();
  const graphUrl = await graph.start();
  app = await startHotline();
  const settings = whatsAppCloudSettings(
    WhatsAppCloudConfigSchema.parse({
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN,
      WHATSAPP_ACCESS_TOKEN: ACCESS_TOKEN,
      WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
      WHATSAPP_GRAPH_URL: graphUrl,
      WHATSAPP_SEND_PER_SECOND: '1000',
    }),
  )!;
  const logger = new Logger('debug', (line) => logs.push(line));
  // The real fetch client against the stand-in; only the backoff sleep is shortened.
  graphClient = new FetchGraphClient({ ...settings, sleep: () => new Promise((resolve) => setImmediate(resolve)) });
  cloud = await createWhatsAppCloud({ settings, connection: app.hotline.models.cases.db, cipher: app.hotline.cipher, hasher: app.hotline.hasher, i18n, logger, graph: graphClient });
  cloud.adapter.onTurnError = async (context) => {
    await context.sendActivity(i18n.getFixedT('en')('common:error'));
  };
  webhook = registerWhatsAppCloud(app.hotline.server, {
    adapter: cloud.adapter,
    logic: (context) => app.hotline.bot.run(context),
    settings,
    i18n,
    languageOf: async (context) => (await app.hotline.bot.turnServicesFor(context)).language,
    defaultLanguage: app.hotline.profile.defaultLanguage,
    logger,
  });
});

afterAll(async () => {
  await webhook?.idle();
  await cloud?.adapter.stop();
  await app.stop();
  await app.db.close();
  await graph.stop();
});

jest.setTimeout(60_000);

const newWaId = (): string => `9733${randomInt(1_000_000, 9_999_999)}`;

/** Posts a body signed as Meta signs it (or with the given headers) and waits until it is processed. */
async function post(body: unknown, headers: Record<string, string | undefined> = {}): Promise<Response> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const all: Record<string, string | undefined> = { 'content-type': 'application/json', 'x-hub-signature-256': signWebhookBody(raw, APP_SECRET), ...headers };
  const response = await fetch(`${app.url}/webhooks/whatsapp`, {
    method: 'POST',
    headers: Object.fromEntries(Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== undefined)),
    body: raw,
  });
  await webhook.idle();
  return response;
}

/** A worker on WhatsApp: each message is a signed webhook; the answer is what the Graph API was asked to send them. */
class Worker {
  readonly waId = newWaId();

  /** Sends text or a message built by `samples`; resolves with what the worker receives, joined. */
  async say(message: string | ((from: string) => MetaMessage)): Promise<string> {
    return (await this.send(typeof message === 'string' ? samples.text(message, this.waId) : message(this.waId))).map(readable).join('\n---\n');
  }

  async send(message: MetaMessage): Promise<RecordedRequest[]> {
    const before = graph.messagesTo(this.waId).length;
    const response = await post(inbound(message));
    expect(response.status).toBe(200);
    return graph.messagesTo(this.waId).slice(before);
  }

  received(): RecordedRequest[] {
    return graph.messagesTo(this.waId);
  }

  get hash(): string {
    return cloud.store.recipientHash(this.waId);
  }

  /** A case worker's message through the stored conversation reference. */
  async caseWorkerSays(text: string): Promise<RecordedRequest[]> {
    const before = graph.messagesTo(this.waId).length;
    await cloud.adapter.continueConversation(
      { channelId: 'whatsapp', serviceUrl: 'urn:hotline:whatsapp-cloud', conversation: { id: this.waId } as never, user: { id: this.waId, name: '' }, bot: { id: PHONE_NUMBER_ID, name: 'hotline' } },
      async (context) => {
        await context.sendActivity(text);
      },
    );
    return graph.messagesTo(this.waId).slice(before);
  }
}

const counts = async () => ({
  statuses: await cloud.store.models.statuses.countDocuments(),
  windows: await cloud.store.models.windows.countDocuments(),
  processed: await app.hotline.models.processedActivities.countDocuments(),
  transcripts: await app.hotline.models.transcripts.countDocuments(),
  graph: graph.requests.length,
});

test('a full report: hello → language → menu → report → case number, as Graph requests in order; the case is stored with channel whatsapp', async () => {
  const worker = new Worker();
  expect(await worker.say('hello')).toMatch(/English/);
  // Taps on the list and buttons send back the option number we gave as the row/button id.
  expect(await worker.say((from) => samples.listReply('1', '1. Yes, English', undefined, from))).toMatch(/What do you need/);
  expect(await worker.say((from) => samples.listReply('1', '1. Report a problem…', '1. Report a problem with my work or employer', from))).toMatch(/encrypted/);
  for (const answer of ['1', '1 2', '1', '2', 'They keep my passport', 'Muharraq', '3', 'skip', '1', '1', 'after 9 pm', 'skip', 'skip']) await worker.say(answer);
  expect(await worker.say('1')).toMatch(/Shall we send it/);
  const saved = await worker.say((from) => samples.listReply('1', '1. Yes, send my report', undefined, from));
  const caseNumber = /BH-\d{4}-\d{6}/.exec(saved)?.[0];
  expect(caseNumber).toBeDefined();

  // Every reply went to this worker, from our number, with the token, in the order the bot said it.
  const sent = worker.received();
  const texts = sent.map(readable);
  const at = (pattern: RegExp) => texts.findIndex((text) => pattern.test(text));
  expect(at(/English/)).toBeLessThan(at(/What do you need/));
  expect(at(/What do you need/)).toBeLessThan(at(/encrypted/));
  expect(at(/encrypted/)).toBeLessThan(at(/Shall we send it/));
  expect(at(/Shall we send it/)).toBeLessThan(at(/BH-\d{4}-\d{6}/));
  for (const request of sent) {
    expect(request).toMatchObject({ method: 'POST', path: `/v21.0/${PHONE_NUMBER_ID}/messages`, authorization: `Bearer ${ACCESS_TOKEN}`, contentType: 'application/json' });
    expect(request.body).toMatchObject({ messaging_product: 'whatsapp', recipient_type: 'individual', to: worker.waId });
  }
  // The numbered questions went out as interactive messages within WhatsApp's limits.
  const interactive = sent.filter((request) => request.body.type === 'interactive').map((request) => (request.body as { interactive: ButtonInteractive | ListInteractive }).interactive);
  expect(interactive.length).toBeGreaterThan(3);
  for (const message of interactive) {
    // A tap answers: no "Reply with a number." inside buttons or lists (numbered text keeps it).
    expect(message.body.text).not.toContain('Reply with a number');
    if (message.type === 'button') {
      expect(message.body.text.length).toBeLessThanOrEqual(WHATSAPP_LIMITS.buttonBody);
      expect(message.action.buttons.length).toBeLessThanOrEqual(WHATSAPP_LIMITS.buttons);
      for (const button of message.action.buttons) expect(button.reply.title.length).toBeLessThanOrEqual(WHATSAPP_LIMITS.buttonTitle);
    } else {
      expect(message.body.text.length).toBeLessThanOrEqual(WHATSAPP_LIMITS.listBody);
      expect(message.action.button.length).toBeLessThanOrEqual(WHATSAPP_LIMITS.listButton);
      const rows = message.action.sections.flatMap((section) => section.rows);
      expect(rows.length).toBeLessThanOrEqual(WHATSAPP_LIMITS.rows);
      for (const row of rows) {
        expect(row.title.length).toBeLessThanOrEqual(WHATSAPP_LIMITS.rowTitle);
        expect((row.description ?? '').length).toBeLessThanOrEqual(WHATSAPP_LIMITS.rowDescription);
      }
    }
    // The numbered lines the options replace are not repeated in the body.
    expect(message.body.text).not.toMatch(/^\u200f?1\. /m);
  }

  const workerCase = await app.db.models.cases.findOne({ caseNumber }).lean();
  expect(workerCase).toMatchObject({ channel: 'whatsapp', indicators: expect.arrayContaining(['retentionOfIdentityDocuments', 'withholdingOfWages']) });
  const handoff = await app.db.models.handoffs.findOne({ caseNumber }).lean();
  const reference = JSON.parse(app.hotline.cipher.decrypt(handoff!.conversationRef!)) as { channelId: string; conversation: { id: string }; serviceUrl: string };
  expect(reference).toMatchObject({ channelId: 'whatsapp', conversation: { id: worker.waId }, serviceUrl: 'urn:hotline:whatsapp-cloud' });

  // A case worker answers later through that reference, inside the 24-hour window: the words go out.
  const reply = await worker.caseWorkerSays('Hello, I am a case worker. Are you safe to talk?');
  expect(reply.map(readable)).toEqual(['Hello, I am a case worker. Are you safe to talk?']);

  // The channel's own records hold no phone number.
  const stored = JSON.stringify([await cloud.store.models.statuses.find().lean(), await cloud.store.models.windows.find().lean()]);
  expect(stored).not.toContain(worker.waId);
  expect(await whatsAppWindowRemaining(cloud.store.models.windows, worker.hash)).toBeGreaterThan(23 * HOUR);
});

test('a replayed webhook (same wamid) takes no second effect', async () => {
  const worker = new Worker();
  const payload = inbound(samples.text('hello', worker.waId));
  expect((await post(payload)).status).toBe(200);
  const first = await counts();
  expect(worker.received()).toHaveLength(1);
  expect((await post(payload)).status).toBe(200);
  expect(await counts()).toEqual(first);
  expect(worker.received()).toHaveLength(1);
});

describe('signatures', () => {
  const body = () => JSON.stringify(inbound(samples.text('hello', newWaId())));

  test.each<[string, number, string, (raw: string) => Record<string, string | undefined>]>([
    ['no X-Hub-Signature-256', 401, 'MissingSignature', () => ({ 'x-hub-signature-256': undefined })],
    ['a signature with another secret', 403, 'BadSignature', (raw) => ({ 'x-hub-signature-256': signWebhookBody(raw, 'another-secret-0123456789abcdef') })],
    ['a signature of other bytes (the same JSON re-serialised)', 403, 'BadSignature', (raw) => ({ 'x-hub-signature-256': signWebhookBody(JSON.stringify(JSON.parse(raw), null, 2), APP_SECRET) })],
    ['a malformed header', 403, 'BadSignature', () => ({ 'x-hub-signature-256': 'sha256=nothex' })],
  ])('%s → %i %s, nothing processed or stored', async (_name, expected, code, headers) => {
    const before = await counts();
    const raw = body();
    const response = await post(raw, headers(raw));
    expect(response.status).toBe(expected);
    expect(((await response.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code, message: expect.stringMatching(/X-Hub-Signature-256/) });
    expect(await counts()).toEqual(before);
  });

  test('the signature is checked over the exact bytes: pretty-printed, with literal and \\u-escaped Arabic', async () => {
    const worker = new Worker();
    const pretty = JSON.stringify(inbound(samples.text('مرحبا', worker.waId)), null, 2);
    const response = await post(pretty);
    expect(response.status).toBe(200);
    expect(worker.received()).toHaveLength(1);
    expect(readable(worker.received()[0]!)).toMatch(/العربية|عربي/);

    const escaped = JSON.stringify(inbound(samples.text('مرحبا', newWaId()))).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    expect(escaped).not.toMatch(/[\u0080-\uffff]/);
    expect((await post(escaped)).status).toBe(200);
  });
});

describe('one odd message costs nothing else of its batch', () => {
  test('an SOS beside a message without its text and a username-only message: 200, the SOS and the username worker are answered', async () => {
    const sosFrom = newWaId();
    const userId = `BH.${randomInt(100_000_000, 999_999_999)}${randomInt(100_000_000, 999_999_999)}`;
    const { from: _from, ...hello } = samples.text('hello', sosFrom) as MetaMessage & { from: string };
    const body = envelope({
      messages: [
        { from: newWaId(), id: 'wamid.odd', timestamp: '1739321024', type: 'text' } as unknown as MetaMessage,
        samples.text('SOS', sosFrom),
        { ...hello, from_user_id: userId } as unknown as MetaMessage,
      ],
    });
    const response = await post(body);
    expect(response.status).toBe(200);
    expect(graph.messagesTo(sosFrom).map(readable).join('\n')).toMatch(/999/);
    // The username worker is addressed by their user id, never by a number Meta withheld.
    expect(graph.requests.filter((request) => (request.body as { recipient?: string }).recipient === userId).length).toBeGreaterThan(0);
    expect(logs.some((line) => line.includes('whatsappCloud.webhook.itemsSkipped'))).toBe(true);
  });
});

describe('bad bodies', () => {
  test.each<[string, number, string, string, Record<string, string>]>([
    ['malformed JSON', 400, 'MalformedJson', '{"object":"whatsapp_business_account","entry":[', {}],
    ['not a WhatsApp notification', 400, 'BadPayload', JSON.stringify({ object: 'page', entry: [] }), {}],
    ['not JSON', 415, 'UnsupportedMediaType', 'hello', { 'content-type': 'text/plain' }],
  ])('%s (signed) → %i %s with a clear message, nothing stored', async (_name, expected, code, raw, headers) => {
    const before = await counts();
    const response = await post(raw, headers);
    expect(response.status).toBe(expected);
    const error = ((await response.json()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(15);
    expect(await counts()).toEqual(before);
  });

  test('gzip, deflate or any Content-Encoding → 415 before the signature or the body is read; the server stays up', async () => {
    for (const encoding of ['gzip', 'deflate', 'br']) {
      const response = await post('\x01', { 'content-encoding': encoding });
      expect(response.status).toBe(415);
    }
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  test('unsigned malformed JSON is refused for its signature first (401), never parsed', async () => {
    const response = await post('{"broken', { 'x-hub-signature-256': undefined });
    expect(response.status).toBe(401);
  });

  test('a body over the size bound → 413', async () => {
    const huge = JSON.stringify(inbound(samples.text('x'.repeat(1_100_000), newWaId())));
    const response = await post(huge);
    expect(response.status).toBe(413);
  });

  test('the BadPayload message names the problem', async () => {
    const response = await post(JSON.stringify({ object: 'page', entry: [] }));
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/object/);
  });
});

describe('GET verification', () => {
  const verify = (query: string) => fetch(`${app.url}/webhooks/whatsapp?${query}`);

  test('subscribe with the right token: the challenge back as text/plain', async () => {
    const response = await verify(`hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe('1158201444');
  });

  test.each([
    ['a wrong token', `hub.mode=subscribe&hub.verify_token=wrong-token-0123456789&hub.challenge=1158201444`],
    ['a token that is a prefix of the right one', `hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN.slice(0, -1)}&hub.challenge=1158201444`],
    ['another mode', `hub.mode=unsubscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`],
    ['no challenge', `hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}`],
    ['nothing', ''],
  ])('%s → 403', async (_name, query) => {
    const response = await verify(query);
    expect(response.status).toBe(403);
  });
});

describe('message types', () => {
  test('an unsupported message gets the polite reply, once, in the worker\'s language', async () => {
    const worker = new Worker();
    const message = samples.unsupported(worker.waId);
    const replies = await worker.send(message);
    expect(replies.map(readable)).toEqual([i18n.getFixedT('en')('whatsapp:unsupported')]);
    expect((await post(inbound(message))).status).toBe(200);
    expect(worker.received()).toHaveLength(1);

    const arabic = new Worker();
    await arabic.say('مرحبا');
    const polite = await arabic.send(samples.unsupported(arabic.waId));
    expect(polite.map(readable)).toEqual([`\u200f${i18n.getFixedT('ar')('whatsapp:unsupported')}`]);
  });

  test('a system message gets the polite reply; a reaction gets nothing', async () => {
    const worker = new Worker();
    await worker.say('hello');
    expect((await worker.send(samples.system(worker.waId))).map(readable)).toEqual([i18n.getFixedT('en')('whatsapp:unsupported')]);
    expect(await worker.send(samples.reaction(worker.received()[0]!.body.to as string, '👍', worker.waId))).toEqual([]);
  });

  test('a voice note is a turn with a readable stand-in; the media is not downloaded', async () => {
    const worker = new Worker();
    const before = graph.requests.length;
    expect(await worker.say((from) => samples.audio(from))).toMatch(/English/);
    expect(graph.requests.slice(before).every((request) => request.method === 'POST' && request.path.endsWith('/messages'))).toBe(true);
  });

  test('a typing activity marks the worker\'s message read with the typing indicator', async () => {
    const worker = new Worker();
    const message = samples.text('hello', worker.waId);
    const context = new TurnContext(cloud.adapter, { type: ActivityTypes.Message, channelId: 'whatsapp', id: message.id, from: { id: worker.waId, name: '' }, conversation: { id: worker.waId } as never });
    await context.sendActivity({ type: ActivityTypes.Typing });
    const read = graph.requests.find((request) => request.body.message_id === message.id);
    expect(read?.body).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: message.id, typing_indicator: { type: 'text' } });
  });
});

test('delivery statuses are recorded once each, the recipient only as a keyed hash', async () => {
  const worker = new Worker();
  const [first] = await worker.send(samples.text('hello', worker.waId));
  const wamid = first!.messageId!;
  const statuses = envelope({ statuses: [status(wamid, 'sent', worker.waId), status(wamid, 'delivered', worker.waId), status(wamid, 'read', worker.waId), status('wamid.failed.one', 'failed', worker.waId)] });
  expect((await post(statuses)).status).toBe(200);
  expect((await post(statuses)).status).toBe(200);
  const recorded = await cloud.store.models.statuses.find({ recipientHash: worker.hash, status: trusted({ $ne: 'received' }) }).sort({ status: 1 }).lean();
  expect(recorded.map((doc) => [doc.messageId, doc.status, doc.errorCode ?? null])).toEqual([
    [wamid, 'delivered', null],
    ['wamid.failed.one', 'failed', 131047],
    [wamid, 'read', null],
    [wamid, 'sent', null],
  ]);
  expect(recorded.every((doc) => doc.recipientHash === app.hotline.hasher.hash('whatsapp', worker.waId))).toBe(true);
  expect(JSON.stringify(recorded)).not.toContain(worker.waId);
});

describe('retries against the Graph API', () => {
  test.each<[Failure]>([['http429'], ['http500'], ['code130429']])('%s then success: the reply is retried and arrives once', async (failure) => {
    const worker = new Worker();
    const delaysBefore = graphClient.delays.length;
    graph.failNext(failure);
    expect(await worker.say('hello')).toMatch(/English/);
    const mine = graph.requests.filter((request) => request.body.to === worker.waId);
    expect(mine.map((request) => request.answered)).toEqual([failure === 'http500' ? 500 : failure === 'http429' ? 429 : 400, 200]);
    expect(mine[0]!.body).toEqual(mine[1]!.body);
    expect(graphClient.delays.length).toBe(delaysBefore + 1);
  });
});

describe('the 24-hour window', () => {
  test('outside it only the neutral template goes out, once; when the worker writes again the words go out', async () => {
    const worker = new Worker();
    await worker.say('hello');
    await cloud.store.models.windows.updateOne({ _id: worker.hash }, { $set: { lastInboundAt: new Date(Date.now() - 25 * HOUR) } });
    expect(await cloud.adapter.windowRemainingMs(worker.waId)).toBe(0);

    const outside = await worker.caseWorkerSays('About your passport: the embassy called.');
    expect(outside.map((request) => request.body)).toEqual([
      { messaging_product: 'whatsapp', recipient_type: 'individual', to: worker.waId, type: 'template', template: { name: 'hotline_followup', language: { code: 'en' } } },
    ]);
    expect(JSON.stringify(graph.requests)).not.toContain('passport: the embassy');
    const record = await cloud.store.models.templateSends.findOne({ recipientHash: worker.hash }).lean();
    expect(record).toMatchObject({ recipientHash: worker.hash, messageId: expect.stringMatching(/^wamid\./) });

    // A second message while the worker has not answered: withheld, no second template.
    expect(await worker.caseWorkerSays('Please call us.')).toEqual([]);

    // The worker answers the template: the window is open again and words go out.
    await worker.say('hi');
    expect(await cloud.adapter.windowRemainingMs(worker.waId)).toBeGreaterThan(23 * HOUR);
    expect((await worker.caseWorkerSays('Thank you for answering.')).map(readable)).toEqual(['Thank you for answering.']);
  });

  test('when Meta says the window is closed (131047), the template replaces the message', async () => {
    const worker = new Worker();
    await worker.say('hello');
    graph.failNext('code131047');
    const sent = await worker.caseWorkerSays('Your case was referred.');
    expect(sent.map((request) => request.body.type)).toEqual(['template']);
  });
});

test('logs carry ids and counts, never a phone number or a message', async () => {
  const worker = new Worker();
  await worker.say('My employer hits me');
  const all = logs.join('\n');
  expect(all).toMatch(/whatsappCloud\.webhook\.accepted/);
  expect(all).not.toContain(worker.waId);
  expect(all).not.toMatch(/employer hits/);
});

test('a turn runs per message in order per worker, also when one webhook carries several', async () => {
  const worker = new Worker();
  const messages = [samples.text('hello', worker.waId), samples.text('1', worker.waId), samples.text('2', worker.waId)];
  const response = await post(envelope({ contacts: [{ profile: { name: 'X' }, wa_id: worker.waId }], messages }));
  expect(response.status).toBe(200);
  const texts = worker.received().map(readable);
  expect(texts[0]).toMatch(/English/);
  const menu = texts.findIndex((text) => /What do you need/.test(text));
  expect(menu).toBeGreaterThan(0);
  // "2" was read after the menu was sent: it chose "Know my rights" there.
  expect(texts.length).toBeGreaterThan(menu + 1);
  expect(texts.slice(menu + 1).join('\n')).not.toMatch(/What do you need/);
});

test('"delete my data" and the retention purge reach the channel\'s records', async () => {
  const worker = new Worker();
  await worker.say('hello');
  await post(envelope({ statuses: [status(worker.received()[0]!.messageId!, 'delivered', worker.waId)] }));
  expect(await cloud.store.models.statuses.countDocuments({ recipientHash: worker.hash })).toBe(1);
  expect(await cloud.store.eraseUser(worker.hash)).toBe(2); // delivered + the window (what the worker sent is in the inbox)
  expect(await cloud.store.models.statuses.countDocuments({ recipientHash: worker.hash })).toBe(0);
  expect(await cloud.store.models.windows.countDocuments({ _id: worker.hash })).toBe(0);

  const other = new Worker();
  await other.say('hello');
  const purged = await cloud.store.purge(new Date(Date.now() + 1000));
  expect(purged.statuses).toBeGreaterThan(0);
  expect(purged.windows).toBeGreaterThan(0);
  expect(await cloud.store.models.windows.countDocuments()).toBe(0);
});
