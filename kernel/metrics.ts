// The hotline's Prometheus metrics (prom-client), one registry per hotline: turns
// by channel and outcome, how long they took, the handoff queue by priority and
// the inbox backlog (both read when scraped), and sends that failed. Labels are
// bounded sets: a channel id nobody configured counts as "other".
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** How a turn ended: it answered, it said nothing (an event, a message for the case worker), it was a redelivery, or it failed. */
export type TurnOutcome = 'answered' | 'silent' | 'duplicate' | 'error';

/** Where the bot marks a turn it skipped as a redelivery (`context.turnState.set(TURN_OUTCOME, 'duplicate')`). */
export const TURN_OUTCOME = Symbol('turnOutcome');

/** Reads how many items of one kind wait (queued handoffs by priority, inbox items by source). */
export type CountSource = () => Promise<Record<string, number>> | Record<string, number>;

export interface HotlineMetricsOptions {
  /** Channel ids used as labels as they are; any other is "other". */
  channels: readonly string[];
  /** Also the process metrics (CPU, memory, event loop lag, GC): on for a served `/metrics`, off in tests. */
  processMetrics?: boolean;
}

/** Seconds; a turn is mostly database round trips, a slow one waits on a lease or a send. */
const TURN_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class HotlineMetrics {
  readonly registry = new Registry();
  private readonly channels: ReadonlySet<string>;
  private readonly turns: Counter<'channel' | 'outcome'>;
  private readonly turnSeconds: Histogram<'channel'>;
  private readonly sendFailures: Counter<'channel'>;
  private queueSource: CountSource | undefined;
  private readonly backlogSources = new Map<string, () => Promise<number> | number>();

  constructor(options: HotlineMetricsOptions) {
    this.channels = new Set(options.channels);
    const registers = [this.registry];
    this.turns = new Counter({ name: 'hotline_turns_total', help: 'Turns the bot ran, by channel and outcome (answered, silent, duplicate, error).', labelNames: ['channel', 'outcome'], registers });
    this.turnSeconds = new Histogram({ name: 'hotline_turn_duration_seconds', help: 'How long a turn took, from the activity to its state saved.', labelNames: ['channel'], buckets: TURN_BUCKETS, registers });
    this.sendFailures = new Counter({ name: 'hotline_outbound_failures_total', help: 'Messages to workers whose send failed, by channel.', labelNames: ['channel'], registers });
    const metrics = this;
    new Gauge({
      name: 'hotline_handoff_queue_length',
      help: 'Workers waiting for a case worker, by priority (read from the database when scraped).',
      labelNames: ['priority'],
      registers,
      async collect() {
        this.reset();
        const counts = metrics.queueSource ? await metrics.queueSource() : {};
        for (const [priority, count] of Object.entries(counts)) this.set({ priority }, count);
      },
    });
    new Gauge({
      name: 'hotline_inbox_backlog',
      help: 'Inbound messages kept but not yet processed, by source (read when scraped).',
      labelNames: ['source'],
      registers,
      async collect() {
        this.reset();
        for (const [source, read] of metrics.backlogSources) this.set({ source }, await read());
      },
    });
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'hotline_' });
  }

  /** Starts timing a turn; call the result with its outcome when it ends. */
  turnStarted(channelId: string | undefined): (outcome: TurnOutcome) => number {
    const channel = this.channelLabel(channelId);
    const end = this.turnSeconds.startTimer({ channel });
    return (outcome) => {
      this.turns.inc({ channel, outcome });
      return end();
    };
  }

  /** A send to a worker failed (in a turn, a proactive message, or an outbox's attempt). */
  outboundFailed(channelId: string | undefined): void {
    this.sendFailures.inc({ channel: this.channelLabel(channelId) });
  }

  /** Where the queued handoffs are counted: `{ critical: 2, high: 0, … }`, read on every scrape. */
  countHandoffQueue(source: CountSource): void {
    this.queueSource = source;
  }

  /**
   * Plugs an inbox in: `read` answers how many of its items wait, on every
   * scrape, under `source` (e.g. "whatsappCloud"). Returns the unregistration.
   */
  registerInboxBacklog(source: string, read: () => Promise<number> | number): () => void {
    this.backlogSources.set(source, read);
    return () => {
      if (this.backlogSources.get(source) === read) this.backlogSources.delete(source);
    };
  }

  /** The exposition text and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private channelLabel(channelId: string | undefined): string {
    const id = (channelId ?? '').toLowerCase();
    return this.channels.has(id) ? id : 'other';
  }
}
