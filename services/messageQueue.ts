// A durable queue of messages per chat (models/queuedMessage.ts): the WhatsApp
// inbox and outbox. `add` keeps a message once under its idempotency key (an
// insert under the unique _id: a redelivery is a duplicate); the handler then
// takes each chat's messages in order, one at a time, across every process on
// the database: a message is claimed by a conditional update (one winner), its
// claim is a lease renewed while it is handled, and a message is marked done
// only after its handler resolved. A failure is retried with exponential
// backoff; a message that fails for good (a PermanentFailure, or too many
// tries) is recorded as failed and reported, and the chat goes on. What a
// killed process held lapses with its lease and is taken up by the next poll,
// here or in another process; `start` resumes at once.
import { randomUUID } from 'node:crypto';
import { trusted } from 'mongoose';
import { describeError, type Logger } from '../kernel/logger';
import { isDuplicateKeyError, type QueuedMessageDocument, type QueuedMessageModel } from '../models';
import type { FieldCipher } from './crypto';

/** One message as its handler sees it. */
export interface QueuedMessage<P> {
  key: string;
  chat: string;
  payload: P;
  /** Tries so far, this one included. */
  attempts: number;
}

export type QueueHandler<P> = (message: QueuedMessage<P>) => Promise<void>;

/** Thrown by a handler when trying again cannot help (a refused recipient, a payload it cannot read). */
export class PermanentFailure extends Error {
  override readonly name = 'PermanentFailure';
  constructor(
    message: string,
    /** Safe to log: a code, never personal data. */
    readonly code?: string | number,
  ) {
    super(message);
  }
}

/** What the metric hook hears of a message that failed for good (ids and codes only). */
export interface PermanentFailureReport {
  source: string;
  attempts: number;
  error: string;
}

export interface MessageQueueTiming {
  /** A claim lapses this long after its last renewal (what a killed process leaves); default 10 s. */
  leaseMs?: number;
  /** How often to look for due messages (retries, lapsed claims, other processes' additions); default 2 s. */
  pollMs?: number;
  /** First retry delay, doubled per try up to `maxDelayMs`; defaults 1 s and 5 min. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Tries before a message is failed for good; default 10. */
  maxAttempts?: number;
}

export interface MessageQueueOptions extends MessageQueueTiming {
  /** Which channel's queue: messages of other sources in the collection are not this queue's. */
  source: string;
  cipher: FieldCipher;
  logger: Logger;
  /** Log events start with it (`inbox`, `outbox`). */
  name: string;
  /** The metric hook: a message failed for good. */
  onPermanentFailure?: (report: PermanentFailureReport) => void;
  now?: () => number;
  /** 0 ≤ x < 1, for the jitter. */
  random?: () => number;
}

/** The error as it may be stored and logged: name and code. */
function errorLabel(error: unknown): string {
  const described = describeError(error);
  return [described.error, described.code].filter((part) => part !== undefined && part !== '').join(':');
}

