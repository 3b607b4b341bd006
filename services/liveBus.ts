// Live events for the console (a worker wrote, the queue changed, someone
// claimed). Events reach listeners in this process at once, and listeners in
// every other process of the hotline through MongoDB: each event is inserted
// under the next number of a unique sequence and every process reads what
// others added, polling cheaply by sequence. TODO(issue 10 item 2): change
// streams where the engine has them (docs/database.md); the polling was for
// FerretDB 1.24, which had neither change streams nor working tailable cursors.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { trusted } from 'mongoose';
import type { LiveEventModel } from '../models/liveEvent';
import { insertWithNextSeq } from '../models/uniqueInsert';
import type { FieldCipher } from './crypto';

export type LiveEvent =
  | { type: 'queue' }
  /** `holder`: the case worker holding the escalation; only they (and supervisors) receive the text. */
  | { type: 'message'; escalationId: string; from: 'worker' | 'caseWorker' | 'bot'; text: string; at: string; holder: string }
  | { type: 'claimed'; escalationId: string; byName: string };

/** Events are only for whoever is watching now; older ones are deleted. */
const KEEP_MS = 10 * 60 * 1000;

export class LiveBus {
  private readonly emitter = new EventEmitter();
  private readonly origin = randomBytes(8).toString('hex');
  private last = 0;
  private timer?: NodeJS.Timeout;
  private polls = 0;
  private writes: Promise<unknown> = Promise.resolve();

  /** Without a model the bus is in-process only (unit tests, a single process). */
  constructor(
    private readonly shared?: { model: LiveEventModel; cipher: FieldCipher; pollMs?: number; onError?: (error: unknown) => void },
  ) {
    this.emitter.setMaxListeners(0);
  }

  /** Starts reading the other processes' events (from now on). */
  async start(): Promise<void> {
    if (!this.shared || this.timer) return;
    await this.shared.model.createIndexes();
    this.last = (await this.shared.model.findOne({}, { seq: 1 }).sort({ seq: -1 }).lean())?.seq ?? 0;
    const poll = () => {
      this.timer = setTimeout(() => void this.poll().finally(() => this.timer && poll()), this.shared!.pollMs ?? 250);
      this.timer.unref();
    };
    poll();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.writes.catch(() => undefined);
  }

  publish(event: LiveEvent): void {
    this.emitter.emit('event', event);
    if (this.shared) this.writes = this.writes.then(() => this.store(event)).catch((error: unknown) => this.shared?.onError?.(error));
  }

  /** Returns the unsubscribe. */
  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  private async store(event: LiveEvent): Promise<void> {
    const { model, cipher } = this.shared!;
    const data = cipher.encrypt(JSON.stringify(event));
    const escalationId = 'escalationId' in event ? event.escalationId : undefined;
    await insertWithNextSeq(model, {}, (seq) => ({ seq, origin: this.origin, at: new Date(), ...(escalationId ? { escalationId } : {}), data }));
  }

  /** Deletes the stored events of these escalations (a worker's erasure: they may hold what the worker wrote). */
  async eraseEscalations(escalationIds: readonly string[]): Promise<number> {
    if (!this.shared || escalationIds.length === 0) return 0;
    await this.writes.catch(() => undefined);
    return (await this.shared.model.deleteMany({ escalationId: trusted({ $in: [...escalationIds] }) })).deletedCount;
  }


  private async poll(): Promise<void> {
    const { model, cipher, onError } = this.shared!;
    try {
      const docs = await model.find({ seq: trusted({ $gt: this.last }) }).sort({ seq: 1 }).limit(200).lean();
      for (const doc of docs) {
        this.last = doc.seq;
        if (doc.origin !== this.origin) this.emitter.emit('event', JSON.parse(cipher.decrypt(doc.data)) as LiveEvent);
      }
      if (++this.polls % 240 === 0) await model.deleteMany({ at: trusted({ $lt: new Date(Date.now() - KEEP_MS) }) });
    } catch (error) {
      onError?.(error);
    }
  }
}
