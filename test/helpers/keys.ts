// Throwaway keys for tests: real AES-256-GCM and HMAC, random per run.
import { randomBytes } from 'node:crypto';
import { FieldCipher, KeyedHasher } from '../../services/crypto';

export const TEST_ENCRYPTION_KEY = randomBytes(32).toString('base64');
export const TEST_HASH_KEY = randomBytes(32).toString('base64');

export function testCipher(): FieldCipher {
  return new FieldCipher('k1', Buffer.from(TEST_ENCRYPTION_KEY, 'base64'));
}

export function testHasher(): KeyedHasher {
  return new KeyedHasher(Buffer.from(TEST_HASH_KEY, 'base64'));
}
