// The entry point as `npm start` runs it: boots on the test database or on its
// own embedded database, answers /healthz, stops cleanly on SIGTERM, and
// refuses a bad configuration with a message naming the variable.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { testDatabaseUri } from './helpers/database';

const ROOT = join(__dirname, '..');

interface Started {
  url: string;
  stop(): Promise<{ code: number | null; log: string }>;
}

function start(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'index.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no server.listening within 60 s:\n${log}`)), 60_000);
    createInterface({ input: child.stderr! }).on('line', (line) => {
      log += line + '\n';
      const match = /"event":"server.listening","url":"(http:\/\/[^"]+)"/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1]!,
          stop: async () => {
            child.kill('SIGTERM');
            return { code: await exited, log };
          },
        });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before listening:\n${log}`));
    });
  });
}

jest.setTimeout(90_000);

test('boots on MONGODB_URI, reports health, and stops on SIGTERM with exit code 0', async () => {
  const server = await start({ MONGODB_URI: testDatabaseUri(), DATA_DIR: mkdtempSync(join(tmpdir(), 'hotline-start-')) });
  const health = await fetch(`${server.url}/healthz`);
  expect(await health.json()).toEqual({ status: 'ok', database: 'ok', spooledTurns: 0 });
  const { code, log } = await server.stop();
  expect(code).toBe(0);
  expect(log).toMatch(/server.stopped/);
});

test('without MONGODB_URI it runs its own embedded database under DATA_DIR, which survives a restart', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hotline-embedded-'));
  const env: Record<string, string> = { DATA_DIR: dataDir };
  if (process.env.EMBEDDED_DB_JAR) env.EMBEDDED_DB_JAR = process.env.EMBEDDED_DB_JAR;
  const say = async (url: string, id: string, text: string) => {
    const response = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', id, channelId: 'emulator', deliveryMode: 'expectReplies', from: { id: 'w' }, recipient: { id: 'b' }, conversation: { id: 'c' }, text }),
    });
    return JSON.stringify(await response.json());
  };
  try {
    let server = await start(env);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await say(server.url, 'a1', 'hello')).toMatch(/English/);
    expect((await server.stop()).code).toBe(0);
    server = await start(env);
    expect(await say(server.url, 'a2', '1')).toMatch(/What do you need/); // the conversation went on
    expect((await server.stop()).code).toBe(0);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a bad configuration stops the start with a message naming the variable', async () => {
  await expect(start({ MONGODB_URI: testDatabaseUri(), PORT: 'eighty' })).rejects.toThrow(/exited with 1[\s\S]*PORT/);
});
