// Property-based fuzzing of every HTTP endpoint: fast-check generates bad input
// of every kind (random JSON and bytes, lying headers, odd path parameters,
// forged and real credentials) and the server must answer each with a clear
// reply, never a 5xx, and keep running. At least 10,000 inputs per run.
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { signWebhookBody } from '../../channels/whatsapp-cloud';
import { startHotline, TEST_DIRECTLINE_SECRET, type RunningHotline } from '../helpers/hotline';

jest.setTimeout(900_000);

const APP_SECRET = 'fuzz-app-secret-0123456789abcdef';
const PASSWORD = 'correct horse battery staple';
const RUNS_PER_ROUTE = 300;
let app: RunningHotline;
let session: { cookie: string; csrf: string };
let directLine: { conversationId: string; token: string };
let inputs = 0;

beforeAll(async () => {
  app = await startHotline({
    env: {
      WHATSAPP_MODE: 'cloud',
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_VERIFY_TOKEN: 'fuzz-verify-token-0123456789',
      WHATSAPP_ACCESS_TOKEN: 'EAAfuzz0123456789abcdefghij',
      WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
      // Nothing listens there: replies fail like an unreachable Graph API, which must not surface as a 5xx.
      WHATSAPP_GRAPH_URL: 'http://127.0.0.1:9/v21.0',
    },
  });
  await app.hotline.accounts.createUser({ username: 'fuzzer', password: PASSWORD, roles: ['admin', 'supervisor', 'caseWorker'], languages: [] });
  const login = await fetch(`${app.url}/console/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'fuzzer', password: PASSWORD }) });
  session = { cookie: login.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await login.json()) as { csrfToken: string }).csrfToken };
  const generated = await fetch(`${app.url}/v3/directline/tokens/generate`, { method: 'POST', headers: { authorization: `Bearer ${TEST_DIRECTLINE_SECRET}` } });
  directLine = (await generated.json()) as { conversationId: string; token: string };
});

afterAll(async () => {
  await app.hotline.whatsAppCloud?.webhook.idle();
  await app.stop();
  await app.db.close();
  // Guards the fuzzing itself: fewer inputs than this would be too little to trust.
  expect(inputs).toBeGreaterThanOrEqual(10_000);
});

/** Path parameters as an attacker would try them. */
const pathParam = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('..%2f..%2fetc%2fpasswd', '%00', '{"$ne":null}', '$where', '507f1f77bcf86cd799439011', 'BH-2026-000001', 'BH-9999-999999', '%E0%A4%A', 'en', 'ar', '__proto__', 'constructor'),
  fc.stringMatching(/^[0-9a-f]{24}$/),
).map((value) => encodeURIComponent(value).replace(/%25/g, '%'));

/** Bodies: random JSON values, JSON-looking objects with operator keys, random text and bytes, deep nesting. */
const body = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify({ $set: value, __proto__: value, constructor: { prototype: value } })),
  fc.record({ type: fc.oneof(fc.constant('message'), fc.string()), text: fc.oneof(fc.string(), fc.jsonValue()), channelId: fc.oneof(fc.constantFrom('emulator', 'webchat', 'whatsapp', 'msteams'), fc.string()), from: fc.oneof(fc.record({ id: fc.string() }), fc.jsonValue()), conversation: fc.jsonValue(), deliveryMode: fc.constantFrom('expectReplies', 'normal', undefined), serviceUrl: fc.oneof(fc.webUrl(), fc.string(), fc.constant(undefined)), value: fc.jsonValue() }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  fc.integer({ min: 65, max: 3000 }).map((depth) => `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`),
);

const headers = fc.record(
  {
    'content-type': fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/vnd.api+json', ''),
    'content-encoding': fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-unknown'),
    accept: fc.constantFrom('application/json', 'text/html', '*/*', 'image/png'),
    'x-hub-signature-256': fc.constantFrom('sha256=00', 'sha256=zz', 'md5=1', ''),
  },
  { requiredKeys: [] },
);

type Credentials = 'none' | 'session' | 'sessionNoCsrf' | 'forged' | 'directLine' | 'secret' | 'signed';
const credentials = fc.constantFrom<Credentials>('none', 'session', 'sessionNoCsrf', 'forged', 'directLine', 'secret', 'signed');

interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
}

/** Every route: the console's from its own OpenAPI document, the rest by hand. */
async function routes(): Promise<Route[]> {
  const document = (await (await fetch(`${app.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  const fromOpenApi = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method: method.toUpperCase() as Route['method'], path })));
  return [
    ...fromOpenApi,
    { method: 'POST', path: '/api/messages' },
    { method: 'POST', path: '/v3/directline/tokens/generate' },
    { method: 'POST', path: '/v3/directline/tokens/refresh' },
    { method: 'POST', path: '/v3/directline/conversations' },
    { method: 'GET', path: '/v3/directline/conversations/{conversationId}' },
    { method: 'GET', path: '/v3/directline/conversations/{conversationId}/activities' },
    { method: 'POST', path: '/v3/directline/conversations/{conversationId}/activities' },
    { method: 'POST', path: '/v3/directline/conversations/{conversationId}/upload' },
    { method: 'POST', path: '/api/webchat/token' },
    { method: 'GET', path: '/api/webchat/config' },
    { method: 'GET', path: '/api/webchat/strings/{lng}' },
    { method: 'GET', path: '/webhooks/whatsapp' },
    { method: 'POST', path: '/webhooks/whatsapp' },
    { method: 'GET', path: '/healthz' },
    { method: 'GET', path: '/' },
    { method: 'GET', path: '/widget.js' },
    { method: 'GET', path: '/console' },
    { method: 'DELETE', path: '/api/messages' },
    { method: 'PUT', path: '/no/such/{thing}' },
  ];
}

