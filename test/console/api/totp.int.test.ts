// A second factor for supervisors and admins where it is required: a password alone
// opens only enrolment; after enrolment the code is needed, once per code.
import { totpCode, totpStep } from '../../../services/totp';
import { startHotline, type RunningHotline } from '../../helpers/hotline';

jest.setTimeout(60_000);
const PASSWORD = 'correct horse battery staple';
let app: RunningHotline;

beforeAll(async () => {
  app = await startHotline({ env: { CONSOLE_TOTP: 'required' } });
  await app.hotline.accounts.createUser({ username: 'boss', password: PASSWORD, roles: ['supervisor'], languages: [] });
  await app.hotline.accounts.createUser({ username: 'worker', password: PASSWORD, roles: ['caseWorker'], languages: [] });
});
afterAll(async () => {
  await app.stop();
  await app.db.close();
});

async function login(username: string, code?: string) {
  const response = await fetch(`${app.url}/console/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD, ...(code ? { code } : {}) }) });
  const body = (await response.json()) as { csrfToken?: string; mustEnrollTotp?: boolean; error?: { code: string } };
  return { status: response.status, body, cookie: response.headers.get('set-cookie')?.split(';')[0] ?? '' };
}

const call = (who: { cookie: string; body: { csrfToken?: string } }, method: string, path: string, body?: unknown) =>
  fetch(`${app.url}${path}`, { method, headers: { cookie: who.cookie, 'x-csrf-token': who.body.csrfToken ?? '', ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });

test('a case worker needs no second factor', async () => {
  const worker = await login('worker');
  expect(worker.status).toBe(200);
  expect(worker.body.mustEnrollTotp).toBe(false);
  expect((await call(worker, 'GET', '/console/api/queue')).status).toBe(200);
});

test('a supervisor with a password only may enrol and nothing else; then needs the code, and a code works once', async () => {
  const first = await login('boss');
  expect(first.status).toBe(200);
  expect(first.body.mustEnrollTotp).toBe(true);
  const blocked = await call(first, 'GET', '/console/api/queue');
  expect(blocked.status).toBe(403);
  expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe('TotpEnrollmentRequired');
  expect((await call(first, 'GET', '/console/api/stats')).status).toBe(403);

  const started = await call(first, 'POST', '/console/api/me/totp');
  expect(started.status).toBe(200);
  const { secret, uri } = (await started.json()) as { secret: string; uri: string };
  expect(uri).toContain(`secret=${secret}`);
  const stored = JSON.stringify(await app.db.models.consoleUsers.findOne({ username: 'boss' }).lean());
  expect(stored).not.toContain(secret); // encrypted at rest

  expect((await call(first, 'POST', '/console/api/me/totp/confirm', { code: '000000' })).status).toBe(400);
  const step = totpStep(new Date());
  expect((await call(first, 'POST', '/console/api/me/totp/confirm', { code: totpCode(secret, step) })).status).toBe(200);
  expect((await call(first, 'GET', '/console/api/queue')).status).toBe(200);
  expect((await call(first, 'POST', '/console/api/me/totp')).status).toBe(409);

  const withoutCode = await login('boss');
  expect(withoutCode.status).toBe(401);
  expect(withoutCode.body.error?.code).toBe('TotpRequired');
  expect(withoutCode.cookie).toBe('');
  expect((await login('boss', '123456')).status).toBe(401);
  const next = totpCode(secret, step + 1);
  const signedIn = await login('boss', next);
  expect(signedIn.status).toBe(200);
  expect(signedIn.body.mustEnrollTotp).toBe(false);
  // The same code again (seen over a shoulder) is refused.
  expect((await login('boss', next)).status).toBe(401);
});
