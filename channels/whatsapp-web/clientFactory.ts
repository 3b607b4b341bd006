// Builds the real whatsapp-web.js Client: the system's Chromium, headless, and
// the session kept either in a local folder (LocalAuth) or encrypted in the
// hotline's database (RemoteAuth on GridFS). The library (and puppeteer) is
// loaded only here, so importing the channel costs nothing until it is used.
import { join, resolve } from 'node:path';
import type { Connection } from 'mongoose';
import type * as WhatsAppWebJs from 'whatsapp-web.js';
import type { FieldCipher } from '../../services/crypto';
import type { WhatsAppWebConfig } from './config';
import { GridFsSessionStore } from './gridFsSessionStore';
import { createRemoteAuth } from './remoteAuth';
import type { WhatsAppWebClient } from './whatsAppWebClient';

/** Chromium flags for a server: no sandbox (containers run it as root), no GPU, nothing phoning home. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-setuid-sandbox',
  '--disable-dev-shm-usage',
  '--disable-gpu',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-component-update',
  '--disable-sync',
];

export interface WhatsAppWebClientDeps {
  /** The hotline's connection; required with WHATSAPP_WEB_AUTH=remote (the session lives in its GridFS). */
  connection?: Connection;
  /** Encrypts the session archive at rest; required with WHATSAPP_WEB_AUTH=remote. */
  cipher?: FieldCipher;
  /** How often RemoteAuth saves the session to the database; at least 60 000 (the library's floor); default 5 minutes. */
  backupSyncIntervalMs?: number;
  /** Tells sessions apart if one database ever holds several numbers. */
  clientId?: string;
  /** The library; tests and tools may pass it, the default loads `whatsapp-web.js`. */
  library?: typeof WhatsAppWebJs;
}

/** Thrown when the configuration cannot make a client. */
export class WhatsAppWebSetupError extends Error {
  readonly code = 'WHATSAPP_WEB_SETUP';
  constructor(message: string) {
    super(message);
    this.name = 'WhatsAppWebSetupError';
  }
}

/** The real Client; not initialised (the adapter's `start()` does that). */
export function createWhatsAppWebClient(
  config: Pick<WhatsAppWebConfig, 'WHATSAPP_WEB_AUTH' | 'WHATSAPP_WEB_SESSION_DIR' | 'WHATSAPP_WEB_CHROMIUM'>,
  deps: WhatsAppWebClientDeps = {},
): WhatsAppWebClient {
  const library = deps.library ?? (require('whatsapp-web.js') as typeof WhatsAppWebJs);
  const sessionDir = resolve(config.WHATSAPP_WEB_SESSION_DIR);
  let authStrategy: WhatsAppWebJs.AuthStrategy;
  if (config.WHATSAPP_WEB_AUTH === 'remote') {
    if (!deps.connection || !deps.cipher) throw new WhatsAppWebSetupError('createWhatsAppWebClient(): WHATSAPP_WEB_AUTH=remote needs the database connection and the cipher');
    authStrategy = createRemoteAuth(library, {
      store: new GridFsSessionStore(deps.connection, deps.cipher, sessionDir),
      dataPath: sessionDir,
      backupSyncIntervalMs: deps.backupSyncIntervalMs ?? 5 * 60_000,
      ...(deps.clientId ? { clientId: deps.clientId } : {}),
    });
  } else {
    authStrategy = new library.LocalAuth({ dataPath: sessionDir, ...(deps.clientId ? { clientId: deps.clientId } : {}) });
  }
  const client: WhatsAppWebJs.Client = new library.Client({
    authStrategy,
    // The WhatsApp Web page the library caches, kept beside the session instead of in the working directory.
    webVersionCache: { type: 'local', path: join(sessionDir, 'web-cache') },
    puppeteer: {
      executablePath: config.WHATSAPP_WEB_CHROMIUM,
      headless: true,
      args: [...CHROMIUM_ARGS],
    },
  });
  return client;
}
