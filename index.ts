// Entry point: configuration, database (embedded when MONGODB_URI is unset),
// the hotline, the HTTP server, and a graceful shutdown. Nothing else.
import 'dotenv/config';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHotline, type HotlineKeys } from './app/hotline';
import { loadConfig, type Config } from './app/config';
import { connectDatabase, startEmbeddedDatabase, type EmbeddedDatabase } from './app/database';
import { describeError, Logger } from './kernel/logger';

const PURGE_EVERY_MS = 60 * 60 * 1000;

/** Keys from the environment; outside production, generated once and kept in DATA_DIR. */
function resolveKeys(config: Config, logger: Logger): HotlineKeys {
  if (config.ENCRYPTION_KEY && config.HASH_KEY && config.DIRECTLINE_SECRET) {
    return { encryptionKey: Buffer.from(config.ENCRYPTION_KEY, 'base64'), hashKey: Buffer.from(config.HASH_KEY, 'base64'), directLineSecret: config.DIRECTLINE_SECRET };
  }
  const file = join(config.DATA_DIR, 'dev-keys.json');
  mkdirSync(config.DATA_DIR, { recursive: true, mode: 0o700 });
  const stored = (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}) as Partial<Record<'ENCRYPTION_KEY' | 'HASH_KEY' | 'DIRECTLINE_SECRET', string>>;
  const generated = {
    ENCRYPTION_KEY: stored.ENCRYPTION_KEY ?? randomBytes(32).toString('base64'),
    HASH_KEY: stored.HASH_KEY ?? randomBytes(32).toString('base64'),
    DIRECTLINE_SECRET: stored.DIRECTLINE_SECRET ?? randomBytes(32).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(generated), { mode: 0o600 });
  logger.warn('config.devKeys', { file, note: 'ENCRYPTION_KEY/HASH_KEY/DIRECTLINE_SECRET unset: using keys generated for this machine; set them in production' });
  return {
    encryptionKey: Buffer.from(config.ENCRYPTION_KEY ?? generated.ENCRYPTION_KEY, 'base64'),
    hashKey: Buffer.from(config.HASH_KEY ?? generated.HASH_KEY, 'base64'),
    directLineSecret: config.DIRECTLINE_SECRET ?? generated.DIRECTLINE_SECRET,
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = new Logger(config.LOG_LEVEL);
  let embedded: EmbeddedDatabase | undefined;
  let uri = config.MONGODB_URI;
  if (!uri) {
    embedded = await startEmbeddedDatabase(config.DATA_DIR, config.EMBEDDED_DB_JAR, logger);
    uri = embedded.uri;
    logger.info('database.embedded', { engine: embedded.engine, dir: config.DATA_DIR });
  }
  const connection = await connectDatabase(uri);
  const hotline = await createHotline(config, resolveKeys(config, logger), connection, logger);

  if (await hotline.accounts.ensureFirstAdmin(config.CONSOLE_ADMIN_USERNAME, config.CONSOLE_ADMIN_PASSWORD)) {
    logger.info('console.firstAdmin', { username: config.CONSOLE_ADMIN_USERNAME });
  }

  // Listens, starts the channels, and purges what is past its time now and hourly.
  await hotline.start({ port: config.PORT, host: config.HOST, purgeEveryMs: PURGE_EVERY_MS });
  logger.info('server.listening', { url: hotline.server.url, profile: hotline.profile.id, whatsapp: config.WHATSAPP_MODE });

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info('server.stopping', { signal });
    await hotline.stop();
    await embedded?.stop();
    logger.info('server.stopped', {});
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`The hotline could not start: ${message}\n`);
  if (!(error instanceof Error && 'code' in error)) process.stderr.write(`${JSON.stringify(describeError(error))}\n`);
  process.exit(1);
});
