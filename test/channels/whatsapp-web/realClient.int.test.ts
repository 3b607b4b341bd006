// The real whatsapp-web.js Client, built by the real factory, driving Debian's
// Chromium (/usr/bin/chromium). With internet it reaches the QR stage (a "2@…"
// payload); on a machine without it (these test machines reach only package
// registries) the browser starts and loading https://web.whatsapp.com/ fails
// with a network error, which is what this test then asserts. Pairing itself
// needs a phone and is never tested here (see channels/whatsapp-web/README.md).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'whatsapp-web.js';
import { Logger } from '../../../kernel/logger';
import { createWhatsAppWebClient } from '../../../channels/whatsapp-web/clientFactory';
import { ConnectionSupervisor } from '../../../channels/whatsapp-web/connectionSupervisor';
import { VirtualClock } from './standIn';

/** Chromium's errors for "the network is not there" (DNS, routing, proxy, refused, timed out). */
const NETWORK_ERROR = /net::ERR_(NAME_NOT_RESOLVED|NAME_RESOLUTION_FAILED|INTERNET_DISCONNECTED|ADDRESS_UNREACHABLE|CONNECTION_(REFUSED|TIMED_OUT|RESET|CLOSED|FAILED)|TIMED_OUT|PROXY_CONNECTION_FAILED|TUNNEL_CONNECTION_FAILED|NETWORK_ACCESS_DENIED)/;

type Outcome = { kind: 'qr'; qr: string } | { kind: 'failed'; error: Error } | { kind: 'initialized' } | { kind: 'timeout' };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wweb-real-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

jest.setTimeout(120_000);

function realClient(): Client {
  return createWhatsAppWebClient({ WHATSAPP_WEB_AUTH: 'local', WHATSAPP_WEB_SESSION_DIR: dir, WHATSAPP_WEB_CHROMIUM: '/usr/bin/chromium' }) as unknown as Client;
}

test("the real Client launches Debian's Chromium and reaches the QR stage, or fails only because web.whatsapp.com is unreachable", async () => {
  const client = realClient();
  try {
    const qr = new Promise<Outcome>((resolve) => client.on('qr', (code: string) => resolve({ kind: 'qr', qr: code })));
    const initialized = client.initialize().then(
      (): Outcome => ({ kind: 'initialized' }),
      (error: unknown): Outcome => ({ kind: 'failed', error: error instanceof Error ? error : new Error(String(error)) }),
    );
    const outcome = await Promise.race([qr, initialized, new Promise<Outcome>((resolve) => setTimeout(() => resolve({ kind: 'timeout' }), 90_000).unref())]);

    if (outcome.kind === 'qr') {
      // A machine with internet: the pairing QR is what an administrator scans.
      expect(outcome.qr).toMatch(/^2@/);
      return;
    }
    // This machine: the failure is the network, not the browser or the wiring.
    expect(outcome.kind).toBe('failed');
    const { error } = outcome as { kind: 'failed'; error: Error };
    expect(error.message).not.toMatch(/Failed to launch the browser process|Could not find Chrome/);
    expect(error.message).toMatch(NETWORK_ERROR);
    expect(error.message).toContain('https://web.whatsapp.com/');
    // Chromium did start, headless, from the configured path, with the session folder as its profile.
    expect(client.pupBrowser).toBeTruthy();
    expect(client.pupBrowser!.connected).toBe(true);
    expect(await client.pupBrowser!.version()).toMatch(/Chrom/);
    expect(client.pupBrowser!.process()?.spawnfile).toBe('/usr/bin/chromium');
    expect(client.pupBrowser!.process()?.spawnargs).toEqual(expect.arrayContaining(['--no-sandbox', `--user-data-dir=${join(dir, 'session')}`]));
  } finally {
    await client.destroy();
  }
});

test('through the supervisor, a start that cannot reach WhatsApp Web is logged and retried with backoff, not thrown', async () => {
  const client = realClient();
  const clock = new VirtualClock();
  const lines: Array<Record<string, unknown>> = [];
  const printed: string[] = [];
  const supervisor = new ConnectionSupervisor({ client, clock, logger: new Logger('debug', (line) => lines.push(JSON.parse(line) as Record<string, unknown>)), printQr: (qr) => printed.push(qr) });
  try {
    // Resolves once the first attempt has settled: the QR shown, or a retry scheduled.
    const started = supervisor.start();
    const deadline = Date.now() + 90_000;
    while (supervisor.state === 'starting' && printed.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    if (printed.length > 0) {
      expect(supervisor.latestQr).toMatch(/^2@/);
      return;
    }
    await started;
    expect(supervisor.state).toBe('reconnecting');
    expect(lines.find((line) => line.event === 'whatsappWeb.initialize.failed')).toMatchObject({ level: 'error', attempt: 0 });
    expect(clock.timers.map((timer) => timer.delay)).toEqual([5_000]);
  } finally {
    await supervisor.stop();
  }
});
