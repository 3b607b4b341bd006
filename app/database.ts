// Connects to MongoDB, or, when MONGODB_URI is unset, starts an embedded
// database persisted under DATA_DIR so `npm start` works on a fresh machine.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { dirname, join, resolve } from 'node:path';
import mongoose from 'mongoose';
import type { Logger } from '../kernel/logger';

/** The folder holding package.json: the source tree's root, also when this file runs compiled from dist/. */
function projectRoot(): string {
  let dir = resolve(__dirname, '..');
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return existsSync(join(dir, 'package.json')) ? dir : resolve(__dirname, '..');
}

const PROJECT_ROOT = projectRoot();

/** Where the project's own FerretDB launcher is built (an ignored folder). */
export const DEFAULT_FERRETDB_BIN = join(PROJECT_ROOT, '.tools', 'bin', 'ferretdb');

/** A running embedded database. */
export interface EmbeddedDatabase {
  readonly uri: string;
  readonly engine: 'ferretdb' | 'mongodb-memory-server';
  stop(): Promise<void>;
}

/** Thrown when no database can be had; the message says what to set. */
export class DatabaseUnavailableError extends Error {
  readonly code = 'DATABASE_UNAVAILABLE';
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUnavailableError';
  }
}

/**
 * Builds the FerretDB launcher (scripts/ferretdb) with Go when it is missing.
 * Returns the binary's path, or undefined when Go is not installed.
 */
export function ensureFerretDb(bin = DEFAULT_FERRETDB_BIN, log?: Logger): string | undefined {
  if (existsSync(bin)) return bin;
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0) return undefined;
  log?.info('database.ferretdb.build', { bin });
  const build = spawnSync('go', ['build', '-o', bin, '.'], {
    cwd: join(PROJECT_ROOT, 'scripts', 'ferretdb'),
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (build.status !== 0) throw new DatabaseUnavailableError(`Building FerretDB failed (exit ${build.status}); see the output above, or set MONGODB_URI.`);
  return bin;
}

/** Starts FerretDB (SQLite backend) on a free loopback port with its files in `dir`. */
export async function startFerretDb(bin: string, dir: string, timeoutMs = 30_000): Promise<EmbeddedDatabase> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const child: ChildProcess = spawn(bin, ['-dir', dir, '-listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const uri = await new Promise<string>((resolveUri, reject) => {
    const timer = setTimeout(() => reject(new DatabaseUnavailableError(`FerretDB did not start within ${timeoutMs} ms`)), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new DatabaseUnavailableError(`FerretDB could not start: ${error.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new DatabaseUnavailableError(`FerretDB exited with code ${code} before it was ready`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^ready (mongodb:\/\/\S+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolveUri(match[1]!);
      }
    });
  });
  child.removeAllListeners('exit');
  return {
    uri,
    engine: 'ferretdb',
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/** Falls back to mongodb-memory-server (it downloads mongod, so it needs the internet once). */
async function startMemoryServer(dir: string): Promise<EmbeddedDatabase> {
  let MongoMemoryServer: typeof import('mongodb-memory-server-core').MongoMemoryServer;
  try {
    // Loaded only here: it is the last resort, and reaching for it must not slow the usual start.
    ({ MongoMemoryServer } = require('mongodb-memory-server-core') as typeof import('mongodb-memory-server-core'));
  } catch {
    throw new DatabaseUnavailableError('mongodb-memory-server-core is not installed.');
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const server = await MongoMemoryServer.create({ instance: { dbPath: dir, storageEngine: 'wiredTiger' } });
  return { uri: server.getUri(), engine: 'mongodb-memory-server', stop: async () => void (await server.stop({ doCleanup: false })) };
}

/**
 * The embedded default: FerretDB where Go can build it, else
 * mongodb-memory-server, else a message saying what to set.
 */
export async function startEmbeddedDatabase(dataDir: string, ferretDbBin: string | undefined, log: Logger): Promise<EmbeddedDatabase> {
  const bin = ferretDbBin ?? ensureFerretDb(DEFAULT_FERRETDB_BIN, log);
  if (bin) return startFerretDb(bin, join(dataDir, 'ferretdb'));
  try {
    return await startMemoryServer(join(dataDir, 'mongodb'));
  } catch (error) {
    throw new DatabaseUnavailableError(
      'No database: MONGODB_URI is unset, Go is not installed to build the embedded FerretDB, and ' +
        `mongodb-memory-server could not start (${error instanceof Error ? error.message : String(error)}). ` +
        'Set MONGODB_URI to a MongoDB server, or install Go (https://go.dev/dl/).',
    );
  }
}

/** The database named in a MongoDB URI's path, if any (`mongodb://host/name?opts` → `name`). */
export function databaseNameOf(uri: string): string | undefined {
  const path = /^mongodb(?:\+srv)?:\/\/[^/]*\/([^?]*)/.exec(uri)?.[1];
  return path ? decodeURIComponent(path) : undefined;
}

/**
 * Opens the mongoose connection; fails fast and clearly when the server is
 * absent. The database is `dbName`, else the URI's own, else "hotline".
 */
export async function connectDatabase(uri: string, dbName = databaseNameOf(uri) ?? 'hotline'): Promise<mongoose.Connection> {
  mongoose.set('strictQuery', true);
  mongoose.set('sanitizeFilter', true);
  const connection = mongoose.createConnection(uri, {
    dbName,
    serverSelectionTimeoutMS: 5_000,
    bufferCommands: false,
    autoIndex: false,
  });
  try {
    await connection.asPromise();
  } catch (error) {
    throw new DatabaseUnavailableError(`Cannot reach the database at MONGODB_URI: ${error instanceof Error ? error.message : String(error)}`);
  }
  return connection;
}
