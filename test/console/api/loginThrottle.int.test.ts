// Sign-in throttling as an attacker meets it: 150 guesses at once, spread over
// two hotline processes on one database, cannot check more than five passwords
// for one account from one address; the real user, from elsewhere, still gets in.
import { startHotline, type RunningHotline } from '../../helpers/hotline';
import { openTestDatabase, type TestDatabase } from '../../helpers/database';

jest.setTimeout(120_000);
const PASSWORD = 'correct horse battery staple';
let db: TestDatabase;
let first: RunningHotline;
let second: RunningHotline;

beforeAll(async () => {
  db = await openTestDatabase('throttle');
  const env = { TRUST_PROXY: 'on', CONSOLE_SESSION_HOURS: '2' };
  first = await startHotline({ db, env });
  second = await startHotline({ db, env });
  await first.hotline.accounts.createUser({ username: 'target', password: PASSWORD, roles: ['supervisor'], languages: [] });
});
afterAll(async () => {
  await first.stop();
  await second.stop();
  await db.close();
});

function login(app: RunningHotline, password: string, address: string, username = 'target'): Promise<Response> {
  return fetch(`${app.url}/console/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ username, password }),
  });
}

test('149 parallel wrong passwords across two processes: at most 5 are checked, the rest get 429; then the right one from that address is refused too', async () => {
  const attacker = '203.0.113.9';
  const responses = await Promise.all(Array.from({ length: 149 }, (_, i) => login(i % 2 ? first : second, `wrong guess ${i}`, attacker)));
  const statuses = responses.map((response) => response.status);
  const checked = statuses.filter((status) => status === 401).length;
  expect(checked).toBeGreaterThanOrEqual(1);
  expect(checked).toBeLessThanOrEqual(5);
  expect(statuses.filter((status) => status === 429)).toHaveLength(149 - checked);
  expect(statuses.filter((status) => status === 200)).toHaveLength(0);
  const rightButThrottled = await login(first, PASSWORD, attacker);
  expect(rightButThrottled.status).toBe(429);
  expect(Number(rightButThrottled.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(rightButThrottled.headers.get('set-cookie')).toBeNull();
});

test('the real user signs in from another address while the attacker is throttled: no lock-out an attacker can trigger', async () => {
  const response = await login(second, PASSWORD, '198.51.100.7');
  expect(response.status).toBe(200);
  // The cookie's lifetime is CONSOLE_SESSION_HOURS (2 h here), not a constant.
  expect(response.headers.get('set-cookie')).toMatch(/Max-Age=7200/);
});

test('one address guessing many accounts is stopped after 30 failures', async () => {
  const sprayer = '192.0.2.44';
  const statuses: number[] = [];
  for (let i = 0; i < 32; i++) statuses.push((await login(first, 'Summer2026!', sprayer, `user${i}`)).status);
  expect(statuses.slice(0, 30).every((status) => status === 401)).toBe(true);
  expect(statuses.slice(30)).toEqual([429, 429]);
});

test('attempts are kept in MongoDB under hashed keys: neither the username nor the address is stored', async () => {
  const docs = await db.models.loginAttempts.find({}).lean();
  expect(docs.length).toBeGreaterThan(0);
  const dump = JSON.stringify(docs);
  expect(dump).not.toContain('target');
  expect(dump).not.toContain('203.0.113.9');
});
