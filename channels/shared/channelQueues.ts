// A WhatsApp channel's durable inbox and outbox (services/messageQueue.ts),
// opened the same way by both channels: one collection each, payloads
// encrypted, a permanent failure reported with the queue it happened in.
import type { Connection } from 'mongoose';
import type { FieldCipher } from '../../services/crypto';
import type { Logger } from '../../kernel/logger';
import { inboxMessageModel, outboxMessageModel } from '../../models/queuedMessage';
import { MessageQueue, type MessageQueueTiming, type PermanentFailureReport } from '../../services/messageQueue';

export interface ChannelQueueOptions {
  connection: Connection;
  cipher: FieldCipher;
  logger: Logger;
  /** The channel's source tag in the shared collections (one channel's messages apart from another's). */
  source: string;
  /** The log prefix: `<prefix>.inbox`, `<prefix>.outbox`. */
  logPrefix: string;
  /** Leases, polls and backoff (tests shorten them). */
  timing?: MessageQueueTiming;
  /** A message given up on, and in which queue (a failed send when `outbox`). */
  onPermanentFailure?: (report: PermanentFailureReport & { queue: 'inbox' | 'outbox' }) => void;
}

/** Opens both queues, with their indexes. */
export async function openChannelQueues<In, Out>(options: ChannelQueueOptions): Promise<{ inbox: MessageQueue<In>; outbox: MessageQueue<Out> }> {
  const queue = <P>(name: 'inbox' | 'outbox') =>
    new MessageQueue<P>(name === 'inbox' ? inboxMessageModel(options.connection) : outboxMessageModel(options.connection), {
      ...options.timing,
      source: options.source,
      cipher: options.cipher,
      logger: options.logger,
      name: `${options.logPrefix}.${name}`,
      onPermanentFailure: (report) => options.onPermanentFailure?.({ ...report, queue: name }),
    });
  const inbox = queue<In>('inbox');
  const outbox = queue<Out>('outbox');
  await inbox.ensureIndexes();
  await outbox.ensureIndexes();
  return { inbox, outbox };
}
