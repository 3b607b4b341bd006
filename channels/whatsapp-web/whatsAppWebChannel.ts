// Everything the WhatsApp Web channel needs, built on the hotline's connection
// in one call, so the app's wiring stays a few lines: the channel as the
// hotline runs it (start, stop, erasure, purge).
import type { Connection } from 'mongoose';
import type { Logger } from '../../kernel/logger';
import type { FieldCipher, KeyedHasher } from '../../services/crypto';
import type { ChannelBot, HotlineChannel, TurnLogic } from '../hotlineChannel';
import type { Clock } from '../../kernel/clock';
import { createWhatsAppWebClient, type WhatsAppWebClientDeps } from './clientFactory';
import type { WhatsAppWebConfig } from './config';
import { EncryptedMediaStore } from './encryptedMediaStore';
import { WHATSAPP_CHANNEL_ID, WHATSAPP_WEB_SERVICE_URL } from './inboundMessageMapper';
import { openChannelQueues } from '../shared/channelQueues';
import { MessageQueue, type MessageQueueTiming, type PermanentFailureReport } from '../../services/messageQueue';
import { WhatsAppWebAdapter, WHATSAPP_WEB_SOURCE, type WebInbound, type WebOutbound, type WhatsAppWebAdapterOptions } from './whatsAppWebAdapter';
import type { WhatsAppWebClient } from './whatsAppWebClient';

export interface WhatsAppWebChannelDeps {
  connection: Connection;
  cipher: FieldCipher;
  hasher: KeyedHasher;
  logger: Logger;
  /** The turn logic, `(context) => bot.run(context)`: given here or to `start()`. */
  logic?: TurnLogic;
  /** Hours a message id is remembered against a second delivery; default 48. */
  dedupeHours?: number;
  /** Leases, polls and backoff of the inbox and outbox (tests shorten them). */
  queueTiming?: MessageQueueTiming;
  /** The metric hook: a reply (or an inbound message) failed for good. */
  onPermanentFailure?: (report: PermanentFailureReport & { queue: 'inbox' | 'outbox' }) => void;
  /** A client to use instead of the real one (tests). */
  client?: WhatsAppWebClient;
  /** A media store built earlier (the erasure service needs it before the bot exists). */
  media?: EncryptedMediaStore;
  clock?: Clock;
  /** Passed to {@link createWhatsAppWebClient}. */
  clientDeps?: Omit<WhatsAppWebClientDeps, 'connection' | 'cipher'>;
  /** Passed to the adapter. */
  adapter?: Pick<WhatsAppWebAdapterOptions, 'typingDelayMs' | 'reconnect' | 'printQr' | 'maxMediaBytes'>;
}

export interface WhatsAppWebChannel extends HotlineChannel {
  readonly adapter: WhatsAppWebAdapter;
  client: WhatsAppWebClient;
  /** What workers sent, kept until its turn ran; its done messages are the dedupe of message ids. */
  inbox: MessageQueue<WebInbound>;
  /** What the bot says, kept until it was sent. */
  outbox: MessageQueue<WebOutbound>;
  /** `purgeBefore(date)` for retention, `eraseUser(userHash)` for "delete my data". */
  media: EncryptedMediaStore;
}

/** Hours a WhatsApp Web message id is remembered, unless the deployer says otherwise. */
const DEFAULT_DEDUPE_HOURS = 48;

/** Builds the client, the stores (with their indexes) and the adapter; nothing starts until `start()`. */
export async function createWhatsAppWebChannel(config: WhatsAppWebConfig, deps: WhatsAppWebChannelDeps): Promise<WhatsAppWebChannel> {
  const { inbox, outbox } = await openChannelQueues<WebInbound, WebOutbound>({
    connection: deps.connection,
    cipher: deps.cipher,
    logger: deps.logger,
    source: WHATSAPP_WEB_SOURCE,
    logPrefix: 'whatsappWeb',
    timing: deps.queueTiming,
    onPermanentFailure: deps.onPermanentFailure,
  });
  const media = deps.media ?? new EncryptedMediaStore(deps.connection, deps.cipher);
  const client = deps.client ?? createWhatsAppWebClient(config, { ...deps.clientDeps, connection: deps.connection, cipher: deps.cipher });
  const adapter = new WhatsAppWebAdapter({
    ...deps.adapter,
    client,
    logic: deps.logic,
    inbox,
    outbox,
    media,
    hasher: deps.hasher,
    logger: deps.logger,
    sendPerMinute: config.WHATSAPP_WEB_SEND_PER_MINUTE,
    clock: deps.clock,
  });
  const dedupeMs = (deps.dedupeHours ?? DEFAULT_DEDUPE_HOURS) * 3_600_000;
  return {
    id: WHATSAPP_CHANNEL_ID,
    serviceUrl: WHATSAPP_WEB_SERVICE_URL,
    adapter,
    client,
    inbox,
    outbox,
    media,
    start: (bot: ChannelBot) => adapter.start(bot.run),
    stop: () => adapter.stop(),
    eraseUser: async (userHash) => (await media.eraseUser(userHash)) + (await inbox.eraseChat(userHash)) + (await outbox.eraseChat(userHash)),
    purge: async (before) => {
      await inbox.purge(new Date(Date.now() - dedupeMs));
      await outbox.purge(new Date(Date.now() - dedupeMs));
      await media.purgeBefore(before);
    },
  };
}
