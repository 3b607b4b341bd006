// Meta signs every webhook body with the app secret: `X-Hub-Signature-256:
// sha256=<hex HMAC-SHA256 of the raw body>`. We check it over the exact bytes
// received, in constant time, before anything else is done with the body.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-hub-signature-256';

export type SignatureCheck = 'valid' | 'missing' | 'invalid';

/** The header value Meta would send for `body` (tests and the Graph stand-in use it). */
export function signWebhookBody(body: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

/** Checks the signature header against the raw body: missing, invalid (malformed or wrong), or valid. */
export function checkWebhookSignature(rawBody: Buffer, header: string | undefined, appSecret: string): SignatureCheck {
  if (header === undefined || header.trim() === '') return 'missing';
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (!match) return 'invalid';
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(match[1]!, 'hex')) ? 'valid' : 'invalid';
}

/** Compares two secrets in constant time whatever their lengths (both are hashed to 32 bytes first). */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}
