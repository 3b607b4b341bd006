// Byte encryption (media, session archives): round trips, tampering, rotation,
// and the string format left exactly as it was.
import { randomBytes } from 'node:crypto';
import { DecryptionError, FieldCipher, parseRetiredKeys } from '../../services/crypto';

const key = () => randomBytes(32);

test('round-trips any bytes, with a fresh nonce each time', () => {
  const cipher = new FieldCipher('k1', key());
  for (const bytes of [Buffer.alloc(0), Buffer.from('OggS voice note'), randomBytes(1), randomBytes(3 * 1024 * 1024)]) {
    const sealed = cipher.encryptBytes(bytes);
    expect(sealed.length).toBe(bytes.length + 2 + 2 + 12 + 16);
    expect(cipher.decryptBytes(sealed).equals(bytes)).toBe(true);
    expect(cipher.encryptBytes(bytes).equals(sealed)).toBe(false);
  }
});

test('the plaintext does not appear in the ciphertext', () => {
  const cipher = new FieldCipher('k1', key());
  const plain = Buffer.from('JFIF my passport photo '.repeat(100));
  expect(cipher.encryptBytes(plain).includes(Buffer.from('passport'))).toBe(false);
});

test('tampering with the data, the tag, the iv or the key id fails loudly', () => {
  const cipher = new FieldCipher('k1', key());
  const sealed = cipher.encryptBytes(Buffer.from('code word mango'));
  for (const index of [1, 3, 5, 20, sealed.length - 1]) {
    const flipped = Buffer.from(sealed);
    flipped[index] = flipped[index]! ^ 1;
    expect(() => cipher.decryptBytes(flipped)).toThrow(DecryptionError);
  }
});

test('a wrong key, garbage, truncation or a string ciphertext are refused', () => {
  const cipher = new FieldCipher('k1', key());
  const sealed = cipher.encryptBytes(Buffer.from('x'));
  expect(() => new FieldCipher('k1', key()).decryptBytes(sealed)).toThrow(/authentication failed/);
  expect(() => new FieldCipher('k2', key()).decryptBytes(sealed)).toThrow(/unknown key id "k1"/);
  expect(() => cipher.decryptBytes(Buffer.alloc(0))).toThrow(/not a ciphertext/);
  expect(() => cipher.decryptBytes(Buffer.from('plain bytes'))).toThrow(DecryptionError);
  expect(() => cipher.decryptBytes(sealed.subarray(0, 20))).toThrow(/truncated/);
  expect(() => cipher.decryptBytes(Buffer.from(cipher.encrypt('x')))).toThrow(DecryptionError);
});

test('rotation: a retired key still decrypts bytes, new bytes use the current key', () => {
  const old = key();
  const sealed = new FieldCipher('k1', old).encryptBytes(Buffer.from('voice'));
  const rotated = new FieldCipher('k2', key(), parseRetiredKeys(`k1:${old.toString('base64')}`));
  expect(rotated.decryptBytes(sealed).toString()).toBe('voice');
  const fresh = rotated.encryptBytes(Buffer.from('voice'));
  expect(fresh.subarray(2, 2 + fresh[1]!).toString()).toBe('k2');
});

test('string encryption is unchanged by the byte methods', () => {
  const cipher = new FieldCipher('k1', key());
  const sealed = cipher.encrypt('after 9 pm');
  expect(sealed).toMatch(/^e1\.k1\.[\w-]+\.[\w-]+\.[\w-]+$/);
  expect(cipher.decrypt(sealed)).toBe('after 9 pm');
});
