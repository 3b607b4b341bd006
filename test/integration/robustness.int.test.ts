// What must not break: a restart mid-report, bad input of every kind, the same
// message delivered three times (S8), and erasure on request (S6).
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { Chat, joined, startHotline, type RunningHotline } from '../helpers/hotline';
import { createI18n } from '../../kernel/i18n';
import { openTestDatabase, type TestDatabase } from '../helpers/database';

let db: TestDatabase;
let app: RunningHotline;
beforeAll(async () => {
  db = await openTestDatabase('robust');
  app = await startHotline({ db });
});
afterAll(async () => {
  await app.stop();
  await db.close();
});

async function atMenu(channel = 'emulator'): Promise<Chat> {
  const chat = new Chat(app.url, channel);
  await chat.say('hello');
  expect(joined(await chat.say('1'))).toMatch(/What do you need\?/);
  return chat;
}

test('a server restart in the middle of a report loses nothing', async () => {
  const chat = await atMenu();
  await chat.say('1');
  await chat.say('1');
  expect(joined(await chat.say('1'))).toMatch(/What kind of work/);
  await app.stop();
  app = await startHotline({ db });
  chat.url = app.url;
  expect(joined(await chat.say('2'))).toMatch(/Which country/); // the next question, not the menu
  expect(joined(await chat.say('back'))).toMatch(/What kind of work/);
  expect(joined(await chat.say('1'))).toMatch(/Which country/);
});

test('healthz reports the database', async () => {
  const response = await fetch(`${app.url}/healthz`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ status: 'ok', database: 'ok', spooledTurns: 0 });
});

describe('bad input gets a clear error and loses nothing stored', () => {
  test.each<[string, RequestInit, number, RegExp]>([
    ['malformed JSON', { body: '{"type": "message", ', headers: { 'content-type': 'application/json' } }, 400, /json|invalid/i],
    ['no activity type', { body: JSON.stringify({ channelId: 'x', from: { id: 'u' }, conversation: { id: 'c' }, deliveryMode: 'expectReplies' }), headers: { 'content-type': 'application/json' } }, 400, /type/],
    ['no serviceUrl and no expectReplies', { body: JSON.stringify({ type: 'message', channelId: 'x', from: { id: 'u' }, conversation: { id: 'c' }, text: 'hi' }), headers: { 'content-type': 'application/json' } }, 400, /serviceUrl/],
    ['conversation is not an object', { body: JSON.stringify({ type: 'message', channelId: 'x', from: { id: 'u' }, conversation: 'c', deliveryMode: 'expectReplies' }), headers: { 'content-type': 'application/json' } }, 400, /conversation/],
    ['not JSON at all', { body: 'hello', headers: { 'content-type': 'text/plain' } }, 415, /application\/json/],
    ['a body over the size bound', { body: JSON.stringify({ type: 'message', text: 'x'.repeat(400_000) }), headers: { 'content-type': 'application/json' } }, 413, /large|size|exceeds/i],
  ])('%s', async (_name, init, status, message) => {
    const before = await db.models.cases.countDocuments();
    const response = await fetch(`${app.url}/api/messages`, { method: 'POST', ...init });
    expect(response.status).toBe(status);
    expect(await response.text()).toMatch(message);
    expect(await db.models.cases.countDocuments()).toBe(before);
  });

  test('a message over the character bound gets a polite notice and the dialog goes on', async () => {
    const chat = await atMenu();
    const replies = joined(await chat.say('a'.repeat(5000)));
    expect(replies).toMatch(/too long/);
    expect(joined(await chat.say('2'))).toMatch(/Which topic/);
  });

  test('$-keys and odd Unicode are just text', async () => {
    const chat = await atMenu();
    const replies = joined(await chat.say('{"$where": "sleep(1000)", "$gt": ""} \u202e\u0000 𝟚 ﷽', { channelData: { $set: { x: 1 } }, value: { $ne: null } }));
    // Read as text: not understood, or understood a little ("did you mean…?"); never an error.
    expect(replies).toMatch(/did not understand|Did you mean/);
    expect(replies).not.toMatch(/went wrong/);
    expect(joined(await chat.say('menu'))).toMatch(/What do you need\?/);
    expect(joined(await chat.say('𝟚'))).toMatch(/Which topic/); // mathematical digit two
  });

  test('an unknown answer in Arabic is re-asked in Arabic', async () => {
    const chat = new Chat(app.url);
    const first = joined(await chat.say('مرحبا'));
    expect(first).toMatch(/[\u0600-\u06ff]/);
    await chat.say('1');
    const replies = joined(await chat.say('ربما'));
    expect(replies).toMatch(/[\u0600-\u06ff]/);
    expect(replies).not.toMatch(/did not understand/);
  });
});

