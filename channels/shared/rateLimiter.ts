// The hotline's rate limits, two policies of one idea ("at most N in a window"):
// a sliding window that makes callers wait their turn (outbound sends: WhatsApp
// bans numbers that send in bulk, the Graph API refuses bursts), and a token
// bucket per client that refuses (the anonymous widget-token endpoint, where a
// caller over the limit gets a 429 instead of a queue).

/** Time as the limiters need it; the channels' Clock is one. */
export interface LimiterClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`. */
  sleep(ms: number): Promise<void>;
}

export const realLimiterClock: LimiterClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * At most `limit` grants in any sliding window of `windowMs`, all callers
 * together; callers wait in one first-come first-served queue instead of being
 * refused. A burst the size of a turn goes out at once, a flood is spread out.
 */
export class SlidingWindowRateLimiter {
  /** Times of the grants still inside the window, oldest first. */
  private readonly grantedAt: number[] = [];
  private readonly waiting: Array<() => void> = [];
  private pumping = false;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: LimiterClock = realLimiterClock,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error('SlidingWindowRateLimiter: the limit must be a positive integer');
    if (!(windowMs > 0)) throw new Error('SlidingWindowRateLimiter: the window must be longer than 0 ms');
  }

  /** Resolves when one more grant fits in the window (and counts it), in the order callers asked. */
  acquire(): Promise<void> {
    const granted = new Promise<void>((resolve) => this.waiting.push(resolve));
    void this.pump();
    return granted;
  }

  /** Callers still waiting for a grant. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Grants every caller that fits now, lets them start, then sleeps until the oldest grant leaves the window. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.waiting.length > 0) {
        const now = this.clock.now();
        while (this.grantedAt.length > 0 && this.grantedAt[0]! <= now - this.windowMs) this.grantedAt.shift();
        if (this.grantedAt.length < this.limit) {
          this.grantedAt.push(now);
          this.waiting.shift()!();
          continue;
        }
        // The callers just granted start before the clock may move on.
        await Promise.resolve();
        await this.clock.sleep(this.grantedAt[0]! + this.windowMs - this.clock.now());
      }
    } finally {
      this.pumping = false;
    }
  }
}

/**
 * A bucket of `perMinute` tokens per client, refilled continuously; a request
 * takes one or is refused. In memory: each process limits its own share, which
 * is enough to stop one client from minting conversations in a loop.
 */
export class TokenBucketRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = () => Date.now(),
    private readonly maxClients = 10_000,
  ) {}

  /** Takes one request from the client's bucket; false when it is empty. */
  take(client: string): boolean {
    const now = this.now();
    const bucket = this.buckets.get(client) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + ((now - bucket.at) / 60_000) * this.perMinute);
    bucket.at = now;
    if (this.buckets.size >= this.maxClients && !this.buckets.has(client)) this.evictFull();
    this.buckets.set(client, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Forgets clients whose buckets have refilled: they lose nothing. */
  private evictFull(): void {
    const now = this.now();
    for (const [client, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 60_000) * this.perMinute >= this.perMinute) this.buckets.delete(client);
    }
  }
}
