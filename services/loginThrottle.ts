// Console sign-in throttling that holds under concurrency and across processes:
// each attempt is recorded in MongoDB before its password is checked, then the
// attempts under its keys are counted, so of 150 parallel guesses no more than
// the limit are ever checked. Keys are the account from one address (with a
// growing backoff) and the address across accounts; there is no account-wide
// lock-out, so an attacker elsewhere cannot lock the real user out.
import { createHash } from 'node:crypto';
import { trusted } from 'mongoose';
import { systemClock, type WallClock } from '../kernel/clock';
import type { LoginAttemptModel } from '../models';

export interface LoginThrottlePolicy {
  /** Failures allowed for one account from one address before backoff starts. */
  pairFailures: number;
  /** Failures allowed from one address across all accounts. */
  addressFailures: number;
  windowMs: number;
  /** First backoff once `pairFailures` is reached; doubles with each further failure, up to the window. */
  backoffMs: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottlePolicy = { pairFailures: 5, addressFailures: 30, windowMs: 15 * 60_000, backoffMs: 30_000 };

/** What {@link LoginThrottle.reserve} decided. */
export type Reservation = { allowed: true; succeed(): Promise<void> } | { allowed: false; retryAfterSeconds: number };

const digest = (value: string): string => createHash('sha256').update(value).digest('base64url').slice(0, 32);

export class LoginThrottle {
  constructor(
    private readonly attempts: LoginAttemptModel,
    private readonly policy: LoginThrottlePolicy = DEFAULT_LOGIN_THROTTLE,
    private readonly clock: WallClock = systemClock,
  ) {}

  private now(): Date {
    return new Date(this.clock.now());
  }

  /**
   * Records an attempt for `username` from `address` and says whether its password may be
   * checked. Call `succeed()` on a right password: that attempt and the pair's earlier
   * failures stop counting.
   */
  async reserve(username: string, address: string): Promise<Reservation> {
    const at = this.now();
    const pair = `pair:${digest(`${username.toLowerCase()}|${address}`)}`;
    const from = `address:${digest(address)}`;
    await this.attempts.insertMany([
      { key: pair, at },
      { key: from, at },
    ]);
    const since = new Date(at.getTime() - this.policy.windowMs);
    const failures = (key: string) => this.attempts.find({ key, at: trusted({ $gt: since }), succeeded: trusted({ $ne: true }) }, { at: 1 }).sort({ at: 1 }).lean();
    const [pairFailures, addressFailures] = await Promise.all([failures(pair), failures(from)]);

    if (addressFailures.length > this.policy.addressFailures) {
      return { allowed: false, retryAfterSeconds: this.secondsUntil(addressFailures[addressFailures.length - this.policy.addressFailures - 1]!.at.getTime() + this.policy.windowMs, at) };
    }
    const beyond = pairFailures.length - this.policy.pairFailures;
    if (beyond > 0) {
      // Backoff grows with each failure past the limit, counted from the latest one before this attempt.
      const latest = pairFailures[pairFailures.length - 2]?.at.getTime() ?? at.getTime();
      const wait = Math.min(this.policy.windowMs, this.policy.backoffMs * 2 ** (beyond - 1));
      return { allowed: false, retryAfterSeconds: this.secondsUntil(Math.max(latest + wait, at.getTime() + 1000), at) };
    }
    return {
      allowed: true,
      succeed: async () => {
        // This attempt and the pair's earlier ones in the window: one update covers them all.
        await this.attempts.updateMany({ key: pair, at: trusted({ $gt: since }) }, { $set: { succeeded: true } });
      },
    };
  }

  /** Drops attempts older than the window (the hourly purge). */
  async purge(): Promise<number> {
    return (await this.attempts.deleteMany({ at: trusted({ $lt: new Date(this.now().getTime() - this.policy.windowMs) }) })).deletedCount;
  }

  private secondsUntil(time: number, now: Date): number {
    return Math.max(1, Math.ceil((time - now.getTime()) / 1000));
  }
}
