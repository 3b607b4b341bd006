// GET /metrics on a real server: off without METRICS_TOKEN, refused without the
// right bearer token, and what it counts moves with what the hotline does.
import { createServer } from 'node:net';
import { Chat, joined, startHotline, type RunningHotline } from '../helpers/hotline';
import { until } from '../helpers/until';

const TOKEN = 'metrics-token-0123456789abcdefghijklmnop';
let app: RunningHotline;
beforeAll(async () => {
  app = await startHotline({ env: { METRICS_TOKEN: TOKEN } });
});
afterAll(async () => {
  await app.stop();
  await app.db.close();
});

const scrape = (token = TOKEN) => fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });

/** The value of one sample in the exposition text, 0 when absent. */
async function sample(name: string, labels: Record<string, string> = {}): Promise<number> {
  const response = await scrape();
  expect(response.status).toBe(200);
  const text = await response.text();
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '').split(',').filter(Boolean);
    if (wanted.every((label) => have.includes(label)) && have.length === wanted.length) return Number(match[3]);
  }
  return 0;
}

test('without METRICS_TOKEN there is no /metrics route: 404', async () => {
  const plain = await startHotline({ db: app.db });
  try {
    const response = await fetch(`${plain.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(404);
    expect(await response.text()).not.toMatch(/hotline_turns_total/);
  } finally {
    await plain.stop();
  }
});

test('no token or a wrong one: 401 and no metrics; the right one: 200 with every metric named', async () => {
  const none = await fetch(`${app.url}/metrics`);
  expect(none.status).toBe(401);
  expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
  for (const wrong of ['wrong', `${TOKEN}x`, TOKEN.slice(0, -1)]) {
    const response = await scrape(wrong);
    expect(response.status).toBe(401);
    expect(await response.text()).not.toMatch(/hotline_/);
  }
  const response = await scrape();
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  expect(response.headers.get('cache-control')).toBe('no-store');
  const text = await response.text();
  for (const name of ['hotline_turns_total', 'hotline_turn_duration_seconds', 'hotline_handoff_queue_length', 'hotline_outbound_failures_total', 'hotline_inbox_backlog', 'hotline_process_resident_memory_bytes']) {
    expect(text).toContain(`# TYPE ${name} `);
  }
});

test('a turn counts once as answered, with its duration; its redelivery counts as a duplicate', async () => {
  const labels = { channel: 'emulator', outcome: 'answered' };
  const before = await sample('hotline_turns_total', labels);
  const timedBefore = await sample('hotline_turn_duration_seconds_count', { channel: 'emulator' });
  const chat = new Chat(app.url, 'emulator');
  const activity = { type: 'message', id: 'metrics-hello', text: 'hello' };
  expect((await chat.post(activity)).status).toBe(200);
  expect(await sample('hotline_turns_total', labels)).toBe(before + 1);
  expect(await sample('hotline_turn_duration_seconds_count', { channel: 'emulator' })).toBe(timedBefore + 1);

  const duplicates = await sample('hotline_turns_total', { channel: 'emulator', outcome: 'duplicate' });
  expect((await chat.post(activity)).status).toBe(200);
  expect(await sample('hotline_turns_total', { channel: 'emulator', outcome: 'duplicate' })).toBe(duplicates + 1);
  expect(await sample('hotline_turns_total', labels)).toBe(before + 1);
});

test('a channel id nobody configured is counted as "other", never as a label of its own', async () => {
  const before = await sample('hotline_turns_total', { channel: 'other', outcome: 'answered' });
  expect(joined(await new Chat(app.url, 'made-up-channel-7f3a').say('hello'))).toMatch(/English/);
  expect(await sample('hotline_turns_total', { channel: 'other', outcome: 'answered' })).toBe(before + 1);
  expect(await (await scrape()).text()).not.toContain('made-up-channel-7f3a');
});

test('the handoff queue is read from the database by priority when scraped', async () => {
  const chat = new Chat(app.url, 'emulator');
  await chat.say('hello');
  await chat.say('1');
  await chat.say('human');
  const queued = (await app.db.models.handoffs.find({ status: 'queued' }).lean()).filter((handoff) => !handoff.training);
  expect(queued.length).toBeGreaterThan(0);
  for (const priority of ['critical', 'high', 'medium', 'low']) {
    expect(await sample('hotline_handoff_queue_length', { priority })).toBe(queued.filter((handoff) => handoff.priority === priority).length);
  }
  await app.db.models.handoffs.updateMany({ status: 'queued' }, { $set: { status: 'closed' } });
  for (const priority of ['critical', 'high', 'medium', 'low']) expect(await sample('hotline_handoff_queue_length', { priority })).toBe(0);
});

test('a reply that cannot be sent counts as an outbound failure of its channel', async () => {
  // A port nothing listens on: the Emulator's serviceUrl refuses the connection.
  const closed = createServer();
  const port = await new Promise<number>((resolve) => closed.listen(0, '127.0.0.1', () => resolve((closed.address() as { port: number }).port)));
  await new Promise((resolve) => closed.close(resolve));
  const before = await sample('hotline_outbound_failures_total', { channel: 'emulator' });
  const chat = new Chat(app.url, 'emulator');
  await chat.post({ type: 'message', id: 'metrics-unsendable', text: 'hello', deliveryMode: 'normal', serviceUrl: `http://127.0.0.1:${port}/` });
  await until(async () => (await sample('hotline_outbound_failures_total', { channel: 'emulator' })) > before, 'the failed send counted');
  expect(await sample('hotline_turns_total', { channel: 'emulator', outcome: 'error' })).toBeGreaterThan(0);
});

test('an inbox plugs its backlog in, read on every scrape, and unplugs it', async () => {
  let waiting = 7;
  const unregister = app.hotline.metrics.registerInboxBacklog('whatsappCloud', async () => waiting);
  expect(await sample('hotline_inbox_backlog', { source: 'whatsappCloud' })).toBe(7);
  waiting = 2;
  expect(await sample('hotline_inbox_backlog', { source: 'whatsappCloud' })).toBe(2);
  unregister();
  expect(await (await scrape()).text()).not.toMatch(/hotline_inbox_backlog\{source="whatsappCloud"\}/);
});
