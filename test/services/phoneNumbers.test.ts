// Phone numbers as keyed hashes: the same number however it is typed, a different one never.
import { phoneDigits, phoneHash, whatsAppUserHashes } from '../../services/phoneNumbers';
import { testHasher } from '../helpers/keys';

const hasher = testHasher();

test.each([
  ['+973 3612 3456', '97336123456'],
  ['0097336123456', '97336123456'],
  ['(3612) 34-56', '36123456'],
  ['٣٦١٢٣٤٥٦', '36123456'],
  ['123456', undefined],
  ['BH-2026', undefined],
])('phoneDigits(%s) is %s', (typed, digits) => {
  expect(phoneDigits(typed)).toBe(digits);
});

test('with or without the country code, the same hash; another number, another hash; never the digits themselves', () => {
  const stored = phoneHash(hasher, '+973 3612 3456')!;
  expect(phoneHash(hasher, '36123456')).toBe(stored);
  expect(phoneHash(hasher, '0097336123456')).toBe(stored);
  expect(phoneHash(hasher, '36123457')).not.toBe(stored);
  expect(stored).toMatch(/^[0-9a-f]{64}$/);
  expect(stored).not.toContain('36123456');
});

test("a WhatsApp worker's user hashes are the channels' own (Cloud API wa_id, whatsapp-web.js chat id)", () => {
  expect(whatsAppUserHashes(hasher, '+973 3999 8877')).toEqual([hasher.hash('whatsapp', '97339998877'), hasher.hash('whatsapp', '97339998877@c.us')]);
  expect(whatsAppUserHashes(hasher, '12')).toEqual([]);
});
