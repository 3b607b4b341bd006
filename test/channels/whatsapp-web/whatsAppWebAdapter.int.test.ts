// The WhatsApp Web channel with the real bot on the real database:
// a stand-in whatsapp-web.js Client is injected and the test calls the
// 'message' handler the adapter registered on it, with messages shaped like
// the library's. Duplicates, dropped chats, media kept encrypted in GridFS,
// locations, outbound order, typing and rate, reconnection, and a full report.
import type { Activity, ConversationReference, TurnContext } from 'botbuilder';
import type { Connection } from 'mongoose';
import { Logger } from '../../../kernel/logger';
import { WhatsAppWebConfigSchema } from '../../../channels/whatsapp-web/config';
import { EncryptedMediaStore } from '../../../channels/whatsapp-web/encryptedMediaStore';
import { createWhatsAppWebChannel, type WhatsAppWebChannel } from '../../../channels/whatsapp-web/whatsAppWebChannel';
import type { WhatsAppWebMessage } from '../../../channels/whatsapp-web/whatsAppWebClient';
import { startHotline, type RunningHotline } from '../../helpers/hotline';
import { transcriptOf } from '../../helpers/transcript';
import { StandInClient, VirtualClock, flush, messageFrom, textFrom, workerChatId } from './standIn';
import { until } from '../../helpers/until';

let app: RunningHotline;
let connection: Connection;
beforeAll(async () => {
  app = await startHotline();
  connection = app.hotline.models.cases.db;
});
afterAll(async () => {
  await app.stop();
  await app.db.close();
});

jest.setTimeout(60_000);

// Each test's channel is stopped after it, so no channel's inbox takes another test's messages.
const running: WhatsAppWebChannel[] = [];
afterEach(async () => {
  for (const channel of running.splice(0)) await channel.adapter.stop();
});

interface Harness extends WhatsAppWebChannel {
  client: StandInClient;
  clock: VirtualClock;
  /** Every activity the bot was given. */
  seen: Partial<Activity>[];
  logLines: string[];
  /** Emits a message through the captured handler; resolves with the replies sent to its chat, joined. */
  say(message: WhatsAppWebMessage): Promise<string>;
}

async function harness(env: Record<string, string> = {}, maxMediaBytes?: number): Promise<Harness> {
  const clock = new VirtualClock();
  const client = new StandInClient(clock);
  const seen: Partial<Activity>[] = [];
  const logLines: string[] = [];
  const channel = await createWhatsAppWebChannel(WhatsAppWebConfigSchema.parse(env), {
    connection,
    cipher: app.hotline.cipher,
    hasher: app.hotline.hasher,
    logger: new Logger('debug', (line) => logLines.push(line)),
    logic: async (context: TurnContext) => {
      seen.push(context.activity);
      await app.hotline.bot.run(context);
    },
    client,
    clock,
    adapter: { printQr: () => undefined, ...(maxMediaBytes ? { maxMediaBytes } : {}) },
    queueTiming: QUEUE_TIMING,
  });
  running.push(channel);
  // The app's turn-error handler (the same one every channel gets).
  channel.adapter.onTurnError = app.hotline.directLine.onTurnError;
  const onMessage = client.handler<[WhatsAppWebMessage]>('message');
  return {
    ...channel,
    client,
    clock,
    seen,
    logLines,
    say: async (message) => {
      const before = client.sentTo(message.from).length;
      await onMessage(message);
      await channel.adapter.whenIdle();
      return client.sentTo(message.from).slice(before).join('\n---\n');
    },
  };
}

const hashOf = (chatId: string) => app.hotline.hasher.hash('whatsapp', chatId);
/** Retries within milliseconds (real timers: the virtual clock is the send rate's and the reconnection's). */
const QUEUE_TIMING = { baseDelayMs: 20, maxDelayMs: 100, pollMs: 100 };

async function rawChunks(bucket: string): Promise<Buffer> {
  const chunks = await connection.db!.collection(`${bucket}.chunks`).find().toArray();
  return Buffer.concat(chunks.map((chunk) => Buffer.from(chunk.data.buffer)));
}

