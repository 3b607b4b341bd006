// At most N sends in any sliding minute, all chats together; callers wait in
// one first-come first-served queue. A burst the size of a normal turn goes out
// at once, a flood is spread out (WhatsApp bans numbers that send in bulk).
import type { Clock } from '../../kernel/clock';

const MINUTE = 60_000;

export class SlidingWindowRateLimiter {
  private readonly grantedAt: number[] = [];
  private readonly waiting: Array<() => void> = [];
  private pumping = false;

  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock,
  ) {
    if (!Number.isInteger(perMinute) || perMinute < 1) throw new Error('SlidingWindowRateLimiter: perMinute must be a positive integer');
  }

  /** Resolves when the caller may send; in the order callers asked. */
  acquire(): Promise<void> {
    const granted = new Promise<void>((resolve) => this.waiting.push(resolve));
    void this.pump();
    return granted;
  }

  /** Callers still waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.waiting.length > 0) {
        const now = this.clock.now();
        while (this.grantedAt.length > 0 && this.grantedAt[0]! <= now - MINUTE) this.grantedAt.shift();
        if (this.grantedAt.length < this.perMinute) {
          this.grantedAt.push(now);
          this.waiting.shift()!();
        } else {
          await this.clock.sleep(this.grantedAt[0]! + MINUTE - now);
        }
      }
    } finally {
      this.pumping = false;
    }
  }
}
