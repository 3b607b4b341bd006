// Builds the channel's parts on an open connection: models with their indexes,
// the store, the Graph API client (or the one a test passes) and the adapter.
import type { i18n as I18n } from 'i18next';
import type { Connection } from 'mongoose';
import type { Logger } from '../../kernel/logger';
import type { KeyedHasher } from '../../services/crypto';
import type { WhatsAppCloudSettings } from './config';
import { FetchGraphClient } from './fetchGraphClient';
import type { GraphClient } from './graphClient';
import { WhatsAppCloudAdapter } from './whatsAppCloudAdapter';
import { createWhatsAppCloudModels, WhatsAppCloudStore } from './whatsAppCloudStore';

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