test('the same message emitted three times (at once and again later) gets one reply and one transcript line', async () => {
  const h = await harness();
  const chat = workerChatId();
  const hello = textFrom(chat, 'hello');
  const onMessage = h.client.handler<[WhatsAppWebMessage]>('message');
  await Promise.all([onMessage(hello), onMessage(hello)]);
  await onMessage(hello);
  await h.adapter.whenIdle();

  expect(h.client.sentTo(chat)).toHaveLength(1);
  expect(h.client.sentTo(chat)[0]).toMatch(/English/);
  // One line of the worker's, still pending in the conversation state (no case yet).
  const { stored: written, pending } = await transcriptOf(app.hotline, hashOf(chat), 'whatsapp', chat);
  expect([...written, ...pending].filter((line) => line.from === 'worker')).toEqual([{ from: 'worker', text: 'hello' }]);
  expect(h.seen).toHaveLength(1);
  expect(h.adapter.dropped.duplicate).toBe(2);
  // The id is kept only as a keyed hash: no phone number in the collection.
  const stored = await h.inbox.model.find().lean();
  expect(JSON.stringify(stored)).not.toContain(chat.split('@')[0]);
});

test('the activity is neutral: channel whatsapp, the message id, the chat as user and conversation, the hotline as recipient', async () => {
  const h = await harness();
  h.client.info = { wid: { _serialized: '97317000000@c.us' } };
  const chat = workerChatId();
  const message = textFrom(chat, 'hello');
  await h.say(message);
  expect(h.seen[0]).toMatchObject({
    type: 'message',
    channelId: 'whatsapp',
    id: message.id._serialized,
    text: 'hello',
    from: { id: chat, role: 'user' },
    conversation: { id: chat, isGroup: false },
    recipient: { id: '97317000000@c.us', role: 'bot' },
    serviceUrl: 'urn:hotline:whatsapp-web',
  });
  expect(h.seen[0]!.timestamp).toEqual(new Date(message.timestamp * 1000));
});

test('our own messages, groups, status updates, broadcasts and system notices are dropped without a trace', async () => {
  const h = await harness();
  const chat = workerChatId();
  const before = await h.inbox.model.countDocuments();
  const dropped: WhatsAppWebMessage[] = [
    messageFrom(chat, { body: 'sent by the hotline', fromMe: true }),
    messageFrom('120363025555555555@g.us', { body: 'help', author: chat }),
    messageFrom('status@broadcast', { body: 'my story', author: chat }),
    messageFrom(chat, { body: 'a story', isStatus: true }),
    messageFrom('1700000000@broadcast', { body: 'broadcast list' }),
    messageFrom('120363111111111111@newsletter', { body: 'channel post' }),
    messageFrom(chat, { type: 'e2e_notification', body: '' }),
  ];
  for (const message of dropped) expect(await h.say(message)).toBe('');
  expect(h.seen).toHaveLength(0);
  expect(h.client.calls).toHaveLength(0);
  expect(await h.inbox.model.countDocuments()).toBe(before);
  expect(await app.hotline.models.transcripts.countDocuments({ userHash: hashOf(chat) })).toBe(0);
  expect(h.adapter.dropped).toEqual({ fromMe: 1, group: 1, status: 2, broadcast: 1, notPersonal: 1, system: 1 });
});

