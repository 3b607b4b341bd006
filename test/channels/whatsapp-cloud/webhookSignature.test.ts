// X-Hub-Signature-256 over the exact bytes, in constant time; the verify token too.
import { createHmac } from 'node:crypto';
import { checkWebhookSignature, secretsEqual, signWebhookBody } from '../../../channels/whatsapp-cloud/webhookSignature';

const SECRET = 'a3f1c2d4e5b6a7980112233445566778';
const body = Buffer.from('{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[]}]}');

test('the header is sha256= and the lowercase hex HMAC-SHA256 of the body with the app secret', () => {
  const expected = createHmac('sha256', SECRET).update(body).digest('hex');
  expect(signWebhookBody(body, SECRET)).toBe(`sha256=${expected}`);
  expect(checkWebhookSignature(body, `sha256=${expected}`, SECRET)).toBe('valid');
  expect(checkWebhookSignature(body, `sha256=${expected.toUpperCase()}`, SECRET)).toBe('valid');
});

test.each<[string, string | undefined, 'missing' | 'invalid']>([
  ['no header', undefined, 'missing'],
  ['an empty header', '', 'missing'],
  ['another algorithm', `sha1=${createHmac('sha1', SECRET).update(body).digest('hex')}`, 'invalid'],
  ['no prefix', createHmac('sha256', SECRET).update(body).digest('hex'), 'invalid'],
  ['a short digest', 'sha256=abcdef', 'invalid'],
  ['not hex', `sha256=${'z'.repeat(64)}`, 'invalid'],
  ['another secret', signWebhookBody(body, 'another-app-secret-0000000000000'), 'invalid'],
  ['another body', signWebhookBody(Buffer.from(`${body.toString()} `), SECRET), 'invalid'],
])('%s → %s', (_name, header, result) => {
  expect(checkWebhookSignature(body, header, SECRET)).toBe(result);
});

test('the bytes count, not the JSON they encode: an escaped and a literal "é" are different bodies', () => {
  const escaped = Buffer.from('{"text":"caf\\u00e9"}');
  const literal = Buffer.from('{"text":"café"}');
  expect(JSON.parse(escaped.toString())).toEqual(JSON.parse(literal.toString()));
  expect(checkWebhookSignature(literal, signWebhookBody(escaped, SECRET), SECRET)).toBe('invalid');
  expect(checkWebhookSignature(escaped, signWebhookBody(escaped, SECRET), SECRET)).toBe('valid');
});

test('secretsEqual compares whole values of any length', () => {
  expect(secretsEqual('verify-token-1234567890', 'verify-token-1234567890')).toBe(true);
  expect(secretsEqual('verify-token-123456789', 'verify-token-1234567890')).toBe(false);
  expect(secretsEqual('', 'verify-token-1234567890')).toBe(false);
  expect(secretsEqual('Verify-token-1234567890', 'verify-token-1234567890')).toBe(false);
});
