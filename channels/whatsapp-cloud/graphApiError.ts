// A Graph API call that failed: HTTP status and Meta's error code, never the
// message text (it can echo a phone number), so it is safe to log.
export class GraphApiError extends Error {
  override readonly name = 'GraphApiError';

  constructor(
    /** HTTP status, or 0 when no response arrived (network error, timeout). */
    readonly status: number,
    /** Meta's `error.code` (130429 throughput, 131047 outside the 24-hour window…), when there was one. */
    readonly code: number | undefined,
    /** Whether trying again later may succeed. */
    readonly retryable: boolean,
    readonly attempts: number,
    /** Seconds the server asked us to wait (Retry-After). */
    readonly retryAfterSeconds?: number,
    readonly subcode?: number,
  ) {
    super(`GraphClient: request failed (HTTP ${status || 'none'}${code !== undefined ? `, code ${code}` : ''}) after ${attempts} attempt${attempts === 1 ? '' : 's'}`);
  }
}

/** Meta error codes that mean "too fast, try again": throughput, pair rate, app/account rate limits. */
export const RATE_LIMIT_CODES: ReadonlySet<number> = new Set([4, 80007, 130429, 131056]);
/** The message was refused because the 24-hour customer-service window is closed. */
export const OUTSIDE_WINDOW_CODE = 131047;
