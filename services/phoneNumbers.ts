// Phone numbers made searchable without being stored readable: a number the
// worker gave is kept as a keyed hash of its last digits, so a case worker who
// types it with or without the country code, spaces or leading zeros finds the
// case, and a copy of the database alone reveals no number.
import { normalizeDigits } from '../kernel/text/digits';
import type { KeyedHasher } from './crypto';

/** Digits compared: enough to tell numbers apart, few enough that a country code or trunk zero does not matter. */
export const PHONE_MATCH_DIGITS = 8;
/** Shorter than this is not a phone number (a case number's sequence, a typo). */
export const PHONE_MIN_DIGITS = 7;

/** The number's digits (any script's digits read as ASCII), without an international `00` prefix; undefined when too short. */
export function phoneDigits(text: string): string | undefined {
  const digits = normalizeDigits(text).replace(/\D/g, '').replace(/^00/, '');
  return digits.length >= PHONE_MIN_DIGITS ? digits : undefined;
}

/** The keyed hash a phone number is stored and searched under (its last {@link PHONE_MATCH_DIGITS} digits). */
export function phoneHash(hasher: KeyedHasher, text: string): string | undefined {
  const digits = phoneDigits(text);
  return digits === undefined ? undefined : hasher.hash('phone', digits.slice(-PHONE_MATCH_DIGITS));
}

/**
 * The keyed user hashes a WhatsApp worker with this number has (`hasher.hash('whatsapp', id)`: the Cloud
 * API's wa_id is the international number's digits, whatsapp-web.js's chat id adds `@c.us`). Needs the
 * country code: the channel knows the number only in full.
 */
export function whatsAppUserHashes(hasher: KeyedHasher, text: string): string[] {
  const digits = phoneDigits(text);
  return digits === undefined ? [] : [hasher.hash('whatsapp', digits), hasher.hash('whatsapp', `${digits}@c.us`)];
}
