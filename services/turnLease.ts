// "This activity's turn is running": a short lease per inbound activity, so the
// same activity delivered several times at once runs one turn. It is not the
// "processed" mark: that lives in the conversation state and is saved with the
// turn's effects (bot/hotlineBot.ts), so a turn cut short by a crash is run again.
//
// Why a lease and not a permanent mark: a mark written before the turn (what the
// bot did until issue 11) dropped the redelivery of a turn that a crash cut short.
// Why not the state check alone: three deliveries at the same instant would all
// read a state without the id and all answer. So the lease excludes concurrent
// runs; the state says whether a run finished. A lease is released when its turn
// ends (finished or failed) and renewed while the turn runs; one left by a killed
// process lapses after `ttlMs`, and a waiting delivery then takes it over with a
// conditional update (one winner). The lease documents live in the bot's
// processed-ids collection (`processedactivities`, the same keyed hash as before),
// purged by age by the retention job like any of them.
import { trusted } from 'mongoose';
import { describeError, type Logger } from '../kernel/logger';
import { isDuplicateKeyError, type ProcessedIdModel } from '../models';
import type { KeyedHasher } from './crypto';

export interface TurnLeaseOptions {
  hasher: KeyedHasher;
  logger: Logger;
  /** How long a lease outlives its last renewal (a killed holder's lease lapses after this). */
  ttlMs?: number;
  /** How long a delivery waits for another's lease before giving up as a duplicate. */
  maxWaitMs?: number;
  /** Between two looks at a held lease. */
  pollMs?: number;
  now?: () => number;
}

/** A held lease: renewed until released. */
export interface TurnLease {
  release(): Promise<void>;
}

/** What `acquire` got: the lease, none because another delivery holds it, or none because the database failed. */
export type LeaseOutcome = { kind: 'held'; lease: TurnLease } | { kind: 'busy' } | { kind: 'unavailable' };

export const DEFAULT_LEASE_TTL_MS = 10_000;

export class TurnLeases {
  private readonly ttlMs: number;
  private readonly maxWaitMs: number;
  private readonly pollMs: number;
  private readonly now: () => number;

  constructor(
    readonly model: ProcessedIdModel,
    private readonly options: TurnLeaseOptions,
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_LEASE_TTL_MS;
    this.maxWaitMs = options.maxWaitMs ?? this.ttlMs * 2;
    this.pollMs = options.pollMs ?? 100;
    this.now = options.now ?? Date.now;
  }

  /**
   * Takes the lease of the activity named by `parts`, waiting while another
   * delivery holds it (a live holder renews it; a dead one's lapses). `busy`
   * when it was held for longer than the wait (a turn still running elsewhere).
   */
  async acquire(...parts: string[]): Promise<LeaseOutcome> {
    const id = this.options.hasher.hash(...parts);
    const deadline = this.now() + this.maxWaitMs;
    try {
      for (;;) {
        const at = await this.take(id);
        if (at) return { kind: 'held', lease: this.held(id, at) };
        if (this.now() >= deadline) return { kind: 'busy' };
        await new Promise((resolve) => setTimeout(resolve, this.pollMs));
      }
    } catch (error) {
      this.options.logger.error('turn.lease.failed', describeError(error));
      return { kind: 'unavailable' };
    }
  }

  /** The lease's time stamp if this call took it (free, or lapsed), else undefined. */
  private async take(id: string): Promise<Date | undefined> {
    const at = new Date(this.now());
    try {
      await this.model.create({ _id: id, at });
      return at;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    // Held: take it over only if it lapsed; of several takers the conditional update lets one win.
    const before = await this.model.findOneAndUpdate({ _id: id, at: trusted({ $lt: new Date(at.getTime() - this.ttlMs) }) }, { $set: { at } }, { returnDocument: 'before' }).lean();
    if (before) this.options.logger.warn('turn.lease.lapsed', {});
    return before ? at : undefined;
  }

  private held(id: string, first: Date): TurnLease {
    let at = first;
    let renewing: Promise<void> = Promise.resolve();
    const timer = setInterval(() => {
      const next = new Date(this.now());
      renewing = this.model
        .updateOne({ _id: id, at }, { $set: { at: next } })
        .then((result) => {
          if (result.matchedCount > 0) at = next;
        })
        .catch((error: unknown) => this.options.logger.warn('turn.lease.renewFailed', describeError(error)));
    }, Math.max(50, Math.floor(this.ttlMs / 3)));
    timer.unref();
    return {
      release: async () => {
        clearInterval(timer);
        await renewing;
        try {
          // Only our own: had it lapsed and been taken over, the other holder's stays.
          await this.model.deleteOne({ _id: id, at });
        } catch (error) {
          this.options.logger.warn('turn.lease.releaseFailed', describeError(error));
        }
      },
    };
  }
}