test('S8: the same message delivered three times takes effect once', async () => {
  const chat = await atMenu();
  await chat.say('1');
  await chat.say('2');
  await chat.say('1');
  await chat.say('3');
  for (const answer of ['skip', 'skip', 'skip', 'skip', 'skip', '1', '2']) await chat.say(answer);
  await chat.say('2'); // no referral
  const send = { type: 'message', id: 'retry-me', text: '1' };
  const responses = await Promise.all([chat.post(send), chat.post(send), chat.post(send)]);
  const bodies = (await Promise.all(responses.map((r) => r.json()))) as Array<{ activities?: unknown[] }>;
  expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
  expect(bodies.filter((body) => (body.activities ?? []).length > 0)).toHaveLength(1);
  const userHash = app.hotline.hasher.hash('emulator', chat.userId);
  expect(await db.models.cases.countDocuments({ userHash, type: 'abuseReport' })).toBe(1);
  // 15 messages were sent (the retried one counted once), so 15 worker lines.
  const lines = await app.hotline.transcripts.read(userHash);
  expect(lines.filter((line) => line.from === 'worker')).toHaveLength(15);
});

test('S6: "delete my data" in Urdu erases the worker\'s data, keeps statistics, audits, answers in Urdu', async () => {
  const ur = createI18n().getFixedT('ur');
  const rtl = (text: string) => text.split('\n').map((line) => (line ? `\u200f${line}` : line)).join('\n');
  const chat = new Chat(app.url, 'emulator');
  expect(joined(await chat.say('السلام علیکم'))).toContain(ur('languages:name'));
  await chat.say('1'); // yes, Urdu
  await chat.say('1'); // report
  await chat.say('1'); // continue
  await chat.say('1'); // wages
  await chat.say('1'); // domestic
  await chat.say('3'); // Pakistan
  await chat.say('مالک نے تین مہینے سے تنخواہ نہیں دی');
  for (const answer of ['چھوڑیں', 'چھوڑیں', 'چھوڑیں', '۱', '۳', 'چھوڑیں', '۱', '۱']) await chat.say(answer);
  const userHash = app.hotline.hasher.hash('emulator', chat.userId);
  const [before] = await db.models.cases.find({ userHash }).lean();
  expect(before).toMatchObject({ language: 'ur', indicators: ['withholdingOfWages'] });
  expect(before!.personal?.narrative).toMatch(/^e1\./);

  const confirm = await chat.say('میرا ڈیٹا حذف کریں');
  expect(joined(confirm)).toContain(rtl(ur('erase:confirm.question')));
  const done = await chat.say('۱');
  expect(done).toEqual([rtl(ur('erase:done'))]);

  const after = await db.models.cases.findById(before!._id).lean();
  expect(after!.personal ?? {}).toEqual({});
  expect(after!.userHash).toBe('erased');
  expect(after!.indicators).toEqual(before!.indicators); // statistics remain
  expect(await db.models.cases.countDocuments({ userHash })).toBe(0);
  expect(await db.models.transcripts.countDocuments({ userHash })).toBe(0);
  const state = await app.hotline.storage.read([`emulator/conversations/${chat.conversationId}/`, `emulator/users/${chat.userId}/`]);
  expect(Object.keys(state)).toEqual([]);
  const audit = await db.models.audit.findOne({ action: 'erasure', 'detail.caseNumbers': before!.caseNumber }).lean();
  expect(audit).not.toBeNull();
});

