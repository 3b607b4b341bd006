// Builds the channel's parts on an open connection: models with their indexes,
// the store, the inbox and outbox, the Graph API client (or the one a test
// passes) and the adapter; and the channel as the hotline runs it, with its webhook.
import type { i18n as I18n } from 'i18next';
import type { Connection } from 'mongoose';
import type { Server } from 'restify';
import type { Logger } from '../../kernel/logger';
import { openChannelQueues } from '../shared/channelQueues';
import type { FieldCipher, KeyedHasher } from '../../services/crypto';
import { MessageQueue, type MessageQueueTiming, type PermanentFailureReport } from '../../services/messageQueue';
import type { ChannelBot, HotlineChannel } from '../hotlineChannel';
import type { WhatsAppCloudSettings } from './config';
import { FetchGraphClient } from './fetchGraphClient';
import type { GraphClient } from './graphClient';
import { WHATSAPP_CHANNEL_ID, WHATSAPP_SERVICE_URL } from './inboundActivity';
import { WhatsAppCloudAdapter, WHATSAPP_CLOUD_SOURCE, type CloudInbound, type CloudOutbound } from './whatsAppCloudAdapter';
import { createWhatsAppCloudModels, WhatsAppCloudStore } from './whatsAppCloudStore';
import { registerWhatsAppCloud, type WhatsAppCloudWebhook } from './webhookRoutes';

export interface WhatsAppCloudDependencies {
  settings: WhatsAppCloudSettings;
  connection: Connection;
  /** Encrypts the inbox's and outbox's payloads. */
  cipher: FieldCipher;
  hasher: KeyedHasher;
  i18n: I18n;
  logger: Logger;
  /** A stand-in for the Graph API; default: {@link FetchGraphClient} on `settings`. */
  graph?: GraphClient;
  /** Leases, polls and backoff of the inbox and outbox (tests shorten them). */
  queueTiming?: MessageQueueTiming;
  /** The metric hook: a reply (or an inbound message) failed for good. */
  onPermanentFailure?: (report: PermanentFailureReport & { queue: 'inbox' | 'outbox' }) => void;
  now?: () => Date;
}

export interface WhatsAppCloud {
  adapter: WhatsAppCloudAdapter;
  store: WhatsAppCloudStore;
  graph: GraphClient;
  inbox: MessageQueue<CloudInbound>;
  outbox: MessageQueue<CloudOutbound>;
}

export async function createWhatsAppCloud(dependencies: WhatsAppCloudDependencies): Promise<WhatsAppCloud> {
  const { settings, connection, cipher, hasher, i18n, logger, now } = dependencies;
  const store = new WhatsAppCloudStore(createWhatsAppCloudModels(connection), hasher, now);
  await store.ensureIndexes();
  const { inbox, outbox } = await openChannelQueues<CloudInbound, CloudOutbound>({
    connection,
    cipher,
    logger,
    source: WHATSAPP_CLOUD_SOURCE,
    logPrefix: 'whatsappCloud',
    timing: dependencies.queueTiming,
    onPermanentFailure: dependencies.onPermanentFailure,
  });
  const graph =
    dependencies.graph ??
    new FetchGraphClient({ graphUrl: settings.graphUrl, phoneNumberId: settings.phoneNumberId, accessToken: settings.accessToken, sendPerSecond: settings.sendPerSecond });
  const adapter = new WhatsAppCloudAdapter({ graph, store, hasher, inbox, outbox, phoneNumberId: settings.phoneNumberId, template: settings.template, i18n, logger, now });
  return { adapter, store, graph, inbox, outbox };
}

export interface WhatsAppCloudChannelDependencies extends WhatsAppCloudDependencies {
  /** The language of the reply to a message the bot cannot read when the bot does not know the worker's. */
  defaultLanguage: string;
  /** Hours a done inbound message is remembered against a redelivery. */
  dedupeHours: number;
}

/** The channel as the hotline runs it: its webhook, the worker's records for erasure and retention. */
export interface WhatsAppCloudChannel extends HotlineChannel, WhatsAppCloud {
  readonly adapter: WhatsAppCloudAdapter;
  /** The mounted webhook's deliveries (none before {@link HotlineChannel.routes}). */
  readonly webhook: WhatsAppCloudWebhook;
}

export async function createWhatsAppCloudChannel(dependencies: WhatsAppCloudChannelDependencies): Promise<WhatsAppCloudChannel> {
  const cloud = await createWhatsAppCloud(dependencies);
  const { settings, i18n, logger, defaultLanguage } = dependencies;
  let mounted: WhatsAppCloudWebhook | undefined;
  const webhook: WhatsAppCloudWebhook = { idle: async () => mounted?.idle() };
  return {
    ...cloud,
    id: WHATSAPP_CHANNEL_ID,
    serviceUrl: WHATSAPP_SERVICE_URL,
    webhook,
    routes(server: Server, bot: ChannelBot) {
      mounted = registerWhatsAppCloud(server, { adapter: cloud.adapter, logic: bot.run, settings, i18n, languageOf: (context) => bot.languageOf(context), defaultLanguage, logger });
    },
    eraseUser: async (userHash) => (await cloud.store.eraseUser(userHash)) + (await cloud.inbox.eraseChat(userHash)) + (await cloud.outbox.eraseChat(userHash)),
    purge: async (before) => {
      // Done messages are the inbox's memory of what it took in: kept for the dedupe window, then purged.
      const dedupeCutoff = new Date(Date.now() - dependencies.dedupeHours * 3_600_000);
      await cloud.inbox.purge(dedupeCutoff);
      await cloud.outbox.purge(dedupeCutoff);
      return cloud.store.purge(before);
    },
    // What is under way here ends before the database closes; what is left in the inbox and outbox waits for the next start.
    stop: () => cloud.adapter.stop(),
  };
}
