// The self-hosted Direct Line 3.0 endpoint, driven by Microsoft's own client
// (botframework-directlinejs) over HTTP and WebSocket against the running
// server and the real database; then bad credentials and bad bodies.
import { DirectLine, ConnectionStatus, type Activity as DirectLineActivity } from 'botframework-directlinejs';
import WebSocket from 'ws';
import { DirectLineTokens } from '../../../channels/webchat/tokens';
import { startHotline, TEST_DIRECTLINE_SECRET, type RunningHotline } from '../../helpers/hotline';

// What a browser has and Node lacks (TECH-NOTES: Direct Line and Web Chat).
const globals = globalThis as unknown as Record<string, unknown>;
globals.WebSocket = WebSocket;
globals.XMLHttpRequest = require('xhr2');

let app: RunningHotline;
beforeAll(async () => {
  app = await startHotline();
});
afterAll(async () => {
  await app.stop();
  await app.db.close();
});

const domain = () => `${app.url}/v3/directline`;

async function generateToken(): Promise<{ conversationId: string; token: string; expires_in: number }> {
  const response = await fetch(`${domain()}/tokens/generate`, { method: 'POST', headers: { authorization: `Bearer ${TEST_DIRECTLINE_SECRET}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as { conversationId: string; token: string; expires_in: number };
}

/** A worker on the official client: say something, wait for the bot's replies to it. */
class OfficialClient {
  readonly directLine: DirectLine;
  private readonly received: DirectLineActivity[] = [];
  private waiters: Array<() => void> = [];
  readonly userId = `dl_worker${Date.now()}`;

  constructor(token: string) {
    this.directLine = new DirectLine({ token, domain: domain(), webSocket: true, pollingInterval: 200 } as never);
    this.directLine.activity$.subscribe({
      next: (activity) => {
        this.received.push(activity);
        for (const wake of this.waiters.splice(0)) wake();
      },
      // After end() the client reports "conversation ended"; that is the end we asked for.
      error: () => undefined,
    });
  }

  botTexts(): string[] {
    return this.received.filter((a) => a.type === 'message' && a.from.role === 'bot').map((a) => (a as { text?: string }).text ?? '');
  }

  /** Sends a message and resolves with the bot replies that arrive within `settleMs` of the last one. */
  async say(text: string, settleMs = 250): Promise<string> {
    const before = this.botTexts().length;
    await new Promise<void>((resolve, reject) =>
      this.directLine
        // Web Chat adds a clientActivityID and expects it back on the echo.
        .postActivity({ type: 'message', from: { id: this.userId }, text, channelData: { clientActivityID: `c${Math.random()}` } } as DirectLineActivity)
        .subscribe({ next: () => resolve(), error: reject }),
    );
    const deadline = Date.now() + 10_000;
    let count = before;
    for (;;) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, settleMs);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      const now = this.botTexts().length;
      if (now > before && now === count) break;
      if (Date.now() > deadline) throw new Error(`no reply to ${JSON.stringify(text)}`);
      count = now;
    }
    return this.botTexts().slice(before).join('\n---\n');
  }

  end(): void {
    this.directLine.end();
  }
}

jest.setTimeout(30_000);

test('a full report through botframework-directlinejs: replies stream in, the case is stored, the echo keeps its clientActivityID', async () => {
  const { token, conversationId } = await generateToken();
  const client = new OfficialClient(token);
  const statuses: ConnectionStatus[] = [];
  client.directLine.connectionStatus$.subscribe({ next: (status) => statuses.push(status), error: () => undefined });
  try {
    expect(await client.say('hello')).toMatch(/English/);
    expect(await client.say('1')).toMatch(/What do you need/);
    expect(await client.say('1')).toMatch(/encrypted/);
    for (const answer of ['1', '1 2', '1', '2', 'They keep my passport', 'Muharraq', '3', 'skip', '1', '1', 'after 9 pm', 'skip', 'skip']) await client.say(answer);
    expect(await client.say('1')).toMatch(/Shall we send it/);
    const saved = await client.say('1');
    const caseNumber = /BH-\d{4}-\d{6}/.exec(saved)?.[0];
    expect(caseNumber).toBeDefined();
    expect(statuses).toContain(ConnectionStatus.Online);

    const stored = await app.db.models.cases.findOne({ caseNumber }).lean();
    expect(stored).toMatchObject({ channel: 'webchat', indicators: expect.arrayContaining(['retentionOfIdentityDocuments', 'withholdingOfWages']) });
    // The handoff keeps a conversation reference a case worker can reply through.
    const handoff = await app.db.models.handoffs.findOne({ caseNumber }).lean();
    const reference = JSON.parse(app.hotline.cipher.decrypt(handoff!.conversationRef!)) as { channelId: string; conversation: { id: string } };
    expect(reference).toMatchObject({ channelId: 'webchat', conversation: { id: conversationId } });

    // Web Chat marks a message sent when its echo keeps the clientActivityID.
    const history = (await (await fetch(`${domain()}/conversations/${conversationId}/activities`, { headers: { authorization: `Bearer ${token}` } })).json()) as { activities: Array<{ from: { role?: string }; channelData?: { clientActivityID?: string }; timestamp?: string }>; watermark: string };
    const mine = history.activities.filter((a) => a.from.role === 'user');
    expect(mine.length).toBe(18);
    expect(mine.every((a) => typeof a.channelData?.clientActivityID === 'string' && typeof a.timestamp === 'string')).toBe(true);
    expect(Number(history.watermark)).toBe(history.activities.length);
    // Stored encrypted.
    expect(JSON.stringify(await app.db.models.webChatActivities.find({ conversationId }).lean())).not.toMatch(/passport|Muharraq/);
  } finally {
    client.end();
  }
});

test('a case worker can reach the worker later through the stored reference (continueConversation)', async () => {
  const { token, conversationId } = await generateToken();
  const client = new OfficialClient(token);
  try {
    await client.say('hello');
    const ids = await app.hotline.directLine.store.after(conversationId);
    const userId = ids.activities.find((a) => a.from?.role === 'user')!.from!.id;
    await app.hotline.directLine.continueConversation({ channelId: 'webchat', conversation: { id: conversationId } as never, user: { id: userId, name: '' }, bot: { id: 'hotline', name: 'hotline' }, serviceUrl: 'urn:hotline:webchat' }, async (context) => {
      await context.sendActivity('A case worker is here.');
    });
    const deadline = Date.now() + 5000;
    while (!client.botTexts().includes('A case worker is here.') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(client.botTexts()).toContain('A case worker is here.');
  } finally {
    client.end();
  }
});

test('reconnecting with a watermark streams only what was missed', async () => {
  const { token, conversationId } = await generateToken();
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  await fetch(`${domain()}/conversations`, { method: 'POST', headers });
  await fetch(`${domain()}/conversations/${conversationId}/activities`, { method: 'POST', headers, body: JSON.stringify({ type: 'message', text: 'hello' }) });
  const reconnect = (await (await fetch(`${domain()}/conversations/${conversationId}?watermark=1`, { headers })).json()) as { streamUrl: string };
  expect(reconnect.streamUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v3\/directline\/conversations\/.+\/stream\?t=.+&watermark=1$/);
  const first = await new Promise<{ activities: Array<{ id: string }>; watermark: string }>((resolve, reject) => {
    const ws = new WebSocket(reconnect.streamUrl);
    ws.on('message', (data) => {
      const text = String(data);
      if (!text) return;
      ws.close();
      resolve(JSON.parse(text));
    });
    ws.on('error', reject);
  });
  expect(first.activities[0]!.id).toBe(`${conversationId}|0000002`);
});

describe('bad credentials', () => {
  test.each<[string, () => Promise<Record<string, string>>, number]>([
    ['no Authorization header', async () => ({}), 401],
    ['a made-up token', async () => ({ authorization: 'Bearer dl1.eyJjb252IjoieCJ9.c2lnbmF0dXJl' }), 401],
    ['a token signed with another secret', async () => ({ authorization: `Bearer ${new DirectLineTokens('another-secret-that-is-long-enough-000', 60).issue('x', 'dl_x').token}` }), 401],
    ['an expired token', async () => ({ authorization: `Bearer ${new DirectLineTokens(TEST_DIRECTLINE_SECRET, 60, () => Date.now() - 3_600_000).issue('x', 'dl_x').token}` }), 401],
    ['another conversation\'s token', async () => ({ authorization: `Bearer ${(await generateToken()).token}` }), 403],
  ])('%s: refused, nothing stored', async (_name, headers, status) => {
    const { conversationId } = await generateToken();
    const before = await app.db.models.webChatActivities.countDocuments();
    const response = await fetch(`${domain()}/conversations/${conversationId}/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await headers()) },
      body: JSON.stringify({ type: 'message', text: 'hello' }),
    });
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { message: string } }).error.message.length).toBeGreaterThan(10);
    expect(await app.db.models.webChatActivities.countDocuments()).toBe(before);
  });

  test('tokens/generate refuses a token in place of the secret', async () => {
    const { token } = await generateToken();
    const response = await fetch(`${domain()}/tokens/generate`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(401);
  });

  test('the stream refuses another conversation\'s token', async () => {
    const mine = await generateToken();
    const other = await generateToken();
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${app.url.replace('http', 'ws')}/v3/directline/conversations/${mine.conversationId}/stream?t=${other.token}`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
    });
    expect(status).toBe(403);
  });

  test('refresh gives a new token for the same conversation', async () => {
    const { token, conversationId } = await generateToken();
    const response = await fetch(`${domain()}/tokens/refresh`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    const body = (await response.json()) as { conversationId: string; token: string };
    expect(body.conversationId).toBe(conversationId);
    expect(new DirectLineTokens(TEST_DIRECTLINE_SECRET, 60).verify(body.token).conv).toBe(conversationId);
  });
});

describe('bad bodies', () => {
  test.each<[string, string, string, number]>([
    ['malformed JSON', '{"type":', 'application/json', 400],
    ['an unknown activity type', JSON.stringify({ type: 'invoke' }), 'application/json', 400],
    ['text that is not a string', JSON.stringify({ type: 'message', text: { $gt: '' } }), 'application/json', 400],
    ['not JSON', 'hello', 'text/plain', 415],
    ['a body over the size bound', JSON.stringify({ type: 'message', text: 'x'.repeat(300_000) }), 'application/json', 413],
  ])('%s: a clear 4xx', async (_name, body, type, status) => {
    const { token, conversationId } = await generateToken();
    const before = await app.db.models.webChatActivities.countDocuments({ conversationId });
    const response = await fetch(`${domain()}/conversations/${conversationId}/activities`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body });
    expect(response.status).toBe(status);
    expect(await app.db.models.webChatActivities.countDocuments({ conversationId })).toBe(before);
  });
});

test('the widget token endpoint is rate-limited per address', async () => {
  const limited = await startHotline({ db: app.db, env: { WEBCHAT_TOKENS_PER_MINUTE: '3' } });
  try {
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await fetch(`${limited.url}/api/webchat/token`, { method: 'POST' })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  } finally {
    await limited.stop();
  }
});

test('CORS: a preflight from another site is allowed with the headers Direct Line clients add', async () => {
  const response = await fetch(`${domain()}/conversations`, {
    method: 'OPTIONS',
    headers: { origin: 'https://embassy.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-requested-with,x-ms-bot-agent' },
  });
  expect(response.status).toBe(204);
  expect(response.headers.get('access-control-allow-origin')).toBe('*');
  expect(response.headers.get('access-control-allow-headers')).toContain('x-requested-with');
});

test('"delete my data" in web chat also erases the web chat history', async () => {
  const { token, conversationId } = await generateToken();
  const client = new OfficialClient(token);
  try {
    await client.say('hello');
    await client.say('1');
    expect(await client.say('delete my data')).toMatch(/delete everything/);
    expect(await client.say('1')).toMatch(/has been deleted/);
    const left = await app.hotline.directLine.store.after(conversationId);
    // Only the confirmation, sent after the erasure, is left.
    expect(left.activities.map((a) => (a as { text?: string }).text)).toEqual([expect.stringMatching(/has been deleted/)]);
  } finally {
    client.end();
  }
});
