// The real factory builds a real whatsapp-web.js Client (no browser is started
// until initialize): the system Chromium, headless, no sandbox, and LocalAuth
// in the session folder or RemoteAuth on the hotline's database.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Client, LocalAuth, RemoteAuth } from 'whatsapp-web.js';
import { CHROMIUM_ARGS, createWhatsAppWebClient, WhatsAppWebSetupError } from '../../../channels/whatsapp-web/clientFactory';
import { WhatsAppWebConfigSchema } from '../../../channels/whatsapp-web/config';
import { GridFsSessionStore } from '../../../channels/whatsapp-web/gridFsSessionStore';
import { openTestDatabase, type TestDatabase } from '../../helpers/database';
import { testCipher } from '../../helpers/keys';

interface ClientInternals {
  options: { puppeteer: { executablePath?: string; headless?: boolean; args?: string[] }; webVersionCache: { type: string; path?: string } };
  authStrategy: { dataPath?: string; store?: unknown; backupSyncIntervalMs?: number; clientId?: string };
}

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase('wwebfactory');
});
afterAll(async () => {
  await db.close();
});

jest.setTimeout(30_000);

test('defaults: LocalAuth in ./data/whatsapp-web, Debian Chromium, headless, server flags', () => {
  const config = WhatsAppWebConfigSchema.parse({});
  const client = createWhatsAppWebClient(config);
  expect(client).toBeInstanceOf(Client);
  const internals = client as unknown as ClientInternals;
  expect(internals.authStrategy).toBeInstanceOf(LocalAuth);
  expect(internals.authStrategy.dataPath).toBe(resolve('./data/whatsapp-web'));
  expect(internals.options.puppeteer).toMatchObject({ executablePath: '/usr/bin/chromium', headless: true });
  expect(internals.options.puppeteer.args).toEqual([...CHROMIUM_ARGS]);
  expect(internals.options.puppeteer.args).toContain('--no-sandbox');
  expect(internals.options.webVersionCache).toEqual({ type: 'local', path: join(resolve('./data/whatsapp-web'), 'web-cache') });
});

test('WHATSAPP_WEB_AUTH=remote: RemoteAuth with the GridFS store, the session folder, a backup interval the library accepts', () => {
  const config = WhatsAppWebConfigSchema.parse({ WHATSAPP_WEB_AUTH: 'remote', WHATSAPP_WEB_SESSION_DIR: '/tmp/hotline-wweb', WHATSAPP_WEB_CHROMIUM: '/opt/chromium/chrome' });
  const client = createWhatsAppWebClient(config, { connection: db.connection, cipher: testCipher(), clientId: 'bh' });
  const internals = client as unknown as ClientInternals;
  expect(internals.authStrategy).toBeInstanceOf(RemoteAuth);
  expect(internals.authStrategy.store).toBeInstanceOf(GridFsSessionStore);
  expect(internals.authStrategy).toMatchObject({ dataPath: '/tmp/hotline-wweb', backupSyncIntervalMs: 300_000, clientId: 'bh' });
  expect(internals.options.puppeteer).toMatchObject({ executablePath: '/opt/chromium/chrome', headless: true });
});

test('remote without the database is a setup error; the library refuses a backup interval under a minute', () => {
  const config = WhatsAppWebConfigSchema.parse({ WHATSAPP_WEB_AUTH: 'remote' });
  expect(() => createWhatsAppWebClient(config)).toThrow(WhatsAppWebSetupError);
  expect(() => createWhatsAppWebClient(config, { connection: db.connection, cipher: testCipher(), backupSyncIntervalMs: 1000 })).toThrow(/backupSyncIntervalMs/);
});

test('importing the channel does not load whatsapp-web.js or puppeteer (only the factory does)', () => {
  // A fresh Node process: jest's module registry would blur what was loaded by whom.
  const script = [
    "require('ts-node').register({ transpileOnly: true });",
    "require('./channels/whatsapp-web');",
    "const loaded = (name) => Object.keys(require.cache).some((path) => path.includes('/node_modules/' + name + '/'));",
    "console.log(JSON.stringify({ channel: loaded('botbuilder'), library: loaded('whatsapp-web.js'), puppeteer: loaded('puppeteer') }));",
  ].join('\n');
  const run = spawnSync(process.execPath, ['-e', script], { cwd: resolve(__dirname, '../../..'), encoding: 'utf8' });
  expect(run.status).toBe(0);
  expect(JSON.parse(run.stdout)).toEqual({ channel: true, library: false, puppeteer: false });
});
