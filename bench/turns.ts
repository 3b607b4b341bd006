// Benchmark: whole reports over HTTP against the embedded mongo-java-server (on
// an H2 file, as `npm start` runs it) or MONGODB_URI, many workers at
// once. Prints turn latency percentiles, throughput and memory.
// Usage: npm run bench [-- --workers 40 --rounds 2]
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createHotline } from '../app/hotline';
import { loadConfig } from '../app/config';
import { connectDatabase, ensureMongoJavaServer, startMongoJavaServer } from '../app/database';
import { Logger } from '../kernel/logger';

const arg = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};

/** A full abuse report: language, menu, 14 answers, confirm. */
const REPORT = ['hello', '1', '1', '1', '1 2', '1', '2', 'Three months unpaid, passport kept', 'Riffa', '3', 'skip', '1', '1', 'after 9 pm', 'skip', 'skip', '1', '1'];

async function main(): Promise<void> {
  const workers = arg('workers', 40);
  const rounds = arg('rounds', 2);
  const scratch = mkdtempSync(join(tmpdir(), 'hotline-bench-'));
  const uri = process.env.MONGODB_URI;
  const jar = uri ? undefined : process.env.EMBEDDED_DB_JAR || ensureMongoJavaServer();
  if (!uri && !jar) throw new Error('The benchmark needs a database: set MONGODB_URI, or install Java 17 and Maven for the embedded one.');
  const database = jar ? await startMongoJavaServer(jar, { dir: join(scratch, 'db') }) : undefined;
  const connection = await connectDatabase(uri ?? database!.uri, `bench_${randomBytes(3).toString('hex')}`);
  const config = loadConfig({ NODE_ENV: 'test', STAFFED_FROM: '00:00', STAFFED_UNTIL: '23:59' });
  const hotline = await createHotline(config, { encryptionKey: randomBytes(32), hashKey: randomBytes(32), directLineSecret: randomBytes(32).toString('base64url') }, connection, new Logger(process.env.LOG_LEVEL === 'debug' ? 'debug' : 'error'));
  await new Promise<void>((resolve) => hotline.server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(hotline.server.address() as AddressInfo).port}/api/messages`;

  const latencies: number[] = [];
  const conversation = async (): Promise<void> => {
    const id = randomUUID();
    for (const text of REPORT) {
      const started = performance.now();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', id: randomUUID(), channelId: 'bench', deliveryMode: 'expectReplies', from: { id }, recipient: { id: 'hotline' }, conversation: { id }, text }),
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`turn answered ${response.status}`);
      latencies.push(performance.now() - started);
    }
  };

  await conversation(); // warm-up, not counted
  latencies.length = 0;
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  for (let round = 0; round < rounds; round++) await Promise.all(Array.from({ length: workers }, conversation));
  const seconds = (performance.now() - started) / 1000;
  const rssAfter = process.memoryUsage().rss;

  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1);
  const reports = await hotline.models.referrals.countDocuments({ type: 'abuseReport' });
  console.log(`workers at once: ${workers}, rounds: ${rounds}, turns: ${latencies.length}, reports stored: ${reports}`);
  console.log(`turn latency ms: p50 ${pct(50)}, p95 ${pct(95)}, p99 ${pct(99)}, max ${latencies.at(-1)!.toFixed(1)}`);
  console.log(`throughput: ${(latencies.length / seconds).toFixed(0)} turns/s, ${((workers * rounds) / seconds).toFixed(1)} reports/s`);
  console.log(`rss MB: ${(rssBefore / 2 ** 20).toFixed(0)} → ${(rssAfter / 2 ** 20).toFixed(0)}`);

  await new Promise<void>((resolve) => hotline.server.close(() => resolve()));
  await connection.dropDatabase();
  await connection.close();
  await database?.stop();
  rmSync(scratch, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
