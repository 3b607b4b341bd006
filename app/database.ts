// Connects to MongoDB, or, when MONGODB_URI is unset, starts an embedded
// database persisted under DATA_DIR so `npm start` works on a fresh machine:
// a real mongod through mongodb-memory-server where one can be had, else our
// mongo-java-server launcher (scripts/mongo-java-server, Java 17 and Maven).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { dirname, join, relative, resolve } from 'node:path';
import mongoose from 'mongoose';
import type { Logger } from '../kernel/logger';

/** The folder holding package.json: the source tree's root, also when this file runs compiled from dist/. */
function projectRoot(): string {
  let dir = resolve(__dirname, '..');
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return existsSync(join(dir, 'package.json')) ? dir : resolve(__dirname, '..');
}

const PROJECT_ROOT = projectRoot();

/** The launcher's Maven project (pom.xml and one Java class). */
export const MONGO_JAVA_SERVER_SOURCE = join(PROJECT_ROOT, 'scripts', 'mongo-java-server');

/** The oldest Java the launcher is compiled for (`maven.compiler.release` in its pom.xml). */
export const MIN_JAVA_VERSION = 17;

/** A running embedded database. */
export interface EmbeddedDatabase {
  readonly uri: string;
  readonly engine: 'mongo-java-server' | 'mongodb-memory-server';
  stop(): Promise<void>;
}

/** The mongo-java-server process itself, for the tests that kill it. */
export interface MongoJavaServer extends EmbeddedDatabase {
  readonly engine: 'mongo-java-server';
  readonly process: ChildProcess;
}

/** Thrown when no database can be had; the message says what to set. */
export class DatabaseUnavailableError extends Error {
  readonly code = 'DATABASE_UNAVAILABLE';
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUnavailableError';
  }
}

