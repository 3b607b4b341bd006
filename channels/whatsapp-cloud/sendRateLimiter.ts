// At most N sends in any one-second window, across every recipient: callers
// wait their turn (first come, first served) instead of being refused.
export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class SendRateLimiter {
  /** Start times of the last `perSecond` sends. */
  private readonly recent: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: Sleep = realSleep,
  ) {
    if (!Number.isInteger(perSecond) || perSecond < 1) throw new Error('SendRateLimiter: perSecond must be a positive integer');
  }

  /** Resolves when one more send fits in the limit (and counts it). */
  acquire(): Promise<void> {
    const turn = this.queue.then(async () => {
      for (;;) {
        const now = this.now();
        while (this.recent.length > 0 && this.recent[0]! <= now - 1000) this.recent.shift();
        if (this.recent.length < this.perSecond) {
          this.recent.push(now);
          return;
        }
        await this.sleep(this.recent[0]! + 1000 - now);
      }
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }
}
