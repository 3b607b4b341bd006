// Benchmark: whole intake conversations against a real database, many workers
// at once, over /api/messages (a Bot Framework channel) and over Direct Line
// (as the web chat widget talks), beside a bare botbuilder echo bot on the same
// stack and storage. Prints turns/s, latency percentiles, errors, database
// round trips per turn and RSS; the last line is one JSON object. Figures go
// in docs/performance.md, never into test assertions. Options: README.md.
// Usage: npm run bench [-- --quick | --workers 20 --rounds 2 | --rate 80 |
//   --stored 100000 | --conversations 10000 | --ready]
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'restify';
import type { Connection } from 'mongoose';
import { loadConfig } from '../app/config';
import { connectDatabase, startEmbeddedDatabase, type EmbeddedDatabase } from '../app/database';
import { createHotline } from '../app/hotline';
import { Logger } from '../kernel/logger';
import { botFrameworkChannel, directLineChannel, type Channel } from './turns/clients';
import { createEchoServer } from './turns/echoBot';
import { closedLoop, steadyRate, type LoadResult } from './turns/load';
import { measureReady } from './turns/ready';
import { RoundTripCounter, withCommandMonitoring } from './turns/roundTrips';
import { seedStored } from './turns/seed';
import { percentiles, round1 } from './turns/stats';

/** A whole abuse report: language, menu, the report's answers, confirm (18 turns). */
export const REPORT = ['hello', '1', '1', '1', '1 2', '1', '2', 'Three months unpaid, passport kept', 'Riffa', '3', 'skip', '1', '1', 'after 9 pm', 'skip', 'skip', '1', '1'];