/** The `java` to run: JAVA_HOME's when set (as Maven does), else the one on PATH. */
function javaCommand(): string {
  return process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** The major version of that `java` (17 for "17.0.15", 8 for "1.8.0_402"), or undefined without one. */
export function javaMajorVersion(): number | undefined {
  const run = spawnSync(javaCommand(), ['-version'], { encoding: 'utf8' });
  if (run.status !== 0) return undefined;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${run.stderr}${run.stdout}`);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 ? Number(match[2]) : first;
}

function mavenAvailable(): boolean {
  return spawnSync('mvn', ['-v'], { encoding: 'utf8' }).status === 0;
}

/** Every file of the launcher's source, relative to its folder, in a stable order. */
function sourceFiles(dir = MONGO_JAVA_SERVER_SOURCE): string[] {
  const files: string[] = [];
  const walk = (at: string): void => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      if (name === 'target') continue;
      if (statSync(path).isDirectory()) walk(path);
      else files.push(relative(dir, path));
    }
  };
  walk(dir);
  return files;
}

/**
 * Where the launcher's jar is built (the ignored .tools/), named by a hash of
 * its sources: a changed pom.xml or class builds a new jar, and checkouts that
 * share .tools never run each other's.
 */
export function defaultMongoJavaServerJar(): string {
  const hash = createHash('sha256');
  for (const file of sourceFiles()) hash.update(`${file}\0`).update(readFileSync(join(MONGO_JAVA_SERVER_SOURCE, file))).update('\0');
  return join(PROJECT_ROOT, '.tools', `mongo-java-server-${hash.digest('hex').slice(0, 12)}.jar`);
}

/**
 * The launcher's jar, built with Maven when it is missing. Returns undefined
 * when it cannot run here: no Java ≥ 17, or no jar and no Maven to build one.
 */
export function ensureMongoJavaServer(jar = defaultMongoJavaServerJar(), log?: Logger): string | undefined {
  const java = javaMajorVersion();
  if (java === undefined || java < MIN_JAVA_VERSION) return undefined;
  if (existsSync(jar)) return jar;
  if (!mavenAvailable()) return undefined;
  log?.info('database.mongoJavaServer.build', { jar });
  mkdirSync(dirname(jar), { recursive: true });
  // Built in a folder of its own and renamed into place, so two builds at once never mix their files.
  const buildDir = mkdtempSync(join(tmpdir(), 'mongo-java-server-build-'));
  const partial = `${jar}.${process.pid}.partial`;
  try {
    const build = spawnSync(
      'mvn',
      ['-q', '-B', '-Dstyle.color=never', '-f', join(MONGO_JAVA_SERVER_SOURCE, 'pom.xml'), 'package', `-Dhotline.buildDir=${buildDir}`, `-Dhotline.jar=${partial}`],
      // Kept, and shown only on failure: even with -q, Maven 3.8 writes colour resets to a terminal.
      { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 16 * 2 ** 20 },
    );
    if (build.status !== 0 || !existsSync(partial)) {
      process.stderr.write(`${build.stdout ?? ''}${build.stderr ?? ''}`);
      throw new DatabaseUnavailableError(`Building the embedded database (scripts/mongo-java-server) with Maven failed (exit ${build.status}); see the output above, or set MONGODB_URI.`);
    }
    renameSync(partial, jar);
  } finally {
    rmSync(buildDir, { recursive: true, force: true });
    rmSync(partial, { force: true });
  }
  return jar;
}

/** Where mongo-java-server keeps its data: an H2 file in `dir`, or memory (for tests: nothing to keep). */
export type MongoJavaServerStore = { dir: string } | { memory: true };

/**
 * Starts our mongo-java-server launcher on a free loopback port. It ends on
 * `stop()` (SIGTERM: every write kept) and by itself when this process dies,
 * however it dies, because it watches the stdin pipe it was given.
 */
export async function startMongoJavaServer(jar: string, store: MongoJavaServerStore, timeoutMs = 30_000, port = 0): Promise<MongoJavaServer> {
  const storeArgs = 'dir' in store ? ['--dir', store.dir] : ['--memory'];
  if ('dir' in store) mkdirSync(store.dir, { recursive: true, mode: 0o700 });
  const child = spawn(javaCommand(), ['-jar', jar, ...storeArgs, '--port', String(port), '--exit-on-stdin-close'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  try {
    const uri = await new Promise<string>((resolveUri, reject) => {
      const timer = setTimeout(() => reject(new DatabaseUnavailableError(`mongo-java-server did not start within ${timeoutMs} ms`)), timeoutMs);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(new DatabaseUnavailableError(`mongo-java-server could not start: ${error.message}`));
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new DatabaseUnavailableError(`mongo-java-server exited with code ${code} before it was ready`));
      });
      lines.on('line', (line) => {
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
      engine: 'mongo-java-server',
      process: child,
      stop: () =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGTERM');
        }),
    };
  } catch (error) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    throw error;
  }
}

type MemoryServerModule = typeof import('mongodb-memory-server-core');

/** How long the check whether mongod can be downloaded may take before we go on without it. */
const DOWNLOAD_CHECK_MS = 3_000;

/**
 * Whether mongodb-memory-server can get a mongod without a long wait: one it
 * downloaded before (or MONGOMS_SYSTEM_BINARY), or a download server that
 * answers within a few seconds. Offline it would retry for a long while.
 */
async function mongodObtainable(module: MemoryServerModule, log?: Logger): Promise<boolean> {
  const options = module.DryMongoBinary.getEnsuredOptions();
  if (await module.DryMongoBinary.locateBinary(options).catch(() => undefined)) return true;
  try {
    // Not re-exported by the package's index; it builds the exact archive URL for this OS and version.
    const { MongoBinaryDownloadUrl } = require('mongodb-memory-server-core/lib/util/MongoBinaryDownloadUrl') as typeof import('mongodb-memory-server-core/lib/util/MongoBinaryDownloadUrl');
    const generated = await module.DryMongoBinary.generateOptions(options);
    const url = await new MongoBinaryDownloadUrl(generated).getDownloadUrl();
    const response = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(DOWNLOAD_CHECK_MS) });
    if (response.ok) log?.info('database.mongod.download', { version: generated.version });
    return response.ok;
  } catch {
    return false;
  }
}

/** A real mongod through mongodb-memory-server, or the reason there is none here. */
async function startMemoryServer(dir: string, log?: Logger): Promise<EmbeddedDatabase> {
  let module: MemoryServerModule;
  try {
    // Loaded only here, so a start with MONGODB_URI never pays for it.
    module = require('mongodb-memory-server-core') as MemoryServerModule;
  } catch {
    throw new DatabaseUnavailableError('mongodb-memory-server-core is not installed');
  }
  if (!(await mongodObtainable(module, log))) throw new DatabaseUnavailableError('no mongod is cached and none can be downloaded');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const server = await module.MongoMemoryServer.create({ instance: { dbPath: dir, storageEngine: 'wiredTiger' } });
  return { uri: server.getUri(), engine: 'mongodb-memory-server', stop: async () => void (await server.stop({ doCleanup: false })) };
}

/**
 * The embedded default, first that works: a real mongod (mongodb-memory-server,
 * when one is cached or can be downloaded); mongo-java-server on an H2 file
 * (`jar`, else built from scripts/mongo-java-server where Java 17 and Maven
 * are); else a DatabaseUnavailableError saying what to set or install.
 */
export async function startEmbeddedDatabase(dataDir: string, jar: string | undefined, log: Logger): Promise<EmbeddedDatabase> {
  let mongodProblem: string;
  try {
    return await startMemoryServer(join(dataDir, 'mongodb'), log);
  } catch (error) {
    mongodProblem = error instanceof Error ? error.message : String(error);
    log.info('database.mongod.unavailable', { reason: mongodProblem });
  }
  const java = javaMajorVersion();
  if (jar && !existsSync(jar)) throw new DatabaseUnavailableError(`EMBEDDED_DB_JAR names ${jar}, which does not exist; unset it to build the embedded database, or set MONGODB_URI.`);
  const runnable = jar && java !== undefined && java >= MIN_JAVA_VERSION ? jar : ensureMongoJavaServer(defaultMongoJavaServerJar(), log);
  if (runnable) return startMongoJavaServer(runnable, { dir: join(dataDir, 'mongo-java-server') });
  throw new DatabaseUnavailableError(
    `No database: MONGODB_URI is unset; mongodb-memory-server has no mongod (${mongodProblem}); and the embedded ` +
      `mongo-java-server needs Java ${MIN_JAVA_VERSION} or later${jar ? '' : ' and Maven to build it'} ` +
      `(found: ${java === undefined ? 'no java' : `Java ${java}`}${jar || mavenAvailable() ? '' : ', no mvn'}). ` +
      'Set MONGODB_URI to a MongoDB server, or install them (Debian: `apt-get install openjdk-17-jdk-headless maven`).',
  );
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
    // A server that went away, or came back, is noticed within 2 s (the driver's default is 10):
    // turns then go to the spool at once instead of waiting out a query, and come back from it sooner.
    heartbeatFrequencyMS: 2_000,
    bufferCommands: false,
    autoIndex: false,
    // Collections come into being with their indexes (ensureIndexes) or their first write. Mongoose's
    // own `create` at model compile time races with those on mongo-java-server, which then fails the
    // other command ("Document with key … already existed"); MongoDB needs no explicit create either.
    autoCreate: false,
  });
  try {
    await connection.asPromise();
  } catch (error) {
    throw new DatabaseUnavailableError(`Cannot reach the database at MONGODB_URI: ${error instanceof Error ? error.message : String(error)}`);
  }
  return connection;
}