test('a voice note and a photo are stored in GridFS encrypted: the raw bytes are not in the database, decrypting gives them back', async () => {
  const h = await harness();
  const chat = workerChatId();
  await h.say(textFrom(chat, 'hello'));
  const voice = Buffer.concat([Buffer.from('OggS\u0000VOICE-NOTE-MARKER my employer took my passport'), Buffer.alloc(400 * 1024, 7)]);
  const photo = Buffer.concat([Buffer.from('\u00ff\u00d8\u00ff\u00e0JFIF PHOTO-MARKER'), Buffer.alloc(1024, 1)]);

  await h.say(messageFrom(chat, { type: 'ptt', duration: '7', media: { mimetype: 'audio/ogg; codecs=opus', data: voice.toString('base64'), filename: null } }));
  await h.say(messageFrom(chat, { type: 'image', body: 'my room', media: { mimetype: 'image/jpeg', data: photo.toString('base64'), filename: 'IMG-20260105-WA0001.jpg' } }));

  const [voiceActivity, photoActivity] = h.seen.slice(-2);
  expect(voiceActivity!.text).toMatch(/^\[voice note 0:07, media [0-9a-f]{24}\]$/);
  expect(voiceActivity!.attachments).toEqual([{ contentType: 'audio/ogg; codecs=opus', contentUrl: expect.stringMatching(/^gridfs:[0-9a-f]{24}$/), name: 'voice-note.ogg' }]);
  expect(photoActivity!.text).toMatch(/^\[image, media [0-9a-f]{24}\] my room$/);
  expect(photoActivity!.attachments![0]).toMatchObject({ contentType: 'image/jpeg', name: 'IMG-20260105-WA0001.jpg' });

  const raw = await rawChunks(EncryptedMediaStore.BUCKET);
  expect(raw.length).toBeGreaterThan(voice.length);
  for (const marker of ['VOICE-NOTE-MARKER', 'passport', 'PHOTO-MARKER']) expect(raw.includes(Buffer.from(marker))).toBe(false);
  const files = await connection.db!.collection(`${EncryptedMediaStore.BUCKET}.files`).find().toArray();
  expect(JSON.stringify(files)).not.toMatch(/IMG-2026|97\d{9}/);

  const storedVoice = await h.media.read(voiceActivity!.attachments![0]!.contentUrl!);
  expect(storedVoice.bytes.equals(voice)).toBe(true);
  expect(storedVoice).toMatchObject({ contentType: 'audio/ogg; codecs=opus', kind: 'ptt' });
  const storedPhoto = await h.media.read(photoActivity!.attachments![0]!.contentUrl!);
  expect(storedPhoto.bytes.equals(photo)).toBe(true);
  expect(storedPhoto.name).toBe('IMG-20260105-WA0001.jpg');
  // The raw chunks of one file, decrypted with the hotline's key, are the photo.
  const id = photoActivity!.attachments![0]!.contentUrl!.slice('gridfs:'.length);
  const photoChunks = await connection.db!.collection(`${EncryptedMediaStore.BUCKET}.chunks`).find({ files_id: files.find((file) => String(file._id) === id)!._id }).sort({ n: 1 }).toArray();
  expect(app.hotline.cipher.decryptBytes(Buffer.concat(photoChunks.map((chunk) => Buffer.from(chunk.data.buffer)))).equals(photo)).toBe(true);

  // "Delete my data" reaches the media (the eraser the app registers), and only this worker's.
  const other = workerChatId();
  await h.say(messageFrom(other, { type: 'document', media: { mimetype: 'application/pdf', data: Buffer.from('%PDF contract').toString('base64'), filename: 'contract.pdf' } }));
  expect(await h.media.eraseUser(hashOf(chat))).toBe(2);
  await expect(h.media.read(storedVoice.id)).rejects.toThrow(/no media/);
  expect((await h.media.read(h.seen.at(-1)!.attachments![0]!.contentUrl!)).name).toBe('contract.pdf');
});

test('media that cannot be downloaded, or is too large, still reaches the bot as a short text', async () => {
  const h = await harness({}, 1024);
  const chat = workerChatId();
  const files = () => connection.db!.collection(`${EncryptedMediaStore.BUCKET}.files`).countDocuments();
  const before = await files();
  await h.say(textFrom(chat, 'hello'));
  await h.say(messageFrom(chat, { type: 'video', media: null }));
  await h.say(messageFrom(chat, { type: 'audio', hasMedia: true, downloadMedia: async () => Promise.reject(new Error('Evaluation failed: media expired')) }));
  await h.say(messageFrom(chat, { type: 'video', body: 'look', media: { mimetype: 'video/mp4', data: Buffer.alloc(2048).toString('base64') } }));
  expect(h.seen.slice(-3).map((activity) => activity.text)).toEqual(['[video, not received]', '[audio, not received]', '[video, too large to keep] look']);
  expect(h.seen.slice(-3).every((activity) => activity.attachments === undefined)).toBe(true);
  expect(h.client.sentTo(chat).length).toBeGreaterThanOrEqual(4);
  expect(await files()).toBe(before);
});

test('a contact card is kept encrypted like media, not read to the dialogs; a sticker is a word', async () => {
  const h = await harness();
  const chat = workerChatId();
  const card = 'BEGIN:VCARD\nVERSION:3.0\nFN:Employer\nTEL;type=CELL:+973 3999 9999\nEND:VCARD';
  await h.say(messageFrom(chat, { type: 'vcard', body: card, vCards: [card] }));
  await h.say(messageFrom(chat, { type: 'sticker', media: { mimetype: 'image/webp', data: 'UklGRg==' } }));
  const [contact, sticker] = h.seen;
  expect(contact!.text).toMatch(/^\[contact card, media [0-9a-f]{24}\]$/);
  expect(contact!.text).not.toContain('3999');
  expect((await h.media.read(contact!.attachments![0]!.contentUrl!)).bytes.toString()).toBe(card);
  expect(sticker!.text).toBe('[sticker]');
});

