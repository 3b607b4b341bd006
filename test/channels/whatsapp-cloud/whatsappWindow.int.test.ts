// With WHATSAPP_MODE=cloud wired as a deployer sets it: a worker on WhatsApp
// asks for a person through a signed webhook, and the console's queue shows how
// long the 24-hour customer-service window has left; a case worker's reply goes
// out through the (stand-in) Graph API.
import { signWebhookBody } from '../../../channels/whatsapp-cloud/webhookSignature';
import { GraphStandIn } from './graphStandIn';
import { inbound, PHONE_NUMBER_ID, samples, WORKER_WA_ID } from './metaPayloads';
import { startHotline, type RunningHotline } from '../../helpers/hotline';

const APP_SECRET = 'app-secret-0123456789abcdef';
const PASSWORD = 'correct horse battery staple';
let graph: GraphStandIn;
let app: RunningHotline;
jest.setTimeout(60_000);

beforeAll(async () => {
  graph = new GraphStandIn();
  const graphUrl = await graph.start();
  app = await startHotline({
    env: {
      WHATSAPP_MODE: 'cloud',
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_VERIFY_TOKEN: 'verify-token-0123456789',
      WHATSAPP_ACCESS_TOKEN: 'access-token-0123456789abcdef',
      WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
      WHATSAPP_GRAPH_URL: graphUrl,
    },
  });
  await app.hotline.accounts.createUser({ username: 'amina', password: PASSWORD, roles: ['caseWorker'], languages: [] });
});
afterAll(async () => {
  await app.hotline.whatsAppCloud?.webhook.idle();
  await app.stop();
  await app.db.close();
  await graph.stop();
});

async function workerWrites(text: string): Promise<void> {
  const raw = JSON.stringify(inbound(samples.text(text)));
  const response = await fetch(`${app.url}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhookBody(raw, APP_SECRET) }, body: raw });
  expect(response.status).toBe(200);
  await app.hotline.whatsAppCloud!.webhook.idle();
}

test('the queue warns how long the WhatsApp window has left, and a reply goes out through the Graph API', async () => {
  for (const text of ['hello', '1', 'human']) await workerWrites(text);
  const login = await fetch(`${app.url}/console/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'amina', password: PASSWORD }) });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const queue = (await (await fetch(`${app.url}/console/api/queue`, { headers: { cookie } })).json()) as { handoffs: Array<{ id: string; channel: string; whatsappWindowSeconds?: number }> };
  const entry = queue.handoffs.find((e) => e.channel === 'whatsapp');
  expect(entry).toBeDefined();
  expect(entry!.whatsappWindowSeconds).toBeGreaterThan(23 * 3600);
  expect(entry!.whatsappWindowSeconds).toBeLessThanOrEqual(24 * 3600);

  const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
  expect((await fetch(`${app.url}/console/api/handoffs/${entry!.id}/claim`, { method: 'POST', headers })).status).toBe(200);
  const before = graph.messagesTo(WORKER_WA_ID).length;
  expect((await fetch(`${app.url}/console/api/handoffs/${entry!.id}/messages`, { method: 'POST', headers, body: JSON.stringify({ text: 'Hello from the hotline' }) })).status).toBe(200);
  const sent = graph.messagesTo(WORKER_WA_ID).slice(before);
  expect(sent.map((request) => JSON.stringify(request.body))).toEqual([expect.stringContaining('Hello from the hotline')]);
});
