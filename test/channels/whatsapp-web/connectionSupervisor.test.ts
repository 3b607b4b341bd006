// Pairing and reconnection against the stand-in client, on a virtual clock:
// the QR is shown and kept for the console, a disconnection re-initialises the
// client after growing delays, and nothing personal reaches the log.
import { ConnectionSupervisor, PAIRING_NEEDED, printQrToTerminal } from '../../../channels/whatsapp-web/connectionSupervisor';
import { Logger } from '../../../kernel/logger';
import { StandInClient, VirtualClock, flush } from './standIn';

function setup(reconnect = { initialDelayMs: 1000, maxDelayMs: 8000, factor: 2 }) {
  const clock = new VirtualClock();
  const client = new StandInClient(clock);
  const lines: Array<Record<string, unknown>> = [];
  const logger = new Logger('debug', (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  const printed: string[] = [];
  const supervisor = new ConnectionSupervisor({ client, logger, clock, reconnect, printQr: (qr) => printed.push(qr) });
  return { clock, client, lines, printed, supervisor, events: () => lines.map((line) => line.event) };
}

test('a QR is printed, kept for the console, and announced once with a clear line; ready clears it', async () => {
  const { client, supervisor, printed, lines, events } = setup();
  await supervisor.start();
  expect(client.initializeCalls).toBe(1);
  expect(supervisor.state).toBe('starting');

  client.emit('qr', '2@first,keys');
  client.emit('qr', '2@second,keys');
  expect(printed).toEqual(['2@first,keys', '2@second,keys']);
  expect(supervisor.latestQr).toBe('2@second,keys');
  expect(supervisor.state).toBe('pairing');
  expect(lines.filter((line) => line.event === 'whatsappWeb.pairingNeeded')).toEqual([expect.objectContaining({ level: 'warn', message: PAIRING_NEEDED })]);
  expect(PAIRING_NEEDED).toMatch(/^WhatsApp Web needs pairing: scan the QR code/);

  client.emit('authenticated');
  expect(supervisor.latestQr).toBeUndefined();
  client.emit('ready');
  expect(supervisor.state).toBe('ready');
  expect(events()).toEqual(expect.arrayContaining(['whatsappWeb.authenticated', 'whatsappWeb.ready']));
  // The pairing secret goes to the terminal, never into the log stream.
  expect(JSON.stringify(lines)).not.toContain('2@');
});

test('the default printer shows the QR payload with how to draw it locally', () => {
  let out = '';
  printQrToTerminal('2@abc,def', (text) => (out += text));
  expect(out).toContain('Linked devices');
  expect(out).toContain("qrencode -t ansiutf8 '2@abc,def'");
});

test('disconnected → destroy and initialize again after 1 s, 2 s, 4 s, 8 s, 8 s while it keeps failing; ready resets the backoff', async () => {
  const { clock, client, supervisor, lines } = setup();
  await supervisor.start();
  client.emit('ready');
  client.initializeOutcomes.push(new Error('net::ERR_INTERNET_DISCONNECTED'), new Error('x'), new Error('x'), new Error('x'));

  client.emit('disconnected', 'NAVIGATION');
  expect(supervisor.state).toBe('reconnecting');
  const delays: number[] = [];
  for (let i = 0; i < 5; i++) {
    delays.push(clock.fireNext());
    await flush();
  }
  expect(delays).toEqual([1000, 2000, 4000, 8000, 8000]);
  expect(client.initializeCalls).toBe(1 + 5);
  expect(client.destroyCalls).toBe(5);
  expect(clock.timers).toHaveLength(0);
  expect(lines.filter((line) => line.event === 'whatsappWeb.initialize.failed')).toHaveLength(4);
  expect(lines.find((line) => line.event === 'whatsappWeb.disconnected')).toMatchObject({ level: 'warn', reason: 'NAVIGATION' });

  client.emit('ready');
  expect(supervisor.failedAttempts).toBe(0);
  client.emit('disconnected', 'LOGOUT');
  expect(clock.fireNext()).toBe(1000);
  await flush();
  expect(client.initializeCalls).toBe(7);
  expect(lines.find((line) => line.reason === 'LOGOUT')?.message).toMatch(/new QR code/);
});

test('a start that fails (no browser, no network) is retried; a second disconnect while waiting schedules nothing more', async () => {
  const { clock, client, supervisor } = setup();
  client.initializeOutcomes.push(new Error('Failed to launch the browser process'));
  await supervisor.start();
  expect(supervisor.state).toBe('reconnecting');
  client.emit('disconnected', 'CONFLICT');
  expect(clock.timers).toHaveLength(1);
  clock.fireNext();
  await flush();
  expect(client.initializeCalls).toBe(2);
  expect(supervisor.state).toBe('starting');
});

test('auth_failure is logged with what to do; unknown disconnect reasons are not logged verbatim', async () => {
  const { client, supervisor, lines } = setup();
  await supervisor.start();
  client.emit('auth_failure', 'Unable to log in. Are the session details valid?');
  expect(lines.find((line) => line.event === 'whatsappWeb.authFailure')).toMatchObject({ level: 'error', message: expect.stringMatching(/pair again/) });
  client.emit('disconnected', { phone: '+97333334444' });
  expect(lines.find((line) => line.event === 'whatsappWeb.disconnected')).toMatchObject({ reason: 'unknown' });
  expect(JSON.stringify(lines)).not.toContain('97333334444');
});

test('stop cancels a pending reconnect, closes the browser, and later events change nothing', async () => {
  const { clock, client, supervisor } = setup();
  await supervisor.start();
  client.emit('disconnected', 'TIMEOUT');
  expect(clock.timers).toHaveLength(1);
  await supervisor.stop();
  expect(clock.timers).toHaveLength(0);
  expect(client.destroyCalls).toBe(1);
  client.emit('disconnected', 'TIMEOUT');
  client.emit('qr', 'late');
  expect(clock.timers).toHaveLength(0);
  expect(supervisor.latestQr).toBeUndefined();
  expect(supervisor.state).toBe('stopped');
});
