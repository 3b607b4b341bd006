// Adds a case worker console account:
//   npm run console:add-user -- --username amina --name "Amina" --roles caseWorker --languages ar,en
// The password comes from CONSOLE_NEW_PASSWORD, or one is generated and printed once.
// Uses MONGODB_URI; without it, the embedded database under DATA_DIR (stop the hotline first).
import 'dotenv/config';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { loadConfig } from '../app/config';
import { connectDatabase, startEmbeddedDatabase } from '../app/database';
import { Logger } from '../kernel/logger';
import { CONSOLE_ROLES, createModels, ensureIndexes } from '../models';
import { LoginThrottle } from '../services/loginThrottle';
import { AccountService } from '../services/accounts';

const ArgsSchema = z.object({
  username: z.string().regex(/^[A-Za-z0-9._-]{3,64}$/),
  name: z.string().min(1).max(100).optional(),
  roles: z.string().transform((value) => value.split(',').map((role) => z.enum(CONSOLE_ROLES).parse(role.trim()))),
  languages: z.string().default('').transform((value) => value.split(',').map((code) => code.trim()).filter(Boolean)),
});

function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]?.replace(/^--/, '');
    if (key && argv[i + 1] !== undefined) out[key] = argv[i + 1]!;
  }
  return out;
}

async function main(): Promise<void> {
  const args = ArgsSchema.safeParse(parseArgs(process.argv.slice(2)));
  if (!args.success) {
    console.error(`Usage: npm run console:add-user -- --username NAME --roles caseWorker[,supervisor,admin] [--languages ar,en] [--name "Display name"]\n${z.prettifyError(args.error)}`);
    process.exit(2);
  }
  const config = loadConfig();
  const logger = new Logger('warn');
  const embedded = config.MONGODB_URI ? undefined : await startEmbeddedDatabase(config.DATA_DIR, config.EMBEDDED_DB_JAR, logger);
  const connection = await connectDatabase(config.MONGODB_URI ?? embedded!.uri);
  try {
    const models = createModels(connection);
    await ensureIndexes(models);
    const accounts = new AccountService({ users: models.consoleUsers, sessions: models.consoleSessions, policy: { absoluteHours: config.CONSOLE_SESSION_HOURS, idleMinutes: config.CONSOLE_IDLE_MINUTES }, throttle: new LoginThrottle(models.loginAttempts) });
    const password = process.env.CONSOLE_NEW_PASSWORD || randomBytes(12).toString('base64url');
    const user = await accounts.createUser({ username: args.data.username, displayName: args.data.name, password, roles: args.data.roles, languages: args.data.languages });
    await models.audit.create({ actor: 'cli', action: 'console.addUser', target: user.id, detail: { roles: user.roles } });
    console.log(`Added ${user.username} (${user.roles.join(', ')}; languages: ${user.languages.join(', ') || 'all'}).`);
    if (!process.env.CONSOLE_NEW_PASSWORD) console.log(`Password (shown once): ${password}`);
  } finally {
    await connection.close();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`Could not add the user: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
