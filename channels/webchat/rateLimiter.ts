// A token bucket per client address, for the anonymous widget-token endpoint.
// In memory: each process limits its own share, which is enough to stop one
// client from minting conversations in a loop.
export class RateLimiter {
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