test('a location becomes text with its coordinates, and a GeoJSON attachment', async () => {
  const h = await harness();
  const chat = workerChatId();
  await h.say(messageFrom(chat, { type: 'location', location: { latitude: '26.2235', longitude: 50.5876, name: 'Muharraq', address: 'Block 210', description: 'Muharraq\nBlock 210' } }));
  expect(h.seen[0]).toMatchObject({
    text: '[location 26.223500, 50.587600] Muharraq, Block 210',
    attachments: [{ contentType: 'application/geo+json', name: 'Muharraq, Block 210', content: { type: 'Point', coordinates: [50.5876, 26.2235] } }],
  });
  expect(h.client.sentTo(chat).length).toBeGreaterThan(0);
});

test('replies go out in order, each after "typing…" in the same chat; turns of one chat run one at a time', async () => {
  const h = await harness();
  const chat = workerChatId();
  const onMessage = h.client.handler<[WhatsAppWebMessage]>('message');
  // Three messages emitted at once: the turns must not overlap (dialog state is read and written per turn).
  await Promise.all([onMessage(textFrom(chat, 'hello')), onMessage(textFrom(chat, '1')), onMessage(textFrom(chat, '1'))]);
  await h.adapter.whenIdle();
  const replies = h.client.sentTo(chat).join('\n---\n');
  expect(replies).toMatch(/English/);
  expect(replies).toMatch(/What do you need/);
  expect(replies).toMatch(/encrypted/);
  const kinds = h.client.calls.filter((call) => call.chatId === chat).map((call) => call.kind);
  expect(kinds.length).toBeGreaterThanOrEqual(6);
  for (let i = 0; i < kinds.length; i += 2) expect([kinds[i], kinds[i + 1]]).toEqual(['typing', 'send']);
});

test('WHATSAPP_WEB_SEND_PER_MINUTE holds across chats: the surplus waits for the minute to pass', async () => {
  const h = await harness({ WHATSAPP_WEB_SEND_PER_MINUTE: '2' });
  const chats = [workerChatId(), workerChatId(), workerChatId()];
  const start = h.clock.now();
  const onMessage = h.client.handler<[WhatsAppWebMessage]>('message');
  await Promise.all(chats.map((chat) => onMessage(textFrom(chat, 'hello'))));
  await h.adapter.whenIdle();
  const sends = h.client.calls.filter((call) => call.kind === 'send').map((call) => Math.floor((call.at - start) / 1000));
  expect(sends).toHaveLength(3);
  expect(sends.filter((seconds) => seconds < 60)).toHaveLength(2);
  expect(sends.filter((seconds) => seconds >= 60)).toHaveLength(1);
});

test('disconnected → the adapter re-initialises the client with backoff; the latest QR is there for the console', async () => {
  const h = await harness();
  await h.adapter.start();
  expect(h.client.initializeCalls).toBe(1);
  h.client.emit('qr', '2@pairing-code');
  expect(h.adapter.latestQr).toBe('2@pairing-code');
  expect(h.logLines.some((line) => line.includes('WhatsApp Web needs pairing: scan the QR code'))).toBe(true);
  h.client.emit('ready');
  h.client.initializeOutcomes.push(new Error('net::ERR_NAME_NOT_RESOLVED'));
  h.client.emit('disconnected', 'TIMEOUT');
  expect(h.adapter.state).toBe('reconnecting');
  expect(h.clock.fireNext()).toBe(5_000);
  await flush();
  expect(h.clock.fireNext()).toBe(10_000);
  await flush();
  expect(h.client.initializeCalls).toBe(3);
  expect(h.client.destroyCalls).toBe(2);
  h.client.emit('ready');
  expect(h.adapter.state).toBe('ready');
  await h.adapter.stop();
  expect(h.adapter.state).toBe('stopped');
  expect(h.client.listenerCount('message')).toBe(0);
});

