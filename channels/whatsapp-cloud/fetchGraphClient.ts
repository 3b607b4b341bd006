// The Graph API over HTTPS with Node's fetch: `POST {graph}/{phone-number-id}/messages`
// with a Bearer token. Too-fast answers (HTTP 429, error 130429 and the other
// rate-limit codes) and server errors are retried with exponential backoff and
// jitter; all sends share one per-second limit; one recipient's messages go out
// strictly in order (the next waits until the previous one was accepted).
import { z } from 'zod';
import { GraphApiError, RATE_LIMIT_CODES } from './graphApiError';
import type { GraphClient } from './graphClient';
import type { OutboundMessage } from './outboundMessages';
import { realLimiterClock, SlidingWindowRateLimiter } from '../shared/rateLimiter';
import { SerialQueue } from '../shared/serialQueue';

export interface FetchGraphClientOptions {
  /** Base URL with the API version, e.g. https://graph.facebook.com/v21.0. */
  graphUrl: string;
  phoneNumberId: string;
  accessToken: string;
  /** Requests per second, every recipient together (WHATSAPP_SEND_PER_SECOND). */
  sendPerSecond: number;
  /** Tries per request, the first included (default 5). */
  maxAttempts?: number;
  /** First backoff step (default 500 ms); doubles per attempt up to `maxDelayMs` (default 30 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per-attempt timeout (default 15 s). */
  timeoutMs?: number;
  sleep?: Sleep;
  /** 0 ≤ x < 1, for the jitter. */
  random?: () => number;
  fetch?: typeof fetch;
  now?: () => number;
}

/** Resolves after `ms` (a stand-in in tests). */
export type Sleep = (ms: number) => Promise<void>;

const SendResponseSchema = z.looseObject({ messages: z.array(z.looseObject({ id: z.string().min(1) })).min(1) });
const ErrorBodySchema = z.looseObject({ error: z.looseObject({ code: z.number().int().optional(), error_subcode: z.number().int().optional() }) });
const MAX_RETRY_AFTER_MS = 60_000;

export class FetchGraphClient implements GraphClient {
  private readonly url: string;
  private readonly limiter: SlidingWindowRateLimiter;
  private readonly perRecipient = new SerialQueue();
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly fetch: typeof fetch;
  /** Each backoff delay slept, for tests and metrics. */
  readonly delays: number[] = [];

  constructor(private readonly options: FetchGraphClientOptions) {
    if (!/^\d+$/.test(options.phoneNumberId)) throw new Error('FetchGraphClient: phoneNumberId must be numeric');
    this.url = `${options.graphUrl.replace(/\/+$/, '')}/${options.phoneNumberId}/messages`;
    this.sleep = options.sleep ?? realLimiterClock.sleep;
    this.random = options.random ?? Math.random;
    this.fetch = options.fetch ?? globalThis.fetch;
    // At most sendPerSecond sends start in any second, across every recipient.
    this.limiter = new SlidingWindowRateLimiter(options.sendPerSecond, 1000, { now: options.now ?? (() => Date.now()), sleep: this.sleep });
  }

  /** Sends to a phone number (wa_id) or a business-scoped user id ("BH.1349…"). */
  sendMessage(to: string, message: OutboundMessage): Promise<string> {
    return this.perRecipient.run(to, async () => {
      // A worker known only by a business-scoped user id (they adopted a username) is addressed by it.
      const address = isBusinessScopedUserId(to) ? { recipient: to } : { to };
      const body = await this.post({ messaging_product: 'whatsapp', recipient_type: 'individual', ...address, ...message });
      const parsed = SendResponseSchema.safeParse(body);
      if (!parsed.success) throw new GraphApiError(200, undefined, false, 1);
      return parsed.data.messages[0]!.id;
    });
  }

  async markRead(messageId: string, options: { typing?: boolean } = {}): Promise<void> {
    await this.post({ messaging_product: 'whatsapp', status: 'read', message_id: messageId, ...(options.typing ? { typing_indicator: { type: 'text' } } : {}) });
  }

  /** The delay before attempt `attempt + 1`: exponential, half fixed and half random, never shorter than Retry-After. */
  backoff(attempt: number, retryAfterSeconds?: number): number {
    const base = this.options.baseDelayMs ?? 500;
    const cap = this.options.maxDelayMs ?? 30_000;
    const step = Math.min(cap, base * 2 ** (attempt - 1));
    const jittered = Math.round(step / 2 + this.random() * (step / 2));
    return retryAfterSeconds !== undefined ? Math.max(jittered, Math.min(MAX_RETRY_AFTER_MS, retryAfterSeconds * 1000)) : jittered;
  }

  private async post(payload: Record<string, unknown>): Promise<unknown> {
    const maxAttempts = this.options.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      await this.limiter.acquire();
      const failure = await this.attempt(payload, attempt);
      if (!(failure instanceof GraphApiError)) return failure.body;
      if (!failure.retryable || attempt >= maxAttempts) throw failure;
      const delay = this.backoff(attempt, failure.retryAfterSeconds);
      this.delays.push(delay);
      await this.sleep(delay);
    }
  }

  private async attempt(payload: Record<string, unknown>, attempt: number): Promise<{ body: unknown } | GraphApiError> {
    let response: Response;
    try {
      response = await this.fetch(this.url, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.options.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    } catch {
      // Refused, reset or timed out: try again (a duplicate message is better than a lost one).
      return new GraphApiError(0, undefined, true, attempt);
    }
    const body = (await response.json().catch(() => undefined)) as unknown;
    if (response.ok) return { body };
    const error = ErrorBodySchema.safeParse(body);
    const code = error.success ? error.data.error.code : undefined;
    const retryAfter = Number(response.headers.get('retry-after'));
    const retryable = response.status === 429 || response.status >= 500 || (code !== undefined && RATE_LIMIT_CODES.has(code));
    return new GraphApiError(response.status, code, retryable, attempt, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined, error.success ? error.data.error.error_subcode : undefined);
  }
}

/** A business-scoped user id: an ISO country code, a dot, then letters, digits and dots ("BH.1349120865", "US.ENT.1181"). */
export function isBusinessScopedUserId(id: string): boolean {
  return /^[A-Z]{2}\.[A-Za-z0-9.]{1,140}$/.test(id);
}
