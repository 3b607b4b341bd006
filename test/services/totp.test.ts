// TOTP against RFC 6238's own test vectors (SHA-1, truncated to the 6 digits apps show).
import { base32Decode, base32Encode, newTotpSecret, otpauthUri, totpCode, totpStep, verifyTotp } from '../../services/totp';

const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890'));

test.each([
  [59, '287082'],
  [1111111109, '081804'],
  [1111111111, '050471'],
  [1234567890, '005924'],
  [2000000000, '279037'],
])('at %i s the code is %s', (seconds, code) => {
  expect(totpCode(RFC_SECRET, totpStep(new Date(seconds * 1000)))).toBe(code);
});

test('base32 round-trips, and the RFC secret encodes as authenticator apps expect', () => {
  expect(RFC_SECRET).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  const secret = newTotpSecret();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  expect(base32Encode(base32Decode(secret))).toBe(secret);
});

test('a code is accepted for its step and one step of drift either way, never once its step is used', () => {
  const at = new Date(1_800_000_000_000);
  const step = totpStep(at);
  expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, step), at)).toBe(step);
  expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, step - 1), at)).toBe(step - 1);
  expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, step + 1), at)).toBe(step + 1);
  expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, step - 2), at)).toBeUndefined();
  expect(verifyTotp(RFC_SECRET, totpCode(RFC_SECRET, step), at, step)).toBeUndefined();
  expect(verifyTotp(RFC_SECRET, '12345', at)).toBeUndefined();
  expect(verifyTotp(RFC_SECRET, 'abcdef', at)).toBeUndefined();
});

test('the otpauth URI names the issuer and account', () => {
  expect(otpauthUri('Hotline console', 'amina', RFC_SECRET)).toBe(`otpauth://totp/Hotline%20console%3Aamina?secret=${RFC_SECRET}&issuer=Hotline%20console&algorithm=SHA1&digits=6&period=30`);
});
