// The console API against the real database and server: who may do what, an
// atomic claim, live chat through the worker's own channel (web chat), the
// hand-back to the bot, and bad input.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { LOCALES_DIR } from '../../../kernel/i18n';
import { unverifiedFacts } from '../../../services/countryProfile';
import { CASE_STATUS_TRANSITIONS, CASE_STATUSES, PRIORITIES } from '../../../models/domain';
import { startHotline, TEST_DIRECTLINE_SECRET, type RunningHotline } from '../../helpers/hotline';

let app: RunningHotline;
// argon2id is slow on purpose (64 MiB, 3 passes): sign-ins take a few hundred ms each.
jest.setTimeout(30_000);
const PASSWORD = 'correct horse battery staple';

interface Staff {
  cookie: string;
  csrf: string;
  id: string;
}
const staff: Record<'caseWorker' | 'caseWorker2' | 'supervisor' | 'admin', Staff> = {} as never;

async function login(username: string, password = PASSWORD): Promise<Response> {
  return fetch(`${app.url}/console/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
}

async function signIn(username: string): Promise<Staff> {
  const response = await login(username);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { csrfToken: string; user: { id: string } };
  return { cookie: response.headers.get('set-cookie')!.split(';')[0]!, csrf: body.csrfToken, id: body.user.id };
}

function call(who: Staff | undefined, method: string, path: string, body?: unknown, { csrf = true } = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  if (who) headers.cookie = who.cookie;
  if (who && csrf) headers['x-csrf-token'] = who.csrf;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${app.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** A worker on web chat (Direct Line over HTTP) who asks for a person; returns the handoff id. */
async function workerAsksForPerson(): Promise<{ conversationId: string; token: string; handoffId: string; say(text: string): Promise<void>; texts(): Promise<string[]> }> {
  const generated = (await (await fetch(`${app.url}/v3/directline/tokens/generate`, { method: 'POST', headers: { authorization: `Bearer ${TEST_DIRECTLINE_SECRET}` } })).json()) as { conversationId: string; token: string };
  const headers = { authorization: `Bearer ${generated.token}`, 'content-type': 'application/json' };
  const say = async (text: string) => {
    const response = await fetch(`${app.url}/v3/directline/conversations/${generated.conversationId}/activities`, { method: 'POST', headers, body: JSON.stringify({ type: 'message', text }) });
    expect(response.status).toBe(200);
  };
  const texts = async () => {
    const set = (await (await fetch(`${app.url}/v3/directline/conversations/${generated.conversationId}/activities`, { headers })).json()) as { activities: Array<{ from: { role?: string }; text?: string }> };
    return set.activities.filter((a) => a.from.role === 'bot').map((a) => a.text ?? '');
  };
  await say('hello');
  await say('1');
  await say('human');
  const userHash = app.hotline.hasher.hash('webchat', (await app.hotline.directLine.store.after(generated.conversationId)).activities[0]!.from!.id);
  const handoff = await app.db.models.handoffs.findOne({ userHash, status: 'queued' }).lean();
  return { ...generated, handoffId: String(handoff!._id), say, texts };
}

beforeAll(async () => {
  app = await startHotline();
  const accounts = app.hotline.accounts;
  await accounts.createUser({ username: 'amina', displayName: 'Amina', password: PASSWORD, roles: ['caseWorker'], languages: ['en', 'ar'] });
  await accounts.createUser({ username: 'joseph', displayName: 'Joseph', password: PASSWORD, roles: ['caseWorker'], languages: ['en'] });
  await accounts.createUser({ username: 'sara', displayName: 'Sara', password: PASSWORD, roles: ['supervisor'], languages: [] });
  await accounts.createUser({ username: 'root', displayName: 'Admin', password: PASSWORD, roles: ['admin'], languages: [] });
  staff.caseWorker = await signIn('amina');
  staff.caseWorker2 = await signIn('joseph');
  staff.supervisor = await signIn('sara');
  staff.admin = await signIn('root');
});
afterAll(async () => {
  await app.stop();
  await app.db.close();
});

test('the first admin comes from the environment only when there is no account', async () => {
  expect(await app.hotline.accounts.ensureFirstAdmin('another', PASSWORD)).toBe(false);
});

test('a worker asks for a person; a case worker claims, replies on web chat, hears the worker live, and closes back to the bot', async () => {
  const worker = await workerAsksForPerson();
  const queue = (await (await call(staff.caseWorker, 'GET', '/console/api/queue')).json()) as { handoffs: Array<{ id: string; status: string; language: string; overdue: boolean }> };
  expect(queue.handoffs.find((e) => e.id === worker.handoffId)).toMatchObject({ status: 'queued', language: 'en', overdue: false });

  const live = new WebSocket(`${app.url.replace('http', 'ws')}/console/live`, { headers: { cookie: staff.caseWorker.cookie }, origin: app.url });
  const events: Array<{ type: string; from?: string; text?: string }> = [];
  live.on('message', (data) => events.push(JSON.parse(String(data))));
  await new Promise((resolve) => live.once('open', resolve));

  expect((await call(staff.caseWorker, 'POST', `/console/api/handoffs/${worker.handoffId}/claim`)).status).toBe(200);
  expect((await call(staff.caseWorker, 'POST', `/console/api/handoffs/${worker.handoffId}/messages`, { text: 'Hello, I am Amina from the hotline.' })).status).toBe(200);
  expect(await worker.texts()).toContain('Hello, I am Amina from the hotline.');

  // While a case worker holds the conversation the bot stays quiet; the message reaches the console.
  const before = (await worker.texts()).length;
  await worker.say('Thank you, my employer took my passport');
  expect((await worker.texts()).length).toBe(before);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(events).toContainEqual(expect.objectContaining({ type: 'message', from: 'worker', text: 'Thank you, my employer took my passport' }));

  const transcript = (await (await call(staff.caseWorker, 'GET', `/console/api/handoffs/${worker.handoffId}/transcript`)).json()) as { lines: Array<{ from: string; text: string }> };
  expect(transcript.lines.map((l) => l.from)).toEqual(expect.arrayContaining(['worker', 'bot', 'caseWorker']));
  expect(await app.db.models.audit.countDocuments({ action: 'transcript.view' })).toBeGreaterThan(0);

  expect((await call(staff.caseWorker, 'POST', `/console/api/handoffs/${worker.handoffId}/close`)).status).toBe(200);
  const after = await worker.texts();
  expect(after.at(-2)).toMatch(/closed this conversation/);
  expect(after.at(-1)).toMatch(/What do you need\?/);
  // Back with the bot: it answers again.
  await worker.say('2');
  expect((await worker.texts()).at(-1)).toMatch(/Which topic/);
  live.close();
});

test('two case workers claim at once: exactly one wins, the other is told who', async () => {
  for (let trial = 0; trial < 3; trial++) {
    const worker = await workerAsksForPerson();
    const [a, b] = await Promise.all([
      call(staff.caseWorker, 'POST', `/console/api/handoffs/${worker.handoffId}/claim`),
      call(staff.caseWorker2, 'POST', `/console/api/handoffs/${worker.handoffId}/claim`),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(((await loser.json()) as { error: { claimedByName: string } }).error.claimedByName).toMatch(/Amina|Joseph/);
  }
});

describe('access matrix: every endpoint × every role and no session', () => {
  let handoffId: string;
  let caseNumber: string;
  beforeAll(async () => {
    const worker = await workerAsksForPerson();
    handoffId = worker.handoffId;
    caseNumber = (await app.db.models.handoffs.findById(handoffId).lean())!.caseNumber;
  });

  type Who = 'none' | 'caseWorker' | 'caseWorker2' | 'supervisor' | 'admin';
  const as = (who: Who) => (who === 'none' ? undefined : staff[who]);
  test.each<[string, string, () => string, unknown, Record<Who, number>]>([
    ['GET', 'me', () => '/console/api/me', undefined, { none: 401, caseWorker: 200, caseWorker2: 200, supervisor: 200, admin: 200 }],
    ['POST', 'start a second factor', () => '/console/api/me/totp', undefined, { none: 401, caseWorker: 200, caseWorker2: 200, supervisor: 200, admin: 200 }],
    ['POST', 'confirm a second factor with a wrong code', () => '/console/api/me/totp/confirm', { code: '000000' }, { none: 401, caseWorker: 400, caseWorker2: 400, supervisor: 400, admin: 400 }],
    ['GET', 'my queue', () => '/console/api/queue', undefined, { none: 401, caseWorker: 200, caseWorker2: 200, supervisor: 200, admin: 200 }],
    ['GET', 'every queue', () => '/console/api/queue?scope=all', undefined, { none: 401, caseWorker: 403, caseWorker2: 403, supervisor: 200, admin: 200 }],
    ['POST', 'claim', () => `/console/api/handoffs/${handoffId}/claim`, undefined, { none: 401, caseWorker: 200, caseWorker2: 409, supervisor: 409, admin: 409 }],
    ['GET', 'transcript', () => `/console/api/handoffs/${handoffId}/transcript`, undefined, { none: 401, caseWorker: 200, caseWorker2: 403, supervisor: 200, admin: 200 }],
    ['POST', 'message', () => `/console/api/handoffs/${handoffId}/messages`, { text: 'hi' }, { none: 401, caseWorker: 200, caseWorker2: 403, supervisor: 200, admin: 200 }],
    ['GET', 'case', () => `/console/api/cases/${caseNumber}`, undefined, { none: 401, caseWorker: 200, caseWorker2: 200, supervisor: 200, admin: 200 }],
    ['POST', 'release', () => `/console/api/handoffs/${handoffId}/release`, undefined, { none: 401, caseWorker2: 403, caseWorker: 200, supervisor: 409, admin: 409 }],
    ['POST', 'note', () => `/console/api/cases/${caseNumber}/notes`, { text: 'called back' }, { none: 401, caseWorker: 200, caseWorker2: 200, supervisor: 200, admin: 200 }],
    ['POST', 'status', () => `/console/api/cases/${caseNumber}/status`, { status: 'triaged' }, { none: 401, caseWorker: 409, caseWorker2: 409, supervisor: 409, admin: 409 }],
    ['POST', 'agency referral without consent', () => `/console/api/cases/${caseNumber}/referrals`, { agencyId: 'epc' }, { none: 401, caseWorker: 409, caseWorker2: 409, supervisor: 409, admin: 409 }],
    ['POST', 'transfer', () => `/console/api/handoffs/${handoffId}/transfer`, { toUserId: '0123456789abcdef01234567' }, { none: 401, caseWorker: 403, caseWorker2: 403, supervisor: 200, admin: 200 }],
    ['GET', 'statistics', () => '/console/api/stats', undefined, { none: 401, caseWorker: 403, caseWorker2: 403, supervisor: 200, admin: 200 }],
    ['GET', 'statistics CSV', () => '/console/api/stats.csv', undefined, { none: 401, caseWorker: 403, caseWorker2: 403, supervisor: 200, admin: 200 }],
    ['GET', 'users', () => '/console/api/users', undefined, { none: 401, caseWorker: 403, caseWorker2: 403, supervisor: 200, admin: 200 }],
    ['GET', 'review before deployment (admins only)', () => '/console/api/review', undefined, { none: 401, caseWorker: 403, caseWorker2: 403, supervisor: 403, admin: 200 }],
    ['GET', 'agencies', () => '/console/api/agencies/ar', undefined, { none: 401, caseWorker: 200, caseWorker2: 200, supervisor: 200, admin: 200 }],
    ['GET', 'canned responses', () => '/console/api/canned/en', undefined, { none: 401, caseWorker: 200, caseWorker2: 200, supervisor: 200, admin: 200 }],
    ['GET', 'training scenarios', () => '/console/api/training/scenarios', undefined, { none: 401, caseWorker: 200, caseWorker2: 200, supervisor: 200, admin: 200 }],
    ['POST', 'start training', () => '/console/api/training', { scenarioId: 'S5' }, { none: 401, caseWorker: 200, caseWorker2: 200, supervisor: 200, admin: 200 }],
    ['GET', 'console strings (public)', () => '/console/api/strings/ar', undefined, { none: 200, caseWorker: 200, caseWorker2: 200, supervisor: 200, admin: 200 }],
    ['GET', 'OpenAPI (public)', () => '/api/openapi.json', undefined, { none: 200, caseWorker: 200, caseWorker2: 200, supervisor: 200, admin: 200 }],
    ['POST', 'close (last: it ends the conversation)', () => `/console/api/handoffs/${handoffId}/close`, undefined, { none: 401, caseWorker: 403, caseWorker2: 403, supervisor: 200, admin: 409 }],
  ])('%s %s', async (method, _name, path, body, expected) => {
    for (const who of Object.keys(expected) as Who[]) {
      const response = await call(as(who), method, path(), body);
      expect(`${who}: ${response.status}`).toBe(`${who}: ${expected[who]}`);
    }
  });
});

describe('bad input gets a clear 4xx and changes nothing', () => {
  test('a forged session cookie is 401', async () => {
    const response = await fetch(`${app.url}/console/api/me`, { headers: { cookie: 'hotline_console=forged-value' } });
    expect(response.status).toBe(401);
  });

  test('a missing or wrong CSRF token is 403', async () => {
    const worker = await workerAsksForPerson();
    expect((await call(staff.caseWorker, 'POST', `/console/api/handoffs/${worker.handoffId}/claim`, undefined, { csrf: false })).status).toBe(403);
    const wrong = await fetch(`${app.url}/console/api/handoffs/${worker.handoffId}/claim`, { method: 'POST', headers: { cookie: staff.caseWorker.cookie, 'x-csrf-token': 'nope' } });
    expect(wrong.status).toBe(403);
    expect((await app.db.models.handoffs.findById(worker.handoffId).lean())!.status).toBe('queued');
  });

  test.each<[string, unknown, number]>([
    ['$-keys instead of text', { text: { $gt: '' } }, 400],
    ['an extra $-key', { text: 'hi', $where: '1' }, 400],
    ['a huge message', { text: 'x'.repeat(5000) }, 400],
    ['an empty message', { text: '   ' }, 400],
  ])('%s', async (_name, body, status) => {
    const worker = await workerAsksForPerson();
    await call(staff.caseWorker, 'POST', `/console/api/handoffs/${worker.handoffId}/claim`);
    const before = (await worker.texts()).length;
    expect((await call(staff.caseWorker, 'POST', `/console/api/handoffs/${worker.handoffId}/messages`, body)).status).toBe(status);
    expect((await worker.texts()).length).toBe(before);
  });

  test('a huge note, or a note with $-keys, is 400 and the case keeps its notes', async () => {
    const worker = await workerAsksForPerson();
    const caseNumber = (await app.db.models.handoffs.findById(worker.handoffId).lean())!.caseNumber;
    expect((await call(staff.caseWorker, 'POST', `/console/api/cases/${caseNumber}/notes`, { text: 'kept' })).status).toBe(200);
    expect((await call(staff.caseWorker, 'POST', `/console/api/cases/${caseNumber}/notes`, { text: 'x'.repeat(20_000) })).status).toBe(400);
    expect((await call(staff.caseWorker, 'POST', `/console/api/cases/${caseNumber}/notes`, { text: { $set: { notes: [] } } })).status).toBe(400);
    expect((await app.db.models.cases.findOne({ caseNumber }).lean())!.notes).toHaveLength(1);
  });

  test.each(['9999-99-99', '2026-02-30', '2026-13-01', 'yesterday', '2026-1-1'])('statistics from=%s is a clear 400, never a 500', async (from) => {
    for (const path of ['/console/api/stats', '/console/api/stats.csv']) {
      const response = await call(staff.supervisor, 'GET', `${path}?from=${encodeURIComponent(from)}&to=2026-12-31`);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/calendar date/);
    }
    expect((await call(staff.supervisor, 'GET', '/console/api/stats?from=2026-01-01&to=2026-12-31')).status).toBe(200);
  });

  test('a handoff id that is not one is 400; a case number that is not one is 400', async () => {
    expect((await call(staff.caseWorker, 'POST', '/console/api/handoffs/..%2f..%2fetc/claim')).status).toBe(400);
    expect((await call(staff.caseWorker, 'GET', '/console/api/cases/{"$ne":null}')).status).toBe(400);
  });

  test('wrong passwords from one address: 401 five times, then 429 with Retry-After, even for the right password', async () => {
    await app.hotline.accounts.createUser({ username: 'victim', password: PASSWORD, roles: ['caseWorker'], languages: [] });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await login('victim', 'wrong password!')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const throttled = await login('victim');
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  test('the session cookie is HttpOnly and SameSite=Strict', async () => {
    const response = await login('amina');
    expect(response.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
  });
});

test('the session tells the page the domain: priorities, statuses and their transitions, as models/domain.ts has them', async () => {
  const me = (await (await call(staff.caseWorker, 'GET', '/console/api/me')).json()) as { domain: unknown };
  expect(me.domain).toEqual({ priorities: [...PRIORITIES], statuses: [...CASE_STATUSES], transitions: CASE_STATUS_TRANSITIONS });
});

describe('working the case', () => {
  let caseNumber: string;
  beforeAll(async () => {
    const worker = await workerAsksForPerson();
    caseNumber = (await app.db.models.handoffs.findById(worker.handoffId).lean())!.caseNumber;
  });

  test('agencies come named in the asked language; notes show who wrote them', async () => {
    const agencies = (await (await call(staff.caseWorker, 'GET', '/console/api/agencies/ar')).json()) as { agencies: Array<{ id: string; name: string }> };
    expect(agencies.agencies.map((a) => a.id)).toEqual(app.hotline.profile.agencies.map((a) => a.id));
    expect(agencies.agencies[0]!.name).toMatch(/[\u0600-\u06ff]/);
    const users = (await (await call(staff.supervisor, 'GET', '/console/api/users')).json()) as { users: Array<{ displayName: string; id: string }> };
    expect(users.users.map((u) => u.displayName)).toEqual(expect.arrayContaining(['Amina', 'Joseph', 'Sara']));
    await call(staff.caseWorker, 'POST', `/console/api/cases/${caseNumber}/notes`, { text: 'first contact made' });
    const shown = (await (await call(staff.caseWorker, 'GET', `/console/api/cases/${caseNumber}`)).json()) as { case: { notes: Array<{ byName?: string }> } };
    expect(shown.case.notes.at(-1)!.byName).toBe('Amina');
  });

  test('notes are stored encrypted and shown decrypted; every case view is audited', async () => {
    expect((await call(staff.caseWorker, 'POST', `/console/api/cases/${caseNumber}/notes`, { text: 'Worker says the passport is in the employer\'s safe.' })).status).toBe(200);
    const raw = await app.db.models.cases.findOne({ caseNumber }).lean();
    expect(JSON.stringify(raw)).not.toContain('passport is in');
    const views = await app.db.models.audit.countDocuments({ action: 'case.view', target: caseNumber });
    const shown = (await (await call(staff.caseWorker, 'GET', `/console/api/cases/${caseNumber}`)).json()) as { case: { notes: Array<{ text: string }>; timeline: Array<{ event: string }> } };
    expect(shown.case.notes.map((note) => note.text).join('\n')).toMatch(/passport is in/);
    expect(shown.case.timeline.map((t) => t.event)).toContain('note');
    expect(await app.db.models.audit.countDocuments({ action: 'case.view', target: caseNumber })).toBe(views + 1);
  });

  test('status changes follow the workflow and land on the timeline', async () => {
    expect((await call(staff.caseWorker, 'POST', `/console/api/cases/${caseNumber}/status`, { status: 'inProgress' })).status).toBe(200);
    const wrong = await call(staff.caseWorker, 'POST', `/console/api/cases/${caseNumber}/status`, { status: 'new' });
    expect(wrong.status).toBe(409);
    expect((await call(staff.caseWorker, 'POST', `/console/api/cases/${caseNumber}/status`, { status: 'sideways' })).status).toBe(400);
  });

  test('a referral to an agency needs consent, unless a supervisor records imminent danger', async () => {
    const refused = await call(staff.caseWorker, 'POST', `/console/api/cases/${caseNumber}/referrals`, { agencyId: 'epc' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('NO_CONSENT');
    expect((await call(staff.caseWorker, 'POST', `/console/api/cases/${caseNumber}/referrals`, { agencyId: 'nowhere' })).status).toBe(400);
    // Acting without consent is a supervisor's decision (services/caseAccess.ts).
    const notAlone = await call(staff.caseWorker, 'POST', `/console/api/cases/${caseNumber}/referrals`, { agencyId: 'police', imminentDanger: true });
    expect(notAlone.status).toBe(403);
    expect(((await notAlone.json()) as { error: { code: string } }).error.code).toBe('NEEDS_SUPERVISOR');
    const urgent = await call(staff.supervisor, 'POST', `/console/api/cases/${caseNumber}/referrals`, { agencyId: 'police', imminentDanger: true });
    expect(await urgent.json()).toEqual({ basis: 'imminentDanger' });
    const doc = await app.db.models.cases.findOne({ caseNumber }).lean();
    expect(doc!.agencyReferrals).toEqual([expect.objectContaining({ agencyId: 'police', basis: 'imminentDanger', by: staff.supervisor.id })]);
  });

  test('canned responses in the worker\'s language', async () => {
    const canned = (await (await call(staff.caseWorker, 'GET', '/console/api/canned/ar')).json()) as { responses: Array<{ id: string; text: string }> };
    expect(canned.responses.find((r) => r.id === 'greeting')!.text).toMatch(/[\u0600-\u06ff]/);
  });

  test('supervisors: anonymised statistics and a CSV with small counts suppressed; case workers may not', async () => {
    expect((await call(staff.caseWorker, 'GET', '/console/api/stats')).status).toBe(403);
    const stats = (await (await call(staff.supervisor, 'GET', '/console/api/stats')).json()) as { total: number; counts: { type: Record<string, number> } };
    expect(stats.total).toBeGreaterThan(0);
    expect(stats.counts.type.callback).toBeGreaterThan(0);
    const csv = await (await call(staff.supervisor, 'GET', '/console/api/stats.csv')).text();
    expect(csv.split('\r\n')[0]).toBe('dimension,value,count');
    expect(csv).toMatch(/^type,callback,(\d+|<5)$/m);
    expect(csv).not.toMatch(/BH-\d{4}/); // no case numbers, no personal fields
  });

  test('a supervisor reassigns a handoff to another case worker', async () => {
    const worker = await workerAsksForPerson();
    expect((await call(staff.caseWorker, 'POST', `/console/api/handoffs/${worker.handoffId}/transfer`, { toUserId: staff.caseWorker2.id })).status).toBe(403);
    expect((await call(staff.supervisor, 'POST', `/console/api/handoffs/${worker.handoffId}/transfer`, { toUserId: staff.caseWorker2.id })).status).toBe(200);
    expect((await call(staff.caseWorker2, 'POST', `/console/api/handoffs/${worker.handoffId}/messages`, { text: 'Hello' })).status).toBe(200);
  });
});

test('an admin sees every unverified fact of the profile, with what to check, and each locale\'s review status', async () => {
  const response = await call(staff.admin, 'GET', '/console/api/review');
  expect(response.status).toBe(200);
  const review = (await response.json()) as {
    profile: { id: string; reviewStatus: string; unverified: Array<{ kind: string; id: string; note: string; number?: string }> };
    translations: Array<{ language: string; status: string; offered: boolean; review?: string }>;
  };
  expect(review.profile.id).toBe('bh');
  expect(review.profile.unverified.map((fact) => `${fact.kind}:${fact.id}`)).toEqual(unverifiedFacts(app.hotline.profile).map((fact) => `${fact.kind}:${fact.id}`));
  expect(review.profile.unverified.find((fact) => fact.id === 'policeEmergency')).toMatchObject({ kind: 'contact', number: '999', note: expect.stringMatching(/Confirm 999/) });
  expect(review.profile.unverified.find((fact) => fact.id === 'passport')).toMatchObject({ kind: 'rights', note: expect.stringMatching(/Penal Code/) });
  expect(review.translations.find((t) => t.language === 'en')).toMatchObject({ status: 'source', offered: true });
  const arabic = JSON.parse(readFileSync(join(LOCALES_DIR, 'ar', '_meta.json'), 'utf8')) as { review: string; status?: string };
  expect(review.translations.find((t) => t.language === 'ar')).toMatchObject({ offered: true, review: arabic.review, status: arabic.status ?? 'unrecorded' });
});

test('the API is described at /api/openapi.json, every console route included', async () => {
  const document = (await (await fetch(`${app.url}/api/openapi.json`)).json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
  expect(document.openapi).toBe('3.1.0');
  const routes = (app.hotline.server as unknown as { router: { getRoutes(): Record<string, { spec: { path: string; method: string } }> } }).router.getRoutes();
  const consoleRoutes = Object.values(routes)
    .map((route) => ({ path: String(route.spec.path).replace(/:(\w+)/g, '{$1}'), method: route.spec.method.toLowerCase() }))
    .filter((route) => route.path.startsWith('/console/api/'));
  expect(consoleRoutes.length).toBeGreaterThan(15);
  for (const route of consoleRoutes) expect(`${route.method} ${route.path}: ${Boolean(document.paths[route.path]?.[route.method])}`).toBe(`${route.method} ${route.path}: true`);
});

describe('training mode', () => {
  test('practice on a scenario: only the trainee sees it, the simulated worker answers, it is never counted', async () => {
    const scenarios = (await (await call(staff.caseWorker, 'GET', '/console/api/training/scenarios')).json()) as { scenarios: Array<{ id: string; language: string }> };
    expect(scenarios.scenarios.map((s) => s.id)).toEqual(expect.arrayContaining(['S1', 'S2', 'S3', 'S4', 'S5']));
    const statsBefore = (await (await call(staff.supervisor, 'GET', '/console/api/stats')).json()) as { total: number };

    const started = await call(staff.caseWorker, 'POST', '/console/api/training', { scenarioId: 'S1' });
    expect(started.status).toBe(200);
    const { handoffId } = (await started.json()) as { handoffId: string };

    const mine = (await (await call(staff.caseWorker, 'GET', '/console/api/queue')).json()) as { handoffs: Array<{ id: string; training: boolean }> };
    expect(mine.handoffs.find((e) => e.id === handoffId)).toMatchObject({ training: true });
    const theirs = (await (await call(staff.caseWorker2, 'GET', '/console/api/queue')).json()) as { handoffs: Array<{ id: string }> };
    expect(theirs.handoffs.find((e) => e.id === handoffId)).toBeUndefined();

    expect((await call(staff.caseWorker, 'POST', `/console/api/handoffs/${handoffId}/messages`, { text: 'Hello, I am here to help. Are you safe?' })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const transcript = (await (await call(staff.caseWorker, 'GET', `/console/api/handoffs/${handoffId}/transcript`)).json()) as { lines: Array<{ from: string; text: string }> };
    expect(transcript.lines.map((l) => `${l.from}: ${l.text}`)).toEqual([
      'worker: Hello, I need some help',
      'caseWorker: Hello, I am here to help. Are you safe?',
      'worker: My madam has not paid me for three months',
    ]);

    const caseNumber = (await app.db.models.handoffs.findById(handoffId).lean())!.caseNumber;
    expect(await app.db.models.cases.findOne({ caseNumber }).lean()).toMatchObject({ training: true, priority: 'high', priorityReasons: ['coreIndicator', 'domesticWorker'] });
    expect((await call(staff.caseWorker, 'POST', `/console/api/cases/${caseNumber}/referrals`, { agencyId: 'epc', imminentDanger: true })).status).toBe(409);
    expect((await call(staff.caseWorker, 'POST', `/console/api/handoffs/${handoffId}/close`)).status).toBe(200);
    const statsAfter = (await (await call(staff.supervisor, 'GET', '/console/api/stats')).json()) as { total: number };
    expect(statsAfter.total).toBe(statsBefore.total);
  });
});

test('live: what a worker writes reaches only the case worker holding the conversation (and supervisors)', async () => {
  const worker = await workerAsksForPerson();
  const listen = (who: Staff) => {
    const ws = new WebSocket(`${app.url.replace('http', 'ws')}/console/live`, { headers: { cookie: who.cookie }, origin: app.url });
    const texts: string[] = [];
    ws.on('message', (data) => {
      const event = JSON.parse(String(data)) as { type: string; text?: string };
      if (event.type === 'message') texts.push(event.text!);
    });
    return { ws, texts, open: new Promise((resolve) => ws.once('open', resolve)) };
  };
  const holder = listen(staff.caseWorker);
  const other = listen(staff.caseWorker2);
  const supervisor = listen(staff.supervisor);
  await Promise.all([holder.open, other.open, supervisor.open]);
  await call(staff.caseWorker, 'POST', `/console/api/handoffs/${worker.handoffId}/claim`);
  await worker.say('he hides my passport in the car');
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(holder.texts).toContain('he hides my passport in the car');
  expect(supervisor.texts).toContain('he hides my passport in the car');
  expect(other.texts).toEqual([]);
  for (const l of [holder, other, supervisor]) l.ws.close();
});

/** Every string stored in every collection, ciphertexts decrypted: what an attacker with the keys and the database would read. */
async function everythingStored(): Promise<string> {
  const cipher = app.hotline.cipher;
  const texts: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      texts.push(value);
      try {
        texts.push(cipher.decrypt(value));
      } catch {
        // not a ciphertext
      }
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value)) Object.values(value).forEach(walk);
  };
  const database = app.hotline.models.cases.db.db!;
  for (const { name } of await database.listCollections().toArray()) {
    for (const doc of await database.collection(name).find({}).toArray()) walk(doc);
  }
  return texts.join('\n');
}

test('"delete my data" while a case worker holds the chat erases everything, notes included: no string of the worker survives in any collection', async () => {
  const worker = await workerAsksForPerson();
  expect((await call(staff.caseWorker, 'POST', `/console/api/handoffs/${worker.handoffId}/claim`)).status).toBe(200);
  const name = 'Marisol Quintana-Zeta';
  const phone = '+973 3999 1234';
  const place = 'the blue villa behind the old mosque';
  await worker.say(`my name is ${name}, my phone is ${phone}, I live in ${place}`);
  const handoff = await app.db.models.handoffs.findById(worker.handoffId).lean();
  const { caseNumber } = (await app.db.models.cases.findById(handoff!.caseId).lean())!;
  expect((await call(staff.caseWorker, 'POST', `/console/api/cases/${caseNumber}/notes`, { text: `Called ${name} on ${phone}, near ${place}` })).status).toBeLessThan(300);
  expect(await everythingStored()).toContain(name); // the dump does see the worker's strings before erasure

  await worker.say('delete my data');
  await worker.say('1');
  const erased = await app.db.models.cases.findOne({ caseNumber }).lean();
  expect(erased).toMatchObject({ userHash: 'erased', notes: [] });
  const dump = await everythingStored();
  for (const secret of [name, phone, place, 'Quintana']) expect(dump).not.toContain(secret);
  expect(await app.db.models.audit.countDocuments({ action: 'erasure', 'detail.caseNumbers': caseNumber })).toBe(1);
});

const liveStatus = (options: { cookie?: string; origin?: string }): Promise<number> =>
  new Promise<number>((resolve) => {
    const ws = new WebSocket(`${app.url.replace('http', 'ws')}/console/live`, { headers: options.cookie ? { cookie: options.cookie } : {}, ...(options.origin ? { origin: options.origin } : {}) });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
  });

test('an unauthenticated live socket is refused', async () => {
  expect(await liveStatus({ origin: app.url })).toBe(401);
});

test('a live socket from another origin, or with no Origin, is refused even with a valid session cookie', async () => {
  expect(await liveStatus({ cookie: staff.caseWorker.cookie, origin: app.url })).toBe(101);
  expect(await liveStatus({ cookie: staff.caseWorker.cookie, origin: 'https://evil.example' })).toBe(403);
  expect(await liveStatus({ cookie: staff.caseWorker.cookie })).toBe(403);
});

test('console API answers are never cached; the session cookie lives as long as CONSOLE_SESSION_HOURS', async () => {
  const response = await fetch(`${app.url}/console/api/me`, { headers: { cookie: staff.caseWorker.cookie } });
  expect(response.headers.get('cache-control')).toBe('no-store');
  const login = await fetch(`${app.url}/console/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'nobody-here', password: 'wrong-password-123' }) });
  expect(login.headers.get('cache-control')).toBe('no-store');
});
