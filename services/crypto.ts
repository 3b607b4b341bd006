// Field-level encryption and keyed hashing for survivors' personal data, so a
// copy of the database alone reveals no narrative, name, phone or channel id.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/** Thrown when a stored value cannot be decrypted (wrong key, tampering, unknown key id). */
export class DecryptionError extends Error {
  readonly code = 'DECRYPTION_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'DecryptionError';
  }
}

const FORMAT = 'e1';

/**
 * AES-256-GCM with a random 96-bit nonce per value. Ciphertexts carry the id of
 * the key that made them (`e1.<keyId>.<iv>.<tag>.<data>`, base64url), so keys
 * can be rotated: new values use the current key, old ones still decrypt.
 */
export class FieldCipher {
  private readonly keys: Map<string, Buffer>;

  constructor(
    private readonly currentKeyId: string,
    currentKey: Buffer,
    retiredKeys: ReadonlyMap<string, Buffer> = new Map(),
  ) {
    if (currentKey.length !== 32) throw new Error('FieldCipher: the key must be 32 bytes');
    if (!/^[A-Za-z0-9_-]+$/.test(currentKeyId)) throw new Error('FieldCipher: bad key id');
    this.keys = new Map(retiredKeys);
    this.keys.set(currentKeyId, currentKey);
  }

  /** The id of the key new values are encrypted with. */
  get keyId(): string {
    return this.currentKeyId;
  }

  /** Whether a value of this key id can be decrypted. */
  knows(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  /** Encrypts a string. The same plaintext never gives the same ciphertext. */
  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    cipher.setAAD(Buffer.from(this.currentKeyId));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT, this.currentKeyId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
  }

  /** Decrypts what {@link encrypt} made, with whichever known key made it. */
  decrypt(ciphertext: string): string {
    const parts = ciphertext.split('.');
    if (parts.length !== 5 || parts[0] !== FORMAT) throw new DecryptionError('decrypt(): not a ciphertext of this format');
    const [, keyId, iv, tag, data] = parts as [string, string, string, string, string];
    const key = this.keys.get(keyId);
    if (!key) throw new DecryptionError(`decrypt(): unknown key id "${keyId}"`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(keyId));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new DecryptionError('decrypt(): authentication failed (wrong key or tampered value)');
    }
  }

  /** Encrypts when there is something to encrypt. */
  encryptOptional(plaintext: string | undefined | null): string | undefined {
    return plaintext === undefined || plaintext === null || plaintext === '' ? undefined : this.encrypt(plaintext);
  }

  /** Decrypts when there is something to decrypt. */
  decryptOptional(ciphertext: string | undefined | null): string | undefined {
    return ciphertext ? this.decrypt(ciphertext) : undefined;
  }

  /**
   * Encrypts bytes (a voice note, a photo, a session archive) with the current key.
   * Layout: `0x01, keyId length, keyId, iv (12), tag (16), data`; the header
   * before the iv is authenticated, so the key id cannot be swapped.
   */
  encryptBytes(plaintext: Buffer): Buffer {
    const header = bytesHeader(this.currentKeyId);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    cipher.setAAD(header);
    const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([header, iv, cipher.getAuthTag(), data]);
  }

  /** Decrypts what {@link encryptBytes} made, with whichever known key made it. */
  decryptBytes(ciphertext: Buffer): Buffer {
    if (ciphertext.length < 2 || ciphertext[0] !== BYTES_FORMAT) throw new DecryptionError('decryptBytes(): not a ciphertext of this format');
    const headerLength = 2 + ciphertext[1]!;
    if (ciphertext.length < headerLength + 28) throw new DecryptionError('decryptBytes(): truncated ciphertext');
    const keyId = ciphertext.subarray(2, headerLength).toString('latin1');
    const key = this.keys.get(keyId);
    if (!key) throw new DecryptionError(`decryptBytes(): unknown key id "${keyId}"`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, ciphertext.subarray(headerLength, headerLength + 12));
      decipher.setAAD(ciphertext.subarray(0, headerLength));
      decipher.setAuthTag(ciphertext.subarray(headerLength + 12, headerLength + 28));
      return Buffer.concat([decipher.update(ciphertext.subarray(headerLength + 28)), decipher.final()]);
    } catch {
      throw new DecryptionError('decryptBytes(): authentication failed (wrong key or tampered value)');
    }
  }
}

const BYTES_FORMAT = 0x01;

/** The key id a string ciphertext names (`e1.<keyId>.…`), or undefined when the value is not one. */
export function keyIdOf(value: string): string | undefined {
  if (!value.startsWith(`${FORMAT}.`)) return undefined;
  const parts = value.split('.');
  return parts.length === 5 && /^[A-Za-z0-9_-]+$/.test(parts[1]!) ? parts[1] : undefined;
}

/** The key id a bytes ciphertext names in its header, or undefined when the bytes are not one. */
export function keyIdOfBytes(bytes: Buffer): string | undefined {
  if (bytes.length < 2 || bytes[0] !== BYTES_FORMAT || bytes.length < 2 + bytes[1]! + 28) return undefined;
  const keyId = bytes.subarray(2, 2 + bytes[1]!).toString('latin1');
  return /^[A-Za-z0-9_-]+$/.test(keyId) ? keyId : undefined;
}

/** Format byte, key id length, key id (key ids are short ASCII, checked in the constructor). */
function bytesHeader(keyId: string): Buffer {
  const id = Buffer.from(keyId, 'latin1');
  return Buffer.concat([Buffer.from([BYTES_FORMAT, id.length]), id]);
}

/**
 * HMAC-SHA256 of identifiers that are only needed for matching (a WhatsApp
 * number, a web chat user id): equal inputs give equal hashes, and without the
 * key a hash cannot be reversed by trying every phone number.
 */
export class KeyedHasher {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('KeyedHasher: the key must be at least 32 bytes');
  }

  /** Hex digest of the parts, joined unambiguously. */
  hash(...parts: string[]): string {
    const hmac = createHmac('sha256', this.key);
    for (const part of parts) hmac.update(`${Buffer.byteLength(part)}:${part};`);
    return hmac.digest('hex');
  }
}

/** Parses `id:base64,id:base64` into a key map. */
export function parseRetiredKeys(value: string | undefined): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  for (const pair of (value ?? '').split(',').map((item) => item.trim()).filter(Boolean)) {
    const [id, key] = pair.split(':');
    const buffer = Buffer.from(key ?? '', 'base64');
    if (!id || buffer.length !== 32) throw new Error('ENCRYPTION_OLD_KEYS: each entry must be id:<32 bytes base64>');
    keys.set(id, buffer);
  }
  return keys;
}
