// The database goes away mid-conversation: the worker is answered at once, in
// their language, with the emergency number; what they wrote waits on disk
// (encrypted) and /healthz says so; when the database is back the message runs
// as the turn it was, its replies reach the worker's channel, nothing is lost.
// A real mongo-java-server of the test's own on an H2 file, stopped and started
// again on the same port; a loopback stand-in of the Bot Framework connector
// (the protocol a channel's service URL speaks) receives the proactive replies.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../app/config';
import { connectDatabase, ensureMongoJavaServer, startMongoJavaServer, type MongoJavaServer } from '../../app/database';
import { createHotline, type Hotline } from '../../app/hotline';
import { Logger } from '../../kernel/logger';
import { TEST_KEYS } from '../helpers/hotline';
import { until } from '../helpers/until';

jest.setTimeout(120_000);

let jar: string;
let dir: string;
let spoolDir: string;
let port: number;
let database: MongoJavaServer;
let hotline: Hotline;
let url: string;
let connector: Server;
let connectorUrl: string;
/** What the hotline posted to the connector stand-in: conversation id and text. */
const delivered: Array<{ conversation: string; text: string }> = [];

beforeAll(async () => {
  const found = process.env.EMBEDDED_DB_JAR || ensureMongoJavaServer();
  if (!found) throw new Error('mongo-java-server needs Java 17 and Maven (or EMBEDDED_DB_JAR)');
  jar = found;
  dir = mkdtempSync(join(tmpdir(), 'hotline-down-db-'));
  spoolDir = mkdtempSync(join(tmpdir(), 'hotline-down-spool-'));
  database = await startMongoJavaServer(jar, { dir });
  port = Number(new URL(database.uri).port);

  connector = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const match = /^\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
      const activity = JSON.parse(body || '{}') as { text?: string };
      if (match) delivered.push({ conversation: decodeURIComponent(match[1]!), text: activity.text ?? '' });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: randomUUID() }));
    });
  });
  await new Promise<void>((resolve) => connector.listen(0, '127.0.0.1', resolve));
  connectorUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}`;

  const config = loadConfig({ NODE_ENV: 'test', STAFFED_FROM: '00:00', STAFFED_UNTIL: '23:59', SPOOL_DIR: spoolDir });
  hotline = await createHotline(config, TEST_KEYS, await connectDatabase(database.uri, 'down'), new Logger(process.env.DOWN_LOG ? 'info' : 'silent'));
  url = `http://127.0.0.1:${(await hotline.start({ port: 0, host: '127.0.0.1' })).port}`;
});
afterAll(async () => {
  await hotline?.stop();
  await database?.stop();
  await new Promise<void>((resolve) => (connector ? connector.close(() => resolve()) : resolve()));
  rmSync(dir, { recursive: true, force: true });
  rmSync(spoolDir, { recursive: true, force: true });
});

/** One worker over /api/messages; replies come back in the response (expectReplies) or, later, to the connector. */
function worker() {
  const id = randomUUID();
  const conversation = `conv-${id}`;
  return {
    conversation,
    userId: `user-${id}`,
    async say(text: string, locale?: string): Promise<string[]> {
      const response = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', id: randomUUID(), text, locale, channelId: 'emulator', deliveryMode: 'expectReplies', serviceUrl: connectorUrl, from: { id: `user-${id}` }, recipient: { id: 'hotline' }, conversation: { id: conversation } }),
      });
      expect(response.status).toBe(200);
      return (((await response.json()) as { activities?: Array<{ text?: string }> }).activities ?? []).map((activity) => activity.text ?? '');
    },
  };
}

const health = async () => {
  const response = await fetch(`${url}/healthz`);
  return { status: response.status, body: (await response.json()) as { database: string; spooledTurns?: number } };
};

test('the database stops: an SOS is answered with the emergency number and kept; when it is back, it becomes the case it would have been', async () => {
  const anna = worker();
  expect((await anna.say('hello')).join('\n')).toMatch(/English/);
  expect(await health()).toEqual({ status: 200, body: { status: 'ok', database: 'ok', spooledTurns: 0 } });

  await database.stop();
  const down = await anna.say('SOS, my employer locked me in');
  expect(down).toHaveLength(1);
  expect(down[0]).toMatch(/answer you here as soon as we can/);
  expect(down[0]).toMatch(/999/);
  // A second worker writes in Arabic: answered in Arabic (from the message, not from any stored choice), right to left.
  const layla = worker();
  const arabic = await layla.say('أنا في خطر، صاحب العمل أخذ جوازي');
  expect(arabic[0]).toMatch(/سنرد عليك هنا/);
  expect(arabic[0]).toMatch(/999/);

  // Both wait on disk, encrypted; /healthz says the database is down and how many wait.
  const files = readdirSync(spoolDir).filter((name) => name.endsWith('.turn'));
  expect(files).toHaveLength(2);
  for (const file of files) expect(readFileSync(join(spoolDir, file), 'utf8')).not.toMatch(/locked|خطر|user-/);
  expect(await health()).toEqual({ status: 503, body: { status: 'degraded', database: 'unreachable', spooledTurns: 2 } });

  // Back on the same port and files: the spool drains by itself.
  database = await startMongoJavaServer(jar, { dir }, 30_000, port);
  await until(async () => (await health()).body.spooledTurns === 0 && (await health()).status === 200, 'the spool to drain', 60_000);

  // Anna's SOS is a critical case now, queued for a person, and its replies reached her channel.
  const userHash = hotline.hasher.hash('emulator', anna.userId);
  const cases = await hotline.models.cases.find({ userHash }).lean();
  expect(cases).toHaveLength(1);
  expect(cases[0]).toMatchObject({ priority: 'critical', source: 'safetyInterrupt' });
  expect(await hotline.models.handoffs.countDocuments({ userHash })).toBe(1);
  const toAnna = delivered.filter((reply) => reply.conversation === anna.conversation).map((reply) => reply.text).join('\n');
  expect(toAnna).toContain(cases[0]!.caseNumber);
  // Layla's message ran too: a case of hers exists.
  expect(await hotline.models.cases.countDocuments({ userHash: hotline.hasher.hash('emulator', layla.userId) })).toBe(1);
  expect(readdirSync(spoolDir)).toEqual([]);

  // And the hotline goes on as before.
  expect(await anna.say('menu')).not.toHaveLength(0);
});
