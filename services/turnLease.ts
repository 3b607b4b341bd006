// "This activity's turn is running": a short lease per inbound activity, so the
// same activity delivered several times at once runs one turn. It is not the
// "processed" mark: that lives in the conversation state and is saved with the
// turn's effects (bot/hotlineBot.ts), so a turn cut short by a crash is run again.
//
// Why a lease and not a permanent mark: a mark written before the turn (what the
// bot did until issue 11) dropped the redelivery of a turn that a crash cut short.
// Why not the state check alone: three deliveries at the same instant would all
// read a state without the id and all answer. So the lease excludes concurrent
// runs and the state says whether a run finished: a delivery that finds the lease
// held looks at the state (`done`), and waits while it is neither done nor free.
// A lease is renewed while its turn runs; released when the turn fails (so the
// redelivery runs at once); kept when it committed (the document is then only a
// trace, purged by age like any processed id); and one left by a killed process
// lapses after `ttlMs`, when a waiting delivery takes it over with a conditional
// update (one winner). The documents live in the bot's processed-ids collection
// (`processedactivities`, under the same keyed hash as before).
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

/** A held lease: renewed until kept or released. */
export interface TurnLease {
  /** The turn committed: stop renewing; the document stays as a trace until purged. */
  keep(): Promise<void>;
  /** The turn failed: give the lease up, so a redelivery runs it at once. */
  release(): Promise<void>;
}

/**
 * What `acquire` got: the lease; `done` (another run of it finished); `busy` (another delivery
 * held it for the whole wait, still running); or `unavailable` (the database failed).
 */
export type LeaseOutcome = { kind: 'held'; lease: TurnLease } | { kind: 'done' } | { kind: 'busy' } | { kind: 'unavailable' };

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
   * Takes the lease of the activity named by `parts`; while another delivery
   * holds it (a live holder renews it, a dead one's lapses), asks `done` whether
   * that run finished, and waits until it did, or the lease is free or lapsed.
   */
  async acquire(parts: readonly string[], done: () => Promise<boolean>): Promise<LeaseOutcome> {
    const id = this.options.hasher.hash(...parts);
    const deadline = this.now() + this.maxWaitMs;
    try {
      for (;;) {
        const at = await this.take(id);
        if (at) return { kind: 'held', lease: this.held(id, at) };
        if (await done()) return { kind: 'done' };
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
      keep: async () => {
        clearInterval(timer);
        await renewing;
      },
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