describe('requests that lie or inflate never stop the server nor reach a worker', () => {
  const json = { 'content-type': 'application/json' };

  test.each(['/api/messages', '/v3/directline/conversations', '/console/api/login', '/api/webchat/token', '/no/such/route'])(
    'a 1-byte body that claims to be gzip on %s → 415, and the server keeps answering',
    async (path) => {
      const response = await fetch(`${app.url}${path}`, { method: 'POST', headers: { ...json, 'content-encoding': 'gzip' }, body: '\x01' });
      expect(response.status).toBe(415);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('UnsupportedEncoding');
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    },
  );

  test('a real gzip bomb (204 KB inflating to 200 MB) is refused unread: 415, memory stays put', async () => {
    const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024, 0x20), { level: 9 });
    const rssBefore = process.memoryUsage().rss;
    const response = await fetch(`${app.url}/api/messages`, { method: 'POST', headers: { ...json, 'content-encoding': 'gzip' }, body: bomb });
    expect(response.status).toBe(415);
    // The hotline runs in this process: had it inflated the body, RSS would have grown by ~200 MB.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024);
  });

  test.each([
    ['/api/messages', (deep: string) => `{"type":"message","channelId":"emulator","deliveryMode":"expectReplies","from":{"id":"u"},"conversation":{"id":"c"},"value":${deep}}`],
    ['/console/api/login', (deep: string) => `{"username":${deep}}`],
  ])('JSON nested 20,000 levels deep on %s → 400 TooDeep, nothing stored', async (path, build) => {
    const before = await db.models.cases.countDocuments();
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    const response = await fetch(`${app.url}${path}`, { method: 'POST', headers: json, body: build(deep) });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('TooDeep');
    expect(await db.models.cases.countDocuments()).toBe(before);
  });

  test.each(['webchat', 'whatsapp', 'training', 'WebChat'])('/api/messages refuses to speak as a worker of the hotline\'s own channel "%s" (403)', async (channelId) => {
    const response = await new Chat(app.url, channelId).post({ type: 'message', id: 'x1', text: 'delete my data' });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('ChannelNotAllowed');
  });

  test('a spoofed "delete my data" as a web chat worker erases nothing of theirs', async () => {
    const victim = await atMenu('emulator');
    for (const answer of ['1', '1', '1', '1', '1', 'unpaid', 'skip', '1', 'skip', '1', '3', 'skip', '2', '1']) await victim.say(answer);
    const userHash = app.hotline.hasher.hash('emulator', victim.userId);
    const stored = await db.models.cases.countDocuments({ userHash });
    expect(stored).toBeGreaterThan(0);
    for (const channelId of ['webchat', 'whatsapp']) {
      const attacker = new Chat(app.url, channelId, victim.userId.replace(/^user-/, '') as ReturnType<typeof randomUUID>);
      expect((await attacker.post({ type: 'message', id: `${channelId}-1`, text: 'delete my data' })).status).toBe(403);
      expect((await attacker.post({ type: 'message', id: `${channelId}-2`, text: '1' })).status).toBe(403);
    }
    expect(await db.models.cases.countDocuments({ userHash })).toBe(stored);
  });

  test('a serviceUrl that is not the Emulator on this machine → 403, and the hotline calls nobody', async () => {
    let called = 0;
    const trap = createServer((_req, res) => {
      called++;
      res.end('{}');
    });
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.2', resolve));
    const port = (trap.address() as { port: number }).port;
    try {
      for (const serviceUrl of [`http://127.0.0.2.nip.io:${port}/`, 'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/', 'file:///etc/passwd', 'not a url']) {
        const response = await fetch(`${app.url}/api/messages`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ type: 'message', id: `s-${serviceUrl}`, channelId: 'emulator', serviceUrl, from: { id: 'u-ssrf' }, recipient: { id: 'bot' }, conversation: { id: 'c-ssrf' }, text: 'hello' }),
        });
        expect(response.status).toBe(403);
      }
      expect(called).toBe(0);
      // The Emulator's own loopback address is still called back, so the trap above would have seen a call.
      const allowed = await fetch(`${app.url}/api/messages`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ type: 'message', id: 's-allowed', channelId: 'emulator', serviceUrl: `http://127.0.0.2:${port}/`, from: { id: 'u-ssrf' }, recipient: { id: 'bot' }, conversation: { id: 'c-ssrf' }, text: 'hello' }),
      });
      expect(allowed.status).toBeLessThan(300);
      expect(called).toBeGreaterThan(0);
    } finally {
      await new Promise<void>((resolve) => trap.close(() => resolve()));
    }
  });
});
