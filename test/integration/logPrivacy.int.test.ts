// No personal data in the logs: a whole scenario (a report with name, phone,
// narrative and location over /api/messages, the handoff, a case worker's message
// and the worker's answer in the live chat) with every log line captured at debug
// level, then scanned for the worker's strings, their phone number and their ids.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '../../kernel/logger';
import { Chat, joined, startHotline, type RunningHotline } from '../helpers/hotline';
import { until } from '../helpers/until';

const WORKER = {
  narrative: 'Madam Khadija shouts at me every day and has not paid me since March',
  location: 'Villa 12 behind the Seef mall',
  employer: 'Al Noor Cleaning Services',
  phone: '+973 3312 3456',
  contactTime: 'Thursday after nine in the evening',
  codeWord: 'pomegranate',
  name: 'Rosalinda Bautista',
  live: 'They took my passport, my number is still +973 3312 3456',
};
const CASE_WORKER_MESSAGE = 'Rosalinda, we will call you on Thursday, the code word is pomegranate';
const PASSWORD = 'correct horse battery staple';

let app: RunningHotline;
// Twenty turns, a sign-in (argon2id, slow on purpose) and a live chat on a busy machine.
jest.setTimeout(60_000);
const lines: string[] = [];
/** The Bot Framework connector stand-in: what the hotline sends outside a turn's reply (the case worker's message, the hand-back). */
let connector: Server;
const proactive: Array<{ text?: string }> = [];

beforeAll(async () => {
  connector = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      if (req.method === 'POST' && body) proactive.push(JSON.parse(body) as { text?: string });
      // restify patches Node's ServerResponse: writeHead does not chain here.
      res.statusCode = 200;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id: `sent-${proactive.length}` }));
    });
  });
  await new Promise<void>((resolve) => connector.listen(0, '127.0.0.1', resolve));
  app = await startHotline({ logger: new Logger('debug', (line) => lines.push(line)) });
});
afterAll(async () => {
  await app.stop();
  await app.db.close();
  await new Promise((resolve) => connector.close(resolve));
});

test('a report, its handoff and a live chat leave no worker string, phone number or user id in the logs', async () => {
  const serviceUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}/`;
  const chat = new Chat(app.url, 'emulator');
  const say = async (text: string) => joined(await chat.say(text, { serviceUrl }));
  expect(await say('hello')).toMatch(/English/);
  expect(await say('1')).toMatch(/What do you need\?/);
  expect(await say('1')).toMatch(/encrypted/);
  expect(await say('1')).toMatch(/What is happening/);
  expect(await say('1 2')).toMatch(/What kind of work/);
  expect(await say('1')).toMatch(/Which country/);
  expect(await say('4')).toMatch(/own words/);
  expect(await say(WORKER.narrative)).toMatch(/which area/i);
  expect(await say(WORKER.location)).toMatch(/Since when/);
  expect(await say('3')).toMatch(/employer/);
  expect(await say(WORKER.employer)).toMatch(/Are you safe now/);
  expect(await say('1')).toMatch(/contact you later/);
  expect(await say('2')).toMatch(/Which phone number/);
  expect(await say(WORKER.phone)).toMatch(/When is it safe/);
  expect(await say(WORKER.contactTime)).toMatch(/code word/);
  expect(await say(WORKER.codeWord)).toMatch(/What name/);
  expect(await say(WORKER.name)).toMatch(/refer your case/);
  expect(await say('1')).toMatch(/Shall we send it/);
  const caseNumber = /BH-\d{4}-\d{6}/.exec(await say('1'))![0];

  // The handoff the report made, claimed by a case worker who writes to the worker and reads the answer.
  const handoff = await app.db.models.handoffs.findOne({ caseNumber, status: 'queued' }).lean();
  expect(handoff).not.toBeNull();
  await app.hotline.accounts.createUser({ username: 'amina', displayName: 'Amina', password: PASSWORD, roles: ['caseWorker'], languages: ['en'] });
  const login = await fetch(`${app.url}/console/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'amina', password: PASSWORD }) });
  expect(login.status).toBe(200);
  const headers = { cookie: login.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken, 'content-type': 'application/json' };
  const onHandoff = (method: string, path: string, body?: unknown) => fetch(`${app.url}/console/api/handoffs/${String(handoff!._id)}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  expect((await onHandoff('POST', '/claim')).status).toBe(200);
  expect((await onHandoff('POST', '/messages', { text: CASE_WORKER_MESSAGE })).status).toBe(200);
  await until(() => proactive.some((activity) => activity.text === CASE_WORKER_MESSAGE), "the case worker's message at the connector");
  expect(await say(WORKER.live)).toBe(''); // held: the bot stays quiet, the console hears it
  await until(async () => (await app.hotline.transcripts.read(handoff!.userHash)).some((line) => line.text === WORKER.live), "the worker's live message in the transcript");
  expect((await onHandoff('POST', '/close')).status).toBe(200);
  await until(() => proactive.some((activity) => /closed this conversation/.test(activity.text ?? '')), 'the hand-back');

  // The logs said something of all this, and none of it personal.
  const log = lines.join('\n');
  const events = lines.map((line) => (JSON.parse(line) as { event: string }).event);
  expect(events.filter((event) => event === 'turn.ended').length).toBeGreaterThanOrEqual(20);
  const requests = lines.map((line) => JSON.parse(line) as { event: string; route?: string }).filter((line) => line.event === 'http.request');
  expect(requests.map((line) => line.route)).toEqual(expect.arrayContaining(['/api/messages', '/console/api/handoffs/:id/messages']));
  const forbidden = [
    ...Object.values(WORKER),
    CASE_WORKER_MESSAGE,
    'Khadija', 'Seef', 'Al Noor', 'Rosalinda', 'Bautista', 'pomegranate', 'passport',
    '33123456', '3312 3456', '97333123456',
    chat.userId, chat.conversationId, chat.userId.replace(/^user-/, ''),
  ];
  for (const text of forbidden) expect({ text, found: log.includes(text) }).toEqual({ text, found: false });
});
