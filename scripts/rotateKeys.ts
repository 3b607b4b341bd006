// Re-encrypts every stored value under the current key (docs/operations.md, "Rotating the encryption key"):
//   ENCRYPTION_KEY=<new> ENCRYPTION_KEY_ID=k2 ENCRYPTION_OLD_KEYS=k1:<old> npm run keys:rotate [-- --batch 500]
// Progress goes to stderr; the last line on stdout is the report as one JSON object.
// Exit 0 when nothing is left under another key (the old key may then be dropped), 3 when something is.
// Uses MONGODB_URI; without it, the embedded database under DATA_DIR (stop the hotline first).
import 'dotenv/config';
import { loadConfig } from '../app/config';
import { connectDatabase, startEmbeddedDatabase } from '../app/database';
import { Logger } from '../kernel/logger';
import { FieldCipher, parseRetiredKeys } from '../services/crypto';
import { KeyRotation } from '../services/keyRotation';

function batchSize(argv: string[]): number {
  const at = argv.indexOf('--batch');
  const size = at >= 0 ? Number(argv[at + 1]) : 500;
  if (!Number.isInteger(size) || size < 1 || size > 10_000) {
    console.error('Usage: npm run keys:rotate [-- --batch 1..10000]');
    process.exit(2);
  }
  return size;
}

async function main(): Promise<void> {
  const size = batchSize(process.argv.slice(2));
  const config = loadConfig();
  if (!config.ENCRYPTION_KEY) {
    console.error('keys:rotate needs ENCRYPTION_KEY (the new key), ENCRYPTION_KEY_ID (its id) and ENCRYPTION_OLD_KEYS (the keys being retired).');
    process.exit(2);
  }
  const cipher = new FieldCipher(config.ENCRYPTION_KEY_ID, Buffer.from(config.ENCRYPTION_KEY, 'base64'), parseRetiredKeys(config.ENCRYPTION_OLD_KEYS));
  const logger = new Logger('warn');
  const embedded = config.MONGODB_URI ? undefined : await startEmbeddedDatabase(config.DATA_DIR, config.EMBEDDED_DB_JAR, logger);
  const connection = await connectDatabase(config.MONGODB_URI ?? embedded!.uri);
  try {
    let done = 0;
    const rotation = new KeyRotation(connection.db!, cipher, {
      batchSize: size,
      onBatch: ({ collection, documents }) => {
        done += documents;
        process.stderr.write(`keys:rotate ${collection}: ${documents} read (${done} in all)\n`);
      },
    });
    const report = await rotation.run();
    console.log(JSON.stringify(report));
    if (report.remaining > 0) process.exitCode = 3;
  } finally {
    await connection.close();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`Could not rotate the keys: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