test('a full report over WhatsApp Web, with a voice note and a location, ends in a case number and a referral with channel whatsapp; a case worker can reply later', async () => {
  const h = await harness();
  const chat = workerChatId();
  const say = (body: string) => h.say(textFrom(chat, body));
  expect(await say('hello')).toMatch(/English/);
  expect(await say('1')).toMatch(/What do you need/);
  expect(await say('1')).toMatch(/encrypted/);
  for (const answer of ['1', '1 2', '1', 'skip']) await say(answer);
  const voice = Buffer.from('OggS they took my passport and do not pay me');
  await h.say(messageFrom(chat, { type: 'ptt', duration: 12, media: { mimetype: 'audio/ogg; codecs=opus', data: voice.toString('base64') } }));
  await h.say(messageFrom(chat, { type: 'location', location: { latitude: 26.2361, longitude: 50.5831, name: 'Muharraq' } }));
  for (const answer of ['3', 'skip', '1', '1', 'after 9 pm', 'skip', 'skip']) await say(answer);
  expect(await say('1')).toMatch(/Shall we send it/);
  const saved = await say('1');
  const caseNumber = /BH-\d{4}-\d{6}/.exec(saved)?.[0];
  expect(caseNumber).toBeDefined();

  const stored = await app.hotline.models.cases.findOne({ caseNumber }).lean();
  expect(stored).toMatchObject({ channel: 'whatsapp', userHash: hashOf(chat), indicators: expect.arrayContaining(['withholdingOfWages', 'retentionOfIdentityDocuments']) });
  // The narrative is the voice note's marker: a case worker finds the recording from the case.
  const narrative = app.hotline.cipher.decrypt((stored!.personal as { narrative: string }).narrative);
  const mediaId = /^\[voice note 0:12, media ([0-9a-f]{24})\]$/.exec(narrative)?.[1];
  expect(mediaId).toBeDefined();
  expect((await h.media.read(mediaId!)).bytes.equals(voice)).toBe(true);
  expect(app.hotline.cipher.decrypt((stored!.personal as { location: string }).location)).toBe('[location 26.236100, 50.583100] Muharraq');
  // Every reply was preceded by typing; nothing was sent anywhere else.
  expect(h.client.calls.every((call) => call.chatId === chat)).toBe(true);

  // A case worker's reply, later, through the reference stored with the handoff.
  const handoff = await app.hotline.models.handoffs.findOne({ caseNumber }).lean();
  const reference = JSON.parse(app.hotline.cipher.decrypt(handoff!.conversationRef!)) as ConversationReference;
  expect(reference).toMatchObject({ channelId: 'whatsapp', serviceUrl: 'urn:hotline:whatsapp-web', conversation: { id: chat }, user: { id: chat } });
  await h.adapter.continueConversation(reference, async (context) => {
    await context.sendActivity('A case worker is here.');
  });
  expect(h.client.sentTo(chat).at(-1)).toBe('A case worker is here.');
  await expect(h.adapter.continueConversation({ conversation: { id: '120363025555555555@g.us' } as never }, async () => undefined)).rejects.toThrow(/not a WhatsApp chat with one person/);
});

test('nothing personal in the log: no message text, no phone number', async () => {
  const h = await harness();
  const chat = workerChatId();
  await h.say(textFrom(chat, 'hello'));
  await h.say(textFrom(chat, 'hello'));
  await h.say(messageFrom(chat, { type: 'audio', hasMedia: true, downloadMedia: async () => Promise.reject(new Error(`failed for ${chat}`)) }));
  const log = h.logLines.join('\n');
  expect(log.length).toBeGreaterThan(0);
  expect(log).not.toContain(chat.split('@')[0]);
  expect(log).not.toContain('hello');
});

test('retention: inbox messages (the dedupe of message ids) and media older than the cutoff are purged', async () => {
  const h = await harness();
  const chat = workerChatId();
  await h.say(messageFrom(chat, { type: 'image', media: { mimetype: 'image/png', data: Buffer.from('png').toString('base64') } }));
  const future = new Date(Date.now() + 60_000);
  expect(await h.inbox.purge(future)).toBeGreaterThanOrEqual(1);
  expect(await h.inbox.model.countDocuments()).toBe(0);
  expect(await h.media.purgeBefore(future)).toBeGreaterThanOrEqual(1);
  expect(await connection.db!.collection(`${EncryptedMediaStore.BUCKET}.files`).countDocuments()).toBe(0);
  expect(await connection.db!.collection(`${EncryptedMediaStore.BUCKET}.chunks`).countDocuments()).toBe(0);
});

