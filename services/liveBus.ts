// Live events for the console (a worker wrote, the queue changed, someone
// claimed). Events reach listeners in this process at once, and listeners in
// every other process of the hotline through MongoDB: each event is inserted,
// numbered by a counter, and every process reads what the others added,
// through a change stream where the server has them (a replica set, as in
// production) and by polling by number otherwise (a standalone server, the
// embedded mongo-java-server, on which an idle change stream busy-polls; see
// docs/database.md).
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { trusted } from 'mongoose';
import type { ChangeStream } from 'mongodb';
import { counterSequence, type CounterModel } from '../models/counter';
import type { LiveEventDocument, LiveEventModel } from '../models/liveEvent';
import { insertWithNextSeq } from '../models/uniqueInsert';
import type { FieldCipher } from './crypto';

export type LiveEvent =
  | { type: 'queue' }
  /** `holder`: the case worker holding the handoff; only they (and supervisors) receive the text. */
  | { type: 'message'; handoffId: string; from: 'worker' | 'caseWorker' | 'bot'; text: string; at: string; holder: string }
  | { type: 'claimed'; handoffId: string; byName: string };

/** Events are only for whoever is watching now; older ones are deleted. */
const KEEP_MS = 10 * 60 * 1000;
const PURGE_EVERY_MS = 60 * 1000;
/** How long a gap in the numbers may be an event still being stored by another process (numbers are drawn before the insert). */
const GAP_WAIT_MS = 2000;

export type LiveBusMode = 'changeStream' | 'poll';

/**
 * How a process hears the others, from the server's `hello`: a change stream
 * on a replica set (`setName`) or a sharded cluster (`msg: 'isdbgrid'`), which
 * wait on the server; polling on a standalone server, which has no change
 * streams (mongod) or busy-polls an idle one (mongo-java-server).
 */
export function liveBusMode(hello: { setName?: unknown; msg?: unknown; [field: string]: unknown } | undefined): LiveBusMode {
  if (!hello) return 'poll';
  return (typeof hello.setName === 'string' && hello.setName !== '') || hello.msg === 'isdbgrid' ? 'changeStream' : 'poll';
}

export class LiveBus {
  private readonly emitter = new EventEmitter();
  private readonly origin = randomBytes(8).toString('hex');
  /** Polling: every number up to here has been read (or given up on as lost). */
  private last = 0;
  /** Polling: numbers above `last` already read, with when they were stored. */
  private readonly seen = new Map<number, number>();
  private timer?: NodeJS.Timeout;
  private purgeTimer?: NodeJS.Timeout;
  private stream?: ChangeStream<LiveEventDocument>;
  private running = false;
  private writes: Promise<unknown> = Promise.resolve();
  /** How this process hears the others, once started. */
  mode?: LiveBusMode;

  /** Without a model the bus is in-process only (unit tests, a single process). */
  constructor(
    private readonly shared?: {
      model: LiveEventModel;
      counters: CounterModel;
      cipher: FieldCipher;
      pollMs?: number;
      onError?: (error: unknown) => void;
      /** Overrides what the server's `hello` says (tests). */
      mode?: LiveBusMode;
    },
  ) {
    this.emitter.setMaxListeners(0);
  }

  /** Starts reading the other processes' events (from now on). */
  async start(): Promise<void> {
    if (!this.shared || this.running) return;
    this.running = true;
    const { model } = this.shared;
    await model.createIndexes();
    this.mode = this.shared.mode ?? liveBusMode(await this.hello());
    if (this.mode === 'changeStream') this.watch();
    else {
      this.last = (await model.findOne({}, { seq: 1 }).sort({ seq: -1 }).lean())?.seq ?? 0;
      this.schedulePoll();
    }
    this.purgeTimer = setInterval(() => void this.purge(), PURGE_EVERY_MS);
    this.purgeTimer.unref();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    clearInterval(this.purgeTimer);
    this.timer = undefined;
    const stream = this.stream;
    this.stream = undefined;
    await stream?.close().catch(() => undefined);
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
    const handoffId = 'handoffId' in event ? event.handoffId : undefined;
    await insertWithNextSeq(model, {}, counterSequence(this.shared!.counters, 'liveEvents'), (seq) => ({ seq, origin: this.origin, at: new Date(), ...(handoffId ? { handoffId } : {}), data }));
  }

  /** Deletes the stored events of these handoffs (a worker's erasure: they may hold what the worker wrote). */
  async eraseHandoffs(handoffIds: readonly string[]): Promise<number> {
    if (!this.shared || handoffIds.length === 0) return 0;
    await this.writes.catch(() => undefined);
    return (await this.shared.model.deleteMany({ handoffId: trusted({ $in: [...handoffIds] }) })).deletedCount;
  }


  private async hello(): Promise<{ setName?: unknown; msg?: unknown } | undefined> {
    try {
      return await this.shared!.model.db.db!.admin().command({ hello: 1 });
    } catch (error) {
      this.shared!.onError?.(error);
      return undefined;
    }
  }

  private deliver(doc: Pick<LiveEventDocument, 'origin' | 'data'>): void {
    if (doc.origin !== this.origin) this.emitter.emit('event', JSON.parse(this.shared!.cipher.decrypt(doc.data)) as LiveEvent);
  }

  /** A replica set tells of each insert as it commits; the driver resumes the stream after a failover. */
  private watch(): void {
    const stream = this.shared!.model.watch<LiveEventDocument>([{ $match: { operationType: 'insert' } }]);
    this.stream = stream;
    stream.on('change', (change) => {
      if (change.operationType !== 'insert') return;
      try {
        this.deliver(change.fullDocument);
      } catch (error) {
        this.shared!.onError?.(error);
      }
    });
    stream.on('error', (error) => {
      // Not resumable: say so and watch again shortly.
      this.shared!.onError?.(error);
      void stream.close().catch(() => undefined);
      if (this.stream !== stream) return;
      this.timer = setTimeout(() => this.running && this.watch(), this.shared!.pollMs ?? 250);
      this.timer.unref();
    });
  }

  private schedulePoll(): void {
    this.timer = setTimeout(() => void this.poll().finally(() => this.running && this.schedulePoll()), this.shared!.pollMs ?? 250);
    this.timer.unref();
  }

  /**
   * Reads what was stored after `last`. Numbers are drawn before the insert,
   * so 6 may be stored before 5: what is read is delivered at once and
   * remembered, and `last` moves up to the first gap, or past a gap older
   * than GAP_WAIT_MS (a number whose insert failed).
   */
  private async poll(): Promise<void> {
    const { model, onError } = this.shared!;
    try {
      const docs = await model.find({ seq: trusted({ $gt: this.last }) }, { seq: 1, origin: 1, at: 1, data: 1 }).sort({ seq: 1 }).limit(200).lean();
      for (const doc of docs) {
        if (this.seen.has(doc.seq)) continue;
        this.seen.set(doc.seq, new Date(doc.at).getTime());
        this.deliver(doc);
      }
      const numbers = [...this.seen.keys()].sort((x, y) => x - y);
      for (const seq of numbers) {
        if (seq !== this.last + 1 && Date.now() - this.seen.get(seq)! < GAP_WAIT_MS) break;
        this.last = seq;
        this.seen.delete(seq);
      }
    } catch (error) {
      onError?.(error);
    }
  }

  private async purge(): Promise<void> {
    try {
      await this.shared!.model.deleteMany({ at: trusted({ $lt: new Date(Date.now() - KEEP_MS) }) });
    } catch (error) {
      this.shared!.onError?.(error);
    }
  }
}
