// The hotline as a real child process (`node index.ts`, as `npm start` runs it)
// on a test database: started with an environment, read from its log, and
// SIGKILLed or stopped by the test, so crashes are real ones.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { testDatabaseUri } from './database';
import { TEST_ENCRYPTION_KEY, TEST_HASH_KEY } from './keys';
import { TEST_DIRECTLINE_SECRET } from './hotline';

const ROOT = join(__dirname, '..', '..');

export interface HotlineProcess {
  url: string;
  process: ChildProcess;
  /** Every log line so far (JSON, as the hotline writes them). */
  logs: string[];
  /** SIGKILL: no shutdown code runs. Resolves once it exited. */
  kill(): Promise<void>;
  /** SIGTERM, the graceful stop. Resolves once it exited. */
  stop(): Promise<void>;
}

const exited = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

/** Starts `index.ts` on the database `dbName` of the test server with the test keys and `env`; resolves once it listens. */
export async function startHotlineProcess(dbName: string, env: Record<string, string>): Promise<HotlineProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hotline-process-'));
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'index.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      MONGODB_URI: `${testDatabaseUri().replace(/\/+$/, '')}/${dbName}`,
      DATA_DIR: dataDir,
      ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      HASH_KEY: TEST_HASH_KEY,
      DIRECTLINE_SECRET: TEST_DIRECTLINE_SECRET,
      STAFFED_FROM: '00:00',
      STAFFED_UNTIL: '23:59',
      LOG_LEVEL: 'info',
      ...env,
    },
  });
  const logs: string[] = [];
  const gone = exited(child).finally(() => rmSync(dataDir, { recursive: true, force: true }));
  let early: (code: number | null, signal: NodeJS.Signals | null) => void = () => undefined;
  const url = await new Promise<string>((resolve, reject) => {
    early = (code, signal) => reject(new Error(`the hotline exited (${code ?? signal}) before it listened:\n${logs.slice(-20).join('\n')}`));
    child.once('exit', early);
    createInterface({ input: child.stderr! }).on('line', (line) => {
      logs.push(line);
      const listening = /"event":"server\.listening".*"url":"([^"]+)"/.exec(line);
      if (listening) resolve(listening[1]!.replace('://0.0.0.0:', '://127.0.0.1:'));
    });
  });
  child.removeListener('exit', early);
  return {
    url,
    process: child,
    logs,
    kill: async () => {
      child.kill('SIGKILL');
      await gone;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await gone;
    },
  };
}
