// Ready time: from spawning the hotline process (`npm start`'s own script) to
// the first 200 from /healthz, with the database already up. Measured for the
// development start (ts-node) and for the compiled production start.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = join(__dirname, '..', '..');
/** Where the benchmark compiles the production build (an ignored folder, so a developer's dist/ is left alone). */
export const BENCH_BUILD_DIR = join(ROOT, '.cache', 'bench-build');

/** The URI naming database `name` instead of its own (options kept). */
export function uriWithDatabase(uri: string, name: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]*)\/?([^?]*)(\?.*)?$/.exec(uri);
  if (!match) throw new Error(`not a MongoDB URI: ${uri.replace(/\/\/[^@]*@/, '//…@')}`);
  return `${match[1]}/${name}${match[3] ?? ''}`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Milliseconds from spawn to /healthz 200 for one start; the process is stopped (SIGTERM) after. */
async function timeOneStart(entry: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, entry, { cwd: ROOT, env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the hotline exited with ${child.exitCode} before it was ready: ${stderr.slice(0, 500)}`);
      if (performance.now() - started > timeoutMs) throw new Error(`not ready within ${timeoutMs} ms`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) });
        await response.arrayBuffer();
        if (response.status === 200) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

export interface ReadyResult {
  mode: 'development' | 'production';
  /** Milliseconds of each start, in order; the first also creates the database's indexes (and, in development, may train and keep the model). */
  starts: number[];
}

/**
 * Times `starts` starts of the development entry (`node scripts/start.js`, ts-node) and of the
 * production one (compiled into {@link BENCH_BUILD_DIR} first, `node <build>/index.js`), against
 * the database at `uri` (one fresh database per mode, dropped after).
 */
export async function measureReady(uri: string, starts: number, log: (line: string) => void, dropDatabase: (name: string) => Promise<void>): Promise<ReadyResult[]> {
  const keys = { ENCRYPTION_KEY: randomBytes(32).toString('base64'), HASH_KEY: randomBytes(32).toString('base64'), DIRECTLINE_SECRET: randomBytes(32).toString('base64url') };
  const base: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', DATA_DIR: join(BENCH_BUILD_DIR, '..', 'bench-data'), ...keys };
  // One database per mode, as a restart finds its own: the first start creates the indexes, the next find them.
  const names: string[] = [];
  const newDatabase = () => {
    names.push(`bench_ready_${randomBytes(3).toString('hex')}`);
    return uriWithDatabase(uri, names.at(-1)!);
  };
  const results: ReadyResult[] = [];
  try {
    const development: ReadyResult = { mode: 'development', starts: [] };
    const developmentUri = newDatabase();
    for (let n = 0; n < starts; n++) development.starts.push(await timeOneStart([join(ROOT, 'scripts', 'start.js')], { ...base, NODE_ENV: 'development', MONGODB_URI: developmentUri }, 120_000));
    results.push(development);

    log(`ready: building the production entry into ${BENCH_BUILD_DIR} …`);
    const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.js'), '--outDir', BENCH_BUILD_DIR], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (build.status !== 0 || !existsSync(join(BENCH_BUILD_DIR, 'index.js'))) throw new Error(`the production build failed (exit ${build.status})`);
    const production: ReadyResult = { mode: 'production', starts: [] };
    const productionEnv = { ...base, NODE_ENV: 'production', PUBLIC_URL: 'http://127.0.0.1', BOTFRAMEWORK_ENDPOINT: 'off' };
    const productionUri = newDatabase();
    for (let n = 0; n < starts; n++) production.starts.push(await timeOneStart([join(BENCH_BUILD_DIR, 'index.js')], { ...productionEnv, MONGODB_URI: productionUri }, 120_000));
    results.push(production);
    return results;
  } finally {
    for (const name of names) await dropDatabase(name).catch(() => undefined);
  }
}