export class MessageQueue<P> {
  /** This process's claims carry it. */
  readonly owner = randomUUID();
  /** Messages failed for good since start (the metric hook's counter). */
  permanentFailures = 0;
  private handler?: QueueHandler<P>;
  private readonly draining = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private readonly retryTimers = new Map<string, NodeJS.Timeout>();
  private pollTimer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  private stopped = true;
  private lastArrival = 0;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(
    readonly model: QueuedMessageModel,
    private readonly options: MessageQueueOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  get source(): string {
    return this.options.source;
  }

  /** Creates the indexes; safe at every start. */
  async ensureIndexes(): Promise<void> {
    await this.model.createIndexes();
  }

  /**
   * Keeps `payload` under `key` for `chat`: true when added, false when the key
   * was already there (a redelivery). Throws when the database fails: the caller
   * must not acknowledge what it could not keep.
   */
  async add(key: string, chat: string, payload: P, order?: number): Promise<boolean> {
    const now = this.now();
    const arrival = (this.lastArrival = Math.max(now, this.lastArrival + 1));
    try {
      await this.model.create({
        _id: key,
        source: this.options.source,
        chat,
        order: order ?? arrival,
        arrival,
        payload: this.options.cipher.encrypt(JSON.stringify(payload)),
        state: 'pending',
        attempts: 0,
        availableAt: new Date(now),
        createdAt: new Date(now),
      });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Whether `key` was ever added (and not yet purged). */
  async has(key: string): Promise<boolean> {
    return (await this.model.exists({ _id: key })) !== null;
  }

  /** Starts handling messages with `handler`: at once what is due (a killed process's leftovers), then every poll. */
  start(handler: QueueHandler<P>): void {
    this.handler = handler;
    if (!this.stopped) return;
    this.stopped = false;
    void this.poll();
  }

  /** Stops claiming; resolves when what is being handled here has ended. What is left stays for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.pollTimer);
    for (const timer of this.retryTimers.values()) clearTimeout(timer);
    this.retryTimers.clear();
    await this.idle();
  }

  /**
   * Handles the chat's due messages in order until none is due here (the next
   * one is held by another process, waits for its retry, or there is none).
   * Joins the chat's run when one is under way. Never rejects.
   */
  drain(chat: string): Promise<void> {
    const running = this.draining.get(chat);
    if (running) {
      this.again.add(chat);
      return running;
    }
    if (this.stopped || !this.handler) return Promise.resolve();
    const run = (async () => {
      do {
        this.again.delete(chat);
        await this.drainOnce(chat).catch((error: unknown) => this.options.logger.error(`${this.options.name}.drain.failed`, describeError(error)));
      } while (this.again.has(chat) && !this.stopped);
    })().finally(() => this.draining.delete(chat));
    this.draining.set(chat, run);
    return run;
  }

  /** Whether this process is handling (or looking for) messages of the queue right now. */
  get busy(): boolean {
    return this.draining.size > 0 || this.polling !== undefined;
  }

  /** Resolves once nothing is being handled in this process (retries waiting for their time do not count). */
  async idle(): Promise<void> {
    while (this.draining.size > 0 || this.polling) await Promise.allSettled([...this.draining.values(), this.polling]);
  }

  /** Messages not yet handled (for the backlog metric). */
  backlog(): Promise<number> {
    return this.model.countDocuments({ source: this.options.source, state: 'pending' });
  }

  /** Deletes a worker's messages ("delete my data"); returns how many went. */
  async eraseChat(chat: string): Promise<number> {
    return (await this.model.deleteMany({ source: this.options.source, chat })).deletedCount;
  }

  /** Deletes messages done or failed before `before` (done ones are then no longer recognised as redeliveries). */
  async purge(before: Date): Promise<number> {
    return (await this.model.deleteMany({ source: this.options.source, finishedAt: trusted({ $lt: before }) })).deletedCount;
  }

  private async poll(): Promise<void> {
    if (this.stopped) return;
    this.polling = (async () => {
      try {
        const due = await this.model
          .find({ source: this.options.source, state: 'pending', availableAt: trusted({ $lte: new Date(this.now()) }) }, { chat: 1 })
          .sort({ order: 1, arrival: 1 })
          .limit(500)
          .lean();
        for (const chat of new Set(due.map((message) => message.chat))) void this.drain(chat);
      } catch (error) {
        this.options.logger.error(`${this.options.name}.poll.failed`, describeError(error));
      }
    })();
    await this.polling;
    this.polling = undefined;
    if (this.stopped) return;
    this.pollTimer = setTimeout(() => void this.poll(), this.options.pollMs ?? 2_000);
    this.pollTimer.unref();
  }

  private async drainOnce(chat: string): Promise<void> {
    const leaseMs = this.options.leaseMs ?? 10_000;
    while (!this.stopped) {
      const head = await this.model.findOne({ source: this.options.source, chat, state: 'pending' }).sort({ order: 1, arrival: 1 }).lean();
      if (!head) return;
      const now = this.now();
      if (head.availableAt.getTime() > now) {
        // Waiting for its retry: come back then. Held by another process: the poll sees when its lease lapses.
        if (!head.owner) this.retryAt(chat, head.availableAt.getTime());
        return;
      }
      const claimed = await this.model
        .findOneAndUpdate(
          { _id: head._id, state: 'pending', availableAt: trusted({ $lte: new Date(now) }) },
          { $set: { availableAt: new Date(now + leaseMs), owner: this.owner }, $inc: { attempts: 1 } },
          { returnDocument: 'after' },
        )
        .lean();
      if (claimed) await this.handle(claimed, leaseMs);
    }
  }

  private async handle(message: QueuedMessageDocument, leaseMs: number): Promise<void> {
    const mine = { _id: message._id, owner: this.owner, state: 'pending' as const };
    let renewing: Promise<unknown> = Promise.resolve();
    const renew = setInterval(() => {
      renewing = this.model.updateOne(mine, { $set: { availableAt: new Date(this.now() + leaseMs) } }).catch((error: unknown) => this.options.logger.warn(`${this.options.name}.renew.failed`, describeError(error)));
    }, Math.max(50, Math.floor(leaseMs / 3)));
    renew.unref();
    let outcome: { done: true } | { done: false; error: unknown };
    try {
      const payload = JSON.parse(this.options.cipher.decrypt(message.payload)) as P;
      await this.handler!({ key: message._id, chat: message.chat, payload, attempts: message.attempts });
      outcome = { done: true };
    } catch (error) {
      outcome = { done: false, error };
    } finally {
      clearInterval(renew);
      await renewing;
    }
    const now = new Date(this.now());
    if (outcome.done) {
      // The payload goes: a done message is only its key, against redeliveries.
      await this.model.updateOne(mine, { $set: { state: 'done', finishedAt: now, payload: '' }, $unset: { owner: 1, error: 1 } });
      return;
    }
    const error = errorLabel(outcome.error);
    const permanent = outcome.error instanceof PermanentFailure || outcome.error instanceof SyntaxError || message.attempts >= (this.options.maxAttempts ?? 10);
    if (permanent) {
      await this.model.updateOne(mine, { $set: { state: 'failed', finishedAt: now, error }, $unset: { owner: 1 } });
      this.permanentFailures += 1;
      this.options.logger.error(`${this.options.name}.failed`, { source: this.options.source, attempts: message.attempts, ...describeError(outcome.error) });
      this.options.onPermanentFailure?.({ source: this.options.source, attempts: message.attempts, error });
      return;
    }
    const at = now.getTime() + this.backoff(message.attempts);
    await this.model.updateOne(mine, { $set: { availableAt: new Date(at), error }, $unset: { owner: 1 } });
    this.options.logger.warn(`${this.options.name}.retry`, { source: this.options.source, attempts: message.attempts, delayMs: at - now.getTime(), ...describeError(outcome.error) });
    this.retryAt(message.chat, at);
  }

  /** The delay before try `attempts + 1`: exponential, half fixed and half random. */
  backoff(attempts: number): number {
    const step = Math.min(this.options.maxDelayMs ?? 300_000, (this.options.baseDelayMs ?? 1_000) * 2 ** (attempts - 1));
    return Math.round(step / 2 + this.random() * (step / 2));
  }

  private retryAt(chat: string, at: number): void {
    if (this.stopped || this.retryTimers.has(chat)) return;
    const timer = setTimeout(() => {
      this.retryTimers.delete(chat);
      void this.drain(chat);
    }, Math.max(0, at - this.now()) + 5);
    timer.unref();
    this.retryTimers.set(chat, timer);
  }
}