test('(e) a message is in the inbox, encrypted, before its turn runs; it is processed once and marked done after', async () => {
  const h = await harness();
  const chat = workerChatId();
  const message = textFrom(chat, 'my employer took my passport');
  const key = app.hotline.hasher.hash('inbox', 'whatsapp-web', message.id._serialized);
  let duringTurn: unknown;
  const onMessage = h.client.handler<[WhatsAppWebMessage]>('message');
  const run = app.hotline.bot.run.bind(app.hotline.bot);
  app.hotline.bot.run = async (context) => {
    if (context.activity.id === message.id._serialized) duringTurn = await h.inbox.model.findById(key).lean();
    return run(context);
  };
  try {
    await Promise.all([onMessage(message), onMessage(message)]);
    await onMessage(message);
    await h.adapter.whenIdle();
  } finally {
    app.hotline.bot.run = run;
  }
  // Kept, claimed, not yet done while its turn ran; the words and the number only encrypted.
  expect(duringTurn).toMatchObject({ _id: key, source: 'whatsapp-web', chat: hashOf(chat), state: 'pending', attempts: 1, owner: h.inbox.owner });
  expect(JSON.stringify(duringTurn)).not.toMatch(/passport|9733/);
  expect(await h.inbox.model.findById(key).lean()).toMatchObject({ state: 'done', attempts: 1, payload: '' });
  expect(h.seen).toHaveLength(1);
  expect(h.adapter.dropped.duplicate).toBe(2);
  expect(h.client.sentTo(chat)).toHaveLength(1);
  expect(await h.outbox.model.find({ chat: hashOf(chat) }, { state: 1, attempts: 1 }).lean()).toEqual([expect.objectContaining({ state: 'done', attempts: 1 })]);
});

test('a message kept while no turn could run (a process stopped before it) is answered when the channel starts', async () => {
  const clock = new VirtualClock();
  const client = new StandInClient(clock);
  const chat = workerChatId();
  // Without turn logic the channel still keeps what arrives: its inbox waits.
  const before = await createWhatsAppWebChannel(WhatsAppWebConfigSchema.parse({}), { connection, cipher: app.hotline.cipher, hasher: app.hotline.hasher, logger: new Logger('silent'), client, clock, adapter: { printQr: () => undefined }, queueTiming: QUEUE_TIMING });
  await client.handler<[WhatsAppWebMessage]>('message')(textFrom(chat, 'hello'));
  await before.adapter.stop();
  expect(await before.inbox.model.countDocuments({ chat: hashOf(chat), state: 'pending' })).toBe(1);
  expect(client.sentTo(chat)).toEqual([]);

  const after = await harness();
  await after.adapter.start();
  await until(async () => (await after.inbox.model.countDocuments({ chat: hashOf(chat), state: 'done' })) === 1 && after.client.sentTo(chat).length > 0, 'the resumed turn');
  await after.adapter.whenIdle();
  expect(after.seen.map((activity) => activity.text)).toEqual(['hello']);
  expect(after.client.sentTo(chat)).toHaveLength(1);
  expect(after.client.sentTo(chat)[0]).toMatch(/English/);
});

test('a send that fails twice is retried from the outbox: delivered once, and the next reply after it', async () => {
  const h = await harness();
  const chat = workerChatId();
  h.client.failSends = 2;
  const onMessage = h.client.handler<[WhatsAppWebMessage]>('message');
  await onMessage(textFrom(chat, 'hello'));
  await onMessage(textFrom(chat, '1'));
  await until(async () => (await h.inbox.model.countDocuments({ chat: hashOf(chat), state: 'done' })) === 2 && (await h.outbox.model.countDocuments({ chat: hashOf(chat), state: 'pending' })) === 0, 'both turns and their replies');
  const calls = h.client.calls.filter((call) => call.chatId === chat && call.kind !== 'typing');
  expect(calls.slice(0, 3).map((call) => call.kind)).toEqual(['failedSend', 'failedSend', 'send']);
  expect(calls[0]!.text).toBe(calls[2]!.text);
  const sent = h.client.sentTo(chat);
  expect(sent[0]).toMatch(/Shall we continue in English/);
  expect(sent.filter((text) => /What do you need/.test(text))).toHaveLength(1);
  expect(new Set(sent).size).toBe(sent.length);
});