const argv = process.argv.slice(2);
const flag = (name: string): boolean => argv.includes(`--${name}`);
const option = (name: string, fallback: number): number => {
  const index = argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(argv[index + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} takes a positive number`);
  return value;
};

const quick = flag('quick');
const settings = {
  workers: option('workers', quick ? 2 : 20),
  rounds: option('rounds', quick ? 1 : 2),
  rate: argv.includes('--rate') ? option('rate', 80) : undefined,
  seconds: option('seconds', 15),
  stored: argv.includes('--stored') ? option('stored', 100_000) : undefined,
  conversations: argv.includes('--conversations') ? option('conversations', 10_000) : undefined,
  ready: flag('ready'),
  starts: option('starts', 3),
};

const MB = 2 ** 20;
const log = (line: string) => console.log(line);

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** One load phase's lines of the report. */
function report(name: string, result: LoadResult, roundTrips?: RoundTripCounter): { turnsPerSec: number; p50: number; p95: number; p99: number; roundTripsPerTurn: number } {
  const { p50, p95, p99, max } = percentiles(result.latencies);
  const turnsPerSec = result.turns / result.seconds;
  const roundTripsPerTurn = roundTrips ? roundTrips.total / Math.max(1, result.turns) : 0;
  log(`${name}: ${result.turns} turns (${result.conversations} whole conversations) in ${result.seconds.toFixed(1)} s: ${turnsPerSec.toFixed(0)} turns/s; ms p50 ${p50.toFixed(1)}, p95 ${p95.toFixed(1)}, p99 ${p99.toFixed(1)}, max ${max.toFixed(1)}; errors ${result.errors}${result.errorSamples.length ? ` (${result.errorSamples.join(' | ')})` : ''}`);
  if (roundTrips) log(`  database round trips per turn: ${roundTripsPerTurn.toFixed(2)} (${roundTrips.breakdown(result.turns)})`);
  return { turnsPerSec, p50, p95, p99, roundTripsPerTurn };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'hotline-bench-'));
  const logger = new Logger(process.env.LOG_LEVEL === 'debug' ? 'debug' : 'error');
  let database: EmbeddedDatabase | undefined;
  const connections: Connection[] = [];
  const servers: Server[] = [];
  try {
    let uri = process.env.MONGODB_URI;
    if (!uri) {
      database = await startEmbeddedDatabase(join(scratch, 'data'), process.env.EMBEDDED_DB_JAR || undefined, logger);
      uri = database.uri;
    }
    log(`database: ${database ? `embedded ${database.engine}` : 'MONGODB_URI'}; workers at once: ${settings.workers}, conversations each: ${settings.rounds}, turns per conversation: ${REPORT.length}`);
    const suffix = randomBytes(3).toString('hex');
    const connection = await connectDatabase(withCommandMonitoring(uri), `bench_${suffix}`);
    const echoConnection = await connectDatabase(withCommandMonitoring(uri), `bench_echo_${suffix}`);
    connections.push(connection, echoConnection);
    // The live bus polls its events on a timer whatever the turns do: counted apart.
    const roundTrips = new RoundTripCounter(connection, new Set(['find liveevents']));
    const echoRoundTrips = new RoundTripCounter(echoConnection);

    const config = loadConfig({ NODE_ENV: 'test', STAFFED_FROM: '00:00', STAFFED_UNTIL: '23:59', LOG_LEVEL: 'error' });
    const directLineSecret = randomBytes(32).toString('base64url');
    const hotline = await createHotline(config, { encryptionKey: randomBytes(32), hashKey: randomBytes(32), directLineSecret }, connection, logger);
    servers.push(hotline.server);
    const hotlineUrl = await listen(hotline.server);
    const echoServer = createEchoServer(echoConnection, config.MAX_BODY_BYTES);
    servers.push(echoServer);
    const echoUrl = await listen(echoServer);
    const channels: Record<'echo' | 'api' | 'directLine', Channel> = {
      echo: botFrameworkChannel(echoUrl),
      api: botFrameworkChannel(hotlineUrl),
      directLine: directLineChannel(hotlineUrl, directLineSecret),
    };

    // Warm-up, not counted: one conversation on each.
    for (const channel of Object.values(channels)) await closedLoop(channel, REPORT, 1, 1);

    let errors = 0;
    const phase = async (name: string, channel: Channel, counter: RoundTripCounter | undefined, workers = settings.workers, rounds = settings.rounds) => {
      counter?.reset();
      const result = await closedLoop(channel, REPORT, workers, rounds);
      errors += result.errors;
      return report(name, result, counter);
    };
    const extra: Record<string, number> = {};

    if (settings.stored !== undefined) {
      // Turns/s with 1,000 conversations stored (the warm-up's copied), then with --stored of them.
      let stored = 2; // the warm-up's hotline conversations, one per channel
      const baseline = Math.min(1_000, settings.stored);
      const figures: number[] = [];
      for (const count of [baseline, settings.stored]) {
        const progress = process.stderr.isTTY ? (documents: number) => process.stderr.write(`\rstored: ${documents} documents copied…`) : undefined;
        const seeded = await seedStored(connection, stored, count, progress);
        if (progress && seeded.documents) process.stderr.write('\n');
        log(`stored: ${seeded.stored} conversations (${seeded.documents} documents copied in ${seeded.seconds.toFixed(0)} s)`);
        figures.push((await phase(`hotline over /api/messages with ${seeded.stored} conversations stored`, channels.api, roundTrips)).turnsPerSec);
        stored = seeded.stored + settings.workers * settings.rounds;
      }
      Object.assign(extra, { stored: settings.stored, storedBaseline: baseline, storedBaselineTurnsPerSec: round1(figures[0]!), storedTurnsPerSec: round1(figures[1]!), storedRatio: Math.round((figures[1]! / figures[0]!) * 100) / 100 });
    }

    const echo = await phase('echo bot (baseline, /api/messages)', channels.echo, echoRoundTrips);
    const api = await phase('hotline over /api/messages', channels.api, roundTrips);
    await phase('hotline over Direct Line', channels.directLine, roundTrips);
    gc();
    const rssMb = process.memoryUsage().rss / MB;
    log(`rss MB: ${rssMb.toFixed(0)} (one process: hotline, echo bot and the load's clients)`);

    if (settings.rate !== undefined) {
      roundTrips.reset();
      // How long the event loop stalled meanwhile: tells a slow turn of our own code from a slow database.
      const stalls = monitorEventLoopDelay({ resolution: 10 });
      stalls.enable();
      const result = await steadyRate(channels.api, REPORT, settings.rate, settings.seconds);
      stalls.disable();
      errors += result.errors;
      const figures = report(`hotline over /api/messages at a steady ${settings.rate} turns/s for ${settings.seconds} s`, result, roundTrips);
      const stallP99 = stalls.percentile(99) / 1e6;
      log(`  event loop delay ms: p50 ${(stalls.percentile(50) / 1e6).toFixed(1)}, p99 ${stallP99.toFixed(1)}, max ${(stalls.max / 1e6).toFixed(1)}`);
      Object.assign(extra, { rate: settings.rate, rateTurnsPerSec: round1(figures.turnsPerSec), rateP50Ms: round1(figures.p50), rateP99Ms: round1(figures.p99), rateLoopDelayP99Ms: round1(stallP99) });
    }

    if (settings.conversations !== undefined) {
      gc();
      const before = process.memoryUsage().rss / MB;
      const heapBefore = process.memoryUsage().heapUsed / MB;
      const rounds = Math.ceil(settings.conversations / settings.workers);
      roundTrips.reset();
      const result = await closedLoop(channels.api, REPORT, settings.workers, rounds);
      errors += result.errors;
      report(`${result.conversations} conversations over /api/messages`, result, roundTrips);
      gc();
      const after = process.memoryUsage().rss / MB;
      log(`rss MB over ${result.conversations} conversations: ${before.toFixed(0)} → ${after.toFixed(0)} (${(after - before).toFixed(0)})`);
      // The heap after a full collection tells a leak (it grows with the conversations) from a process that only keeps what it took.
      const heapAfter = process.memoryUsage().heapUsed / MB;
      log(`heap used MB over ${result.conversations} conversations, after a full GC: ${heapBefore.toFixed(0)} → ${heapAfter.toFixed(0)} (${(heapAfter - heapBefore).toFixed(0)})`);
      Object.assign(extra, { conversations: result.conversations, rssGrowthMb: round1(after - before), heapGrowthMb: round1(heapAfter - heapBefore) });
    }

    if (settings.ready) {
      const results = await measureReady(uri, settings.starts, log, async (name) => void (await connection.useDb(name).dropDatabase()));
      for (const { mode, starts } of results) {
        log(`ready (${mode} start to /healthz 200, database up): ${starts.map((ms) => ms.toFixed(0)).join(', ')} ms`);
        extra[mode === 'production' ? 'readyMs' : 'readyDevMs'] = Math.round(percentiles(starts).p50);
      }
    }

    const summary = {
      turnsPerSec: round1(api.turnsPerSec),
      echoTurnsPerSec: round1(echo.turnsPerSec),
      ratio: Math.round((api.turnsPerSec / echo.turnsPerSec) * 1000) / 1000,
      p50Ms: round1(api.p50),
      p95Ms: round1(api.p95),
      p99Ms: round1(api.p99),
      errors,
      rssMb: Math.round(rssMb),
      roundTripsPerTurn: round1(api.roundTripsPerTurn),
      ...extra,
    };
    await hotline.bus.stop();
    console.log(JSON.stringify(summary));
  } finally {
    for (const server of servers) await close(server).catch(() => undefined);
    for (const connection of connections) {
      await connection.dropDatabase().catch(() => undefined);
      await connection.close().catch(() => undefined);
    }
    await database?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (require.main === module) main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