function authorise(kind: Credentials, raw: string | Buffer, path: string): Record<string, string> {
  switch (kind) {
    case 'session':
      return { cookie: session.cookie, 'x-csrf-token': session.csrf };
    case 'sessionNoCsrf':
      return { cookie: session.cookie };
    case 'forged':
      return { cookie: `hotline_console=${randomUUID()}`, 'x-csrf-token': 'forged', authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJjb252IjoieCJ9.' };
    case 'directLine':
      return { authorization: `Bearer ${directLine.token}` };
    case 'secret':
      return { authorization: `Bearer ${TEST_DIRECTLINE_SECRET}` };
    case 'signed':
      return path.startsWith('/webhooks/') ? { 'x-hub-signature-256': signWebhookBody(typeof raw === 'string' ? raw : raw.toString('latin1'), APP_SECRET) } : {};
    default:
      return {};
  }
}

test('every endpoint answers every generated bad input with a clear status below 500, and the server stays up', async () => {
  const all = await routes();
  expect(all.length).toBeGreaterThan(30);
  const runs = Math.max(RUNS_PER_ROUTE, Math.ceil(10_000 / all.length));
  for (const route of all) {
    await fc.assert(
      fc.asyncProperty(pathParam, body, headers, credentials, fc.webQueryParameters(), async (param, payload, headerSet, kind, query) => {
        inputs++;
        const path = route.path.replace(/\{[^}]+\}/g, () => (route.path.includes('directline') && kind === 'directLine' && Math.random() < 0.5 ? directLine.conversationId : param));
        const sendsBody = route.method !== 'GET';
        const response = await fetch(`${app.url}${path}${query ? `?${query}` : ''}`, {
          method: route.method,
          headers: { ...Object.fromEntries(Object.entries(headerSet).filter(([, value]) => value !== '')), ...authorise(kind, payload, route.path) },
          body: sendsBody ? payload : undefined,
        });
        const text = await response.text();
        if (response.status >= 500) throw new Error(`${route.method} ${route.path} → ${response.status}: ${text.slice(0, 300)}`);
        if (response.status >= 400 && (response.headers.get('content-type') ?? '').includes('json')) {
          const reply = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
          if (typeof reply.error?.code !== 'string' || typeof reply.error.message !== 'string') throw new Error(`${route.method} ${route.path} → ${response.status} without {error:{code,message}}: ${text.slice(0, 200)}`);
        }
      }),
      { numRuns: runs, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31), endOnFailure: true },
    );
  }
  expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
});
