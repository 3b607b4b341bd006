// Builds the channel's parts on an open connection: models with their indexes,
// the store, the Graph API client (or the one a test passes) and the adapter;
// and the channel as the hotline runs it, with its webhook.
import type { i18n as I18n } from 'i18next';
import type { Connection } from 'mongoose';
import type { Server } from 'restify';
import type { Logger } from '../../kernel/logger';
import type { KeyedHasher } from '../../services/crypto';
import type { ChannelBot, HotlineChannel } from '../hotlineChannel';
import type { WhatsAppCloudSettings } from './config';
import { FetchGraphClient } from './fetchGraphClient';
import type { GraphClient } from './graphClient';
import { WHATSAPP_CHANNEL_ID, WHATSAPP_SERVICE_URL } from './inboundActivity';
import { WhatsAppCloudAdapter } from './whatsAppCloudAdapter';
import { createWhatsAppCloudModels, WhatsAppCloudStore } from './whatsAppCloudStore';
import { registerWhatsAppCloud, type WhatsAppCloudWebhook } from './webhookRoutes';

export interface WhatsAppCloudDependencies {
  settings: WhatsAppCloudSettings;
  connection: Connection;
  hasher: KeyedHasher;
  i18n: I18n;
  logger: Logger;
  /** A stand-in for the Graph API; default: {@link FetchGraphClient} on `settings`. */
  graph?: GraphClient;
  now?: () => Date;
}

export interface WhatsAppCloud {
  adapter: WhatsAppCloudAdapter;
  store: WhatsAppCloudStore;
  graph: GraphClient;
}

export async function createWhatsAppCloud(dependencies: WhatsAppCloudDependencies): Promise<WhatsAppCloud> {
  const { settings, connection, hasher, i18n, logger, now } = dependencies;
  const store = new WhatsAppCloudStore(createWhatsAppCloudModels(connection), hasher, logger, now);
  await store.ensureIndexes();
  const graph =
    dependencies.graph ??
    new FetchGraphClient({ graphUrl: settings.graphUrl, phoneNumberId: settings.phoneNumberId, accessToken: settings.accessToken, sendPerSecond: settings.sendPerSecond });
  const adapter = new WhatsAppCloudAdapter({ graph, store, phoneNumberId: settings.phoneNumberId, template: settings.template, i18n, logger, now });
  return { adapter, store, graph };
}

export interface WhatsAppCloudChannelDependencies extends WhatsAppCloudDependencies {
  /** The language of the reply to a message the bot cannot read when the bot does not know the worker's. */
  defaultLanguage: string;
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
    eraseUser: (userHash) => cloud.store.eraseUser(userHash),
    purge: (before) => cloud.store.purge(before),
    // The webhook answered Meta at once; what it accepted is finished before the database closes.
    stop: () => webhook.idle(),
  };
}
