// The embedded database as `npm start` runs it (mongo-java-server on an H2 file):
// an acknowledged write survives a SIGKILL within MongoDB's journal interval,
// SIGTERM keeps everything, a second server on the same files is refused, and
// the server ends by itself when the process that started it dies.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { connectDatabase, ensureMongoJavaServer, startMongoJavaServer, type MongoJavaServer } from '../../app/database';

jest.setTimeout(120_000);

const ROOT = join(__dirname, '..', '..');
let jar: string;
let dir: string;
beforeAll(() => {
  const found = process.env.EMBEDDED_DB_JAR || ensureMongoJavaServer();
  if (!found) throw new Error('mongo-java-server needs Java 17 and Maven (or EMBEDDED_DB_JAR)');
  jar = found;
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-embedded-db-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const exited = (server: MongoJavaServer) =>
  new Promise<void>((resolve) => (server.process.exitCode !== null || server.process.signalCode !== null ? resolve() : server.process.once('exit', () => resolve())));

/** Writes `count` documents one after another, each acknowledged before the next. */
async function writeAll(uri: string, count: number): Promise<void> {
  const connection = await connectDatabase(uri, 'durability');
  try {
    for (let i = 0; i < count; i++) await connection.db!.collection('writes').insertOne({ _id: i, at: new Date() } as never);
  } finally {
    await connection.close(true);
  }
}

async function readAll(uri: string): Promise<unknown[]> {
  const connection = await connectDatabase(uri, 'durability');
  try {
    return (await connection.db!.collection('writes').find({}, { sort: { _id: 1 } }).toArray()).map((doc) => doc._id);
  } finally {
    await connection.close();
  }
}

test('an acknowledged write survives SIGKILL of the server 150 ms later', async () => {
  let server = await startMongoJavaServer(jar, { dir });
  try {
    await writeAll(server.uri, 50);
    // The one fixed delay in the tests, because it is what is under test: MongoDB's default
    // journal interval is 100 ms, so a write it acknowledged survives a kill 100 ms later.
    // Ours must too; with H2's own auto-commit delay (1,000 ms) the last writes are lost here.
    await new Promise((resolve) => setTimeout(resolve, 150));
    server.process.kill('SIGKILL');
    await exited(server);
    server = await startMongoJavaServer(jar, { dir });
    expect(await readAll(server.uri)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  } finally {
    await server.stop();
  }
});

test('SIGTERM keeps every write, however recent', async () => {
  let server = await startMongoJavaServer(jar, { dir });
  try {
    await writeAll(server.uri, 20);
    await server.stop();
    server = await startMongoJavaServer(jar, { dir });
    expect(await readAll(server.uri)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  } finally {
    await server.stop();
  }
});

test('a second server on the same files is refused while the first runs', async () => {
  const server = await startMongoJavaServer(jar, { dir });
  try {
    await expect(startMongoJavaServer(jar, { dir })).rejects.toThrow(/mongo-java-server exited with code 1 before it was ready/);
  } finally {
    await server.stop();
  }
});

test('the server ends by itself when the process that started it is killed', async () => {
  // A parent that starts the server the way the hotline does, says its pid, and then is SIGKILLed:
  // no shutdown code of the parent runs, only the end of the stdin pipe tells the server.
  const script = `require('./app/database').startMongoJavaServer(${JSON.stringify(jar)}, { memory: true }).then((s) => console.log('java ' + s.process.pid));`;
  const parent = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const javaPid = await new Promise<number>((resolve, reject) => {
    parent.once('exit', (code) => reject(new Error(`the parent exited with ${code} before starting the server`)));
    createInterface({ input: parent.stdout! }).on('line', (line) => {
      const match = /^java (\d+)$/.exec(line);
      if (match) resolve(Number(match[1]));
    });
  });
  // Running, not a zombie: an orphan that exited lingers as one until init reaps it.
  const alive = (pid: number) => {
    try {
      return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  };
  expect(alive(javaPid)).toBe(true);
  parent.removeAllListeners('exit');
  parent.kill('SIGKILL');
  // Wait for the condition, bounded by the test's timeout.
  while (alive(javaPid)) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(alive(javaPid)).toBe(false);
});
