// Field encryption and keyed hashing.
import { randomBytes } from 'node:crypto';
import { DecryptionError, FieldCipher, KeyedHasher, parseRetiredKeys } from '../../services/crypto';

const key = () => randomBytes(32);

test('round-trips any text, with a fresh nonce each time', () => {
  const cipher = new FieldCipher('k1', key());
  for (const text of ['after 9 pm', 'مرحبا', 'मुझे मदद चाहिए', '😀\u0000\u202e', 'x'.repeat(10_000)]) {
    const a = cipher.encrypt(text);
    expect(a).not.toContain(text.slice(0, 4));
    expect(cipher.decrypt(a)).toBe(text);
    expect(cipher.encrypt(text)).not.toBe(a);
  }
});

test('tampering, a wrong key, or garbage fail loudly', () => {
  const cipher = new FieldCipher('k1', key());
  const sealed = cipher.encrypt('code word mango');
  const parts = sealed.split('.');
  const flipped = Buffer.from(parts[4]!, 'base64url');
  flipped[0] = flipped[0]! ^ 1;
  parts[4] = flipped.toString('base64url');
  expect(() => cipher.decrypt(parts.join('.'))).toThrow(DecryptionError);
  expect(() => new FieldCipher('k1', key()).decrypt(sealed)).toThrow(/authentication failed/);
  expect(() => cipher.decrypt('plain text')).toThrow(DecryptionError);
  expect(() => new FieldCipher('k2', key()).decrypt(sealed)).toThrow(/unknown key id "k1"/);
});

test('rotation: a retired key still decrypts, new values use the current key', () => {
  const old = key();
  const sealed = new FieldCipher('k1', old).encrypt('narrative');
  const rotated = new FieldCipher('k2', key(), parseRetiredKeys(`k1:${old.toString('base64')}`));
  expect(rotated.decrypt(sealed)).toBe('narrative');
  expect(rotated.encrypt('x').split('.')[1]).toBe('k2');
});

test('retired keys are validated', () => {
  expect(() => parseRetiredKeys('k1:short')).toThrow(/32 bytes/);
  expect(parseRetiredKeys(undefined).size).toBe(0);
});

test('keyed hashes: stable, key-dependent, unambiguous', () => {
  const hasher = new KeyedHasher(key());
  expect(hasher.hash('whatsapp', '+97333334444')).toBe(hasher.hash('whatsapp', '+97333334444'));
  expect(hasher.hash('whatsapp', '+97333334444')).not.toBe(new KeyedHasher(key()).hash('whatsapp', '+97333334444'));
  expect(hasher.hash('ab', 'c')).not.toBe(hasher.hash('a', 'bc'));
  expect(hasher.hash('x')).toMatch(/^[0-9a-f]{64}$/);
});
