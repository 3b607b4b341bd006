// The Graph API client: the request Meta documents, retries with exponential
// backoff and jitter on 429, 5xx and the rate-limit codes (sleep injected, so
// no test waits), no retry on other errors, one limit per second for all
// sends, and one recipient's messages strictly in order.
import { FetchGraphClient } from '../../../channels/whatsapp-cloud/fetchGraphClient';
import { GraphApiError } from '../../../channels/whatsapp-cloud/graphApiError';
import { templateMessage, textMessage } from '../../../channels/whatsapp-cloud/outboundMessages';

type Answer = { status: number; body: unknown; headers?: Record<string, string> } | 'network';

function fakeFetch(answers: Answer[]) {
  const calls: Array<{ url: string; init: RequestInit; body: Record<string, unknown> }> = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init, body: JSON.parse(String(init.body)) as Record<string, unknown> });
    const answer = answers.shift() ?? { status: 200, body: { messaging_product: 'whatsapp', contacts: [], messages: [{ id: `wamid.${calls.length}` }] } };
    if (answer === 'network') throw new TypeError('fetch failed');
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json', ...answer.headers } });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

const graphError = (status: number, code: number) => ({ status, body: { error: { message: `(#${code}) …`, type: 'OAuthException', code, fbtrace_id: 'x' } } });

function client(answers: Answer[], extra: Partial<ConstructorParameters<typeof FetchGraphClient>[0]> = {}) {
  const { fetch, calls } = fakeFetch(answers);
  const slept: number[] = [];
  const graph = new FetchGraphClient({
    graphUrl: 'https://graph.example/v21.0/',
    phoneNumberId: '106540352242922',
    accessToken: 'EAAtest',
    sendPerSecond: 1000,
    fetch,
    sleep: async (ms) => void slept.push(ms),
    random: () => 0.5,
    ...extra,
  });
  return { graph, calls, slept };
}

test('POST {graph}/{phone-number-id}/messages with a Bearer token and the documented JSON', async () => {
  const { graph, calls } = client([]);
  const id = await graph.sendMessage('16505551234', textMessage('Hello'));
  expect(id).toBe('wamid.1');
  expect(calls[0]!.url).toBe('https://graph.example/v21.0/106540352242922/messages');
  expect(calls[0]!.init.method).toBe('POST');
  expect(calls[0]!.init.headers).toEqual({ authorization: 'Bearer EAAtest', 'content-type': 'application/json' });
  expect(calls[0]!.body).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '16505551234', type: 'text', text: { body: 'Hello', preview_url: false } });
});

test('a template message names the template and its language', async () => {
  const { graph, calls } = client([]);
  await graph.sendMessage('16505551234', templateMessage('hotline_followup', 'en'));
  expect(calls[0]!.body).toMatchObject({ type: 'template', template: { name: 'hotline_followup', language: { code: 'en' } } });
});

test('mark read with the typing indicator', async () => {
  const { graph, calls } = client([{ status: 200, body: { success: true } }]);
  await graph.markRead('wamid.IN', { typing: true });
  expect(calls[0]!.body).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.IN', typing_indicator: { type: 'text' } });
});

test.each<[string, Answer]>([
  ['HTTP 429', { status: 429, body: { error: { code: 4 } } }],
  ['HTTP 500', { status: 500, body: {} }],
  ['HTTP 503 without a body', { status: 503, body: null }],
  ['error 130429 (throughput) on HTTP 400', graphError(400, 130429)],
  ['error 131056 (pair rate limit)', graphError(400, 131056)],
  ['a network error', 'network'],
])('%s is retried, then the message goes out once', async (_name, failure) => {
  const { graph, calls, slept } = client([failure, failure]);
  await expect(graph.sendMessage('1', textMessage('x'))).resolves.toBe('wamid.3');
  expect(calls).toHaveLength(3);
  expect(slept).toHaveLength(2);
});

test('backoff doubles per attempt with jitter in [step/2, step], capped, and gives up after 5 tries', async () => {
  const answers = Array.from({ length: 5 }, () => graphError(400, 130429));
  const { graph, calls, slept } = client(answers, { baseDelayMs: 100, maxDelayMs: 500, random: () => 0.999 });
  const error = await graph.sendMessage('1', textMessage('x')).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(GraphApiError);
  expect(error).toMatchObject({ status: 400, code: 130429, retryable: true, attempts: 5 });
  expect(calls).toHaveLength(5);
  expect(slept).toEqual([100, 200, 400, 500]);

  const low = client([graphError(400, 130429), graphError(400, 130429), graphError(400, 130429)], { baseDelayMs: 100, random: () => 0 });
  await low.graph.sendMessage('1', textMessage('x'));
  expect(low.slept).toEqual([50, 100, 200]);
});

test('Retry-After is honoured as the least wait', async () => {
  const { graph, slept } = client([{ status: 429, body: {}, headers: { 'retry-after': '7' } }], { baseDelayMs: 100 });
  await graph.sendMessage('1', textMessage('x'));
  expect(slept).toEqual([7000]);
});

test.each<[string, Answer, number]>([
  ['outside the 24-hour window (131047)', graphError(400, 131047), 131047],
  ['a bad token (190)', graphError(401, 190), 190],
  ['an invalid parameter (100)', graphError(400, 100), 100],
])('%s is not retried and carries the code', async (_name, failure, code) => {
  const { graph, calls } = client([failure]);
  await expect(graph.sendMessage('1', textMessage('x'))).rejects.toMatchObject({ code, retryable: false, attempts: 1 });
  expect(calls).toHaveLength(1);
});

test('the error message carries status and code but never the request (it holds a phone number)', async () => {
  const { graph } = client([graphError(400, 131026)]);
  const error = (await graph.sendMessage('97312345678', textMessage('secret words')).catch((e: unknown) => e)) as Error;
  expect(error.message).toMatch(/HTTP 400, code 131026/);
  expect(error.message).not.toMatch(/97312345678|secret/);
});

test('one recipient\'s messages go out strictly in order, even when the first one is retried', async () => {
  const order: string[] = [];
  const { fetch } = fakeFetch([]);
  let first = true;
  const graph = new FetchGraphClient({
    graphUrl: 'https://graph.example/v21.0',
    phoneNumberId: '1',
    accessToken: 't',
    sendPerSecond: 1000,
    sleep: async () => undefined,
    fetch: (async (url: string, init: RequestInit) => {
      const body = JSON.parse(String(init.body)) as { to: string; text: { body: string } };
      order.push(`${body.to}:${body.text.body}`);
      if (first && body.text.body === 'one') {
        first = false;
        await new Promise((resolve) => setTimeout(resolve, 20));
        return new Response(JSON.stringify({ error: { code: 130429 } }), { status: 400 });
      }
      return fetch(url, init);
    }) as unknown as typeof globalThis.fetch,
  });
  await Promise.all([graph.sendMessage('A', textMessage('one')), graph.sendMessage('A', textMessage('two')), graph.sendMessage('B', textMessage('other'))]);
  // B does not wait for A; A's second message waits for A's first, retry included.
  expect(order).toEqual(['A:one', 'B:other', 'A:one', 'A:two']);
});
