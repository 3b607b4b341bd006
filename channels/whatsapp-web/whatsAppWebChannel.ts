// Everything the WhatsApp Web channel needs, built on the hotline's connection
// in one call, so the app's wiring stays a few lines.
import type { TurnContext } from 'botbuilder';
import type { Connection } from 'mongoose';
import type { Logger } from '../../kernel/logger';
import type { FieldCipher, KeyedHasher } from '../../services/crypto';
import type { Clock } from '../../kernel/clock';
import { createWhatsAppWebClient, type WhatsAppWebClientDeps } from './clientFactory';
import type { WhatsAppWebConfig } from './config';
import { EncryptedMediaStore } from './encryptedMediaStore';
import { ProcessedMessageStore, processedWhatsAppMessageModel } from './processedMessageStore';
import { WhatsAppWebAdapter, type WhatsAppWebAdapterOptions } from './whatsAppWebAdapter';
import type { WhatsAppWebClient } from './whatsAppWebClient';

export interface WhatsAppWebChannelDeps {
  connection: Connection;
  cipher: FieldCipher;
  hasher: KeyedHasher;
  logger: Logger;
  /** The turn logic: `(context) => bot.run(context)`. */
  logic: (context: TurnContext) => Promise<void>;
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

export interface WhatsAppWebChannel {
  adapter: WhatsAppWebAdapter;
  client: WhatsAppWebClient;
  /** `purgeBefore(date)` for the retention job's dedupe window. */
  processed: ProcessedMessageStore;
  /** `purgeBefore(date)` for retention, `eraseUser(userHash)` for "delete my data". */
  media: EncryptedMediaStore;
}

/** Builds the client, the stores (with their indexes) and the adapter; nothing starts until `adapter.start()`. */
export async function createWhatsAppWebChannel(config: WhatsAppWebConfig, deps: WhatsAppWebChannelDeps): Promise<WhatsAppWebChannel> {
  const processed = new ProcessedMessageStore(processedWhatsAppMessageModel(deps.connection), deps.hasher, deps.logger);
  await processed.ensureIndexes();
  const media = deps.media ?? new EncryptedMediaStore(deps.connection, deps.cipher);
  const client = deps.client ?? createWhatsAppWebClient(config, { ...deps.clientDeps, connection: deps.connection, cipher: deps.cipher });
  const adapter = new WhatsAppWebAdapter({
    ...deps.adapter,
    client,
    logic: deps.logic,
    processed,
    media,
    hasher: deps.hasher,
    logger: deps.logger,
    sendPerMinute: config.WHATSAPP_WEB_SEND_PER_MINUTE,
    clock: deps.clock,
  });
  return { adapter, client, processed, media };
}
