// The console's page and browser modules over real HTTP on loopback: every
// file of console/ui is served with its type, no-cache, nosniff and the CSP;
// a name that is not a file of that folder, in any encoding of "../", is 404.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'restify';
import { serveConsoleUi, UI_DIR } from '../../../console/api/uiAssets';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A GET with the path sent exactly as written (no client-side normalisation of dots or escapes). */
function get(server: Server, path: string): Promise<Answer> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function listen(dir?: string): Promise<Server> {
  const server = createServer();
  serveConsoleUi(server, undefined, dir);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

describe('the console UI folder', () => {
  let server: Server;
  beforeAll(async () => {
    server = await listen();
  });
  afterAll(() => server.close());

  const modules = readdirSync(UI_DIR).filter((name) => name.endsWith('.js'));

  test('has its modules (the split exists)', () => {
    expect(modules).toEqual(expect.arrayContaining(['console.js', 'api.js', 'dom.js', 'queue.js']));
  });

  test.each(modules)('/console/%s is the file, as text/javascript, revalidated, never sniffed, under the CSP', async (file) => {
    const answer = await get(server, `/console/${file}`);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(answer.headers['cache-control']).toBe('no-cache');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.headers['content-security-policy']).toMatch(/^default-src 'self'; connect-src 'self' ws:\/\/127\.0\.0\.1:\d+; style-src 'self'; frame-ancestors 'none'/);
    expect(answer.body).toBe(readFileSync(join(UI_DIR, file), 'utf8'));
  });

  test('/console is the page and /console/console.css the stylesheet', async () => {
    const page = await get(server, '/console');
    expect([page.status, page.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
    expect(page.body).toContain('<script type="module" src="/console/console.js"></script>');
    const css = await get(server, '/console/console.css');
    expect([css.status, css.headers['content-type'], css.headers['cache-control']]).toEqual([200, 'text/css; charset=utf-8', 'no-cache']);
  });

  test('a name that is not a script or stylesheet of the folder is 404', async () => {
    for (const path of ['/console/index.html', '/console/nothing.js', '/console/console.JS']) {
      expect([path, (await get(server, path)).status]).toEqual([path, 404]);
    }
  });
});

describe('path traversal', () => {
  // A folder with one module, beside a file a naive join(dir, name) would serve.
  const root = mkdtempSync(join(tmpdir(), 'console-ui-'));
  const dir = join(root, 'ui');
  let server: Server;
  beforeAll(async () => {
    mkdirSync(dir);
    writeFileSync(join(dir, 'inside.js'), 'export const inside = 1;\n');
    writeFileSync(join(root, 'outside.js'), 'export const secret = "SECRET-OUTSIDE";\n');
    server = await listen(dir);
  });
  afterAll(() => {
    server.close();
    rmSync(root, { recursive: true, force: true });
  });

  test('the module inside is served', async () => {
    expect((await get(server, '/console/inside.js')).body).toBe('export const inside = 1;\n');
  });

  test.each([
    '/console/..%2foutside.js',
    '/console/..%2Foutside.js',
    '/console/%2e%2e%2foutside.js',
    '/console/..%252foutside.js',
    '/console/%252e%252e%252foutside.js',
    '/console/..%5coutside.js',
    '/console/..%255coutside.js',
    '/console/../outside.js',
    '/console/ui/../outside.js',
    '/console/inside.js%00.js',
  ])('%s is refused with a 4xx, never the file outside', async (path) => {
    const answer = await get(server, path);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.body).not.toContain('SECRET');
  });
});
