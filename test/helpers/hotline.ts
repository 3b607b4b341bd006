// A real hotline for tests: the app on a fresh database, a restify server on a
// loopback port, and a chat helper speaking the Bot Framework protocol over HTTP.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHotline, type Hotline } from '../../app/hotline';
import { loadConfig } from '../../app/config';
import { connectDatabase } from '../../app/database';
import { Logger } from '../../kernel/logger';
import { openTestDatabase, testDatabaseUri, type TestDatabase } from './database';
import { TEST_ENCRYPTION_KEY, TEST_HASH_KEY } from './keys';

export interface RunningHotline {
  url: string;
  hotline: Hotline;
  db: TestDatabase;
  /** Stops the HTTP server and the hotline's own connection (the database stays). */
  stop(): Promise<void>;
}

export const TEST_DIRECTLINE_SECRET = 'test-directline-secret-0123456789abcdef';
export const TEST_KEYS = { encryptionKey: Buffer.from(TEST_ENCRYPTION_KEY, 'base64'), hashKey: Buffer.from(TEST_HASH_KEY, 'base64'), directLineSecret: TEST_DIRECTLINE_SECRET };

/** Starts a hotline; pass `db` to start a second one on the same data (a restart), `logger` to read its log lines. */
export async function startHotline(options: { db?: TestDatabase; env?: Record<string, string>; monitorCommands?: boolean; logger?: Logger } = {}): Promise<RunningHotline> {
  const db = options.db ?? (await openTestDatabase('hotline'));
  // Each hotline its own spool (messages kept while the database is down), so no test runs another's.
  const spoolDir = options.env?.SPOOL_DIR ? undefined : mkdtempSync(join(tmpdir(), 'hotline-spool-'));
  const config = loadConfig({ NODE_ENV: 'test', STAFFED_FROM: '00:00', STAFFED_UNTIL: '23:59', ...(spoolDir ? { SPOOL_DIR: spoolDir } : {}), ...options.env });
  // With `monitorCommands`, the hotline's client raises `commandStarted` for every command it sends.
  const uri = testDatabaseUri();
  const connection = await connectDatabase(options.monitorCommands ? `${uri}${uri.includes('?') ? '&' : '?'}monitorCommands=true` : uri, db.name);
  const hotline = await createHotline(config, TEST_KEYS, connection, options.logger ?? new Logger('silent'));
  const { port } = await hotline.start({ port: 0, host: '127.0.0.1' });
  const stop = async () => {
    await hotline.stop();
    if (spoolDir) rmSync(spoolDir, { recursive: true, force: true });
  };
  return { url: `http://127.0.0.1:${port}`, hotline, db, stop };
}

/** One worker's conversation over HTTP with deliveryMode expectReplies. */
export class Chat {
  readonly userId: string;
  readonly conversationId: string;

  constructor(
    public url: string,
    readonly channelId = 'emulator',
    id = randomUUID(),
  ) {
    this.userId = `user-${id}`;
    this.conversationId = `conv-${id}`;
  }

  /** Sends a message and returns the texts of the bot's replies. */
  async say(text: string, extra: Record<string, unknown> = {}): Promise<string[]> {
    const response = await this.post({ type: 'message', id: randomUUID(), text, ...extra });
    if (response.status !== 200) throw new Error(`POST /api/messages answered ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as { activities?: Array<{ text?: string }> };
    return (body.activities ?? []).map((activity) => activity.text ?? '');
  }

  /** Sends an activity as-is (for replays and bad input). */
  async post(activity: Record<string, unknown>): Promise<Response> {
    return fetch(`${this.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        channelId: this.channelId,
        deliveryMode: 'expectReplies',
        from: { id: this.userId },
        recipient: { id: 'hotline' },
        conversation: { id: this.conversationId },
        ...activity,
      }),
    });
  }
}

/** The replies of one turn as one string, for `toContain` checks. */
export const joined = (replies: string[]): string => replies.join('\n---\n');
