// The console's page and its browser code (console/ui): index.html at
// /console, and the stylesheet and each ES module at /console/<file>. Only a
// name that is a file of that folder is served: nothing from the request path
// is joined into a file-system path, so no encoding of "../" reaches outside.
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Request, Response, Server } from 'restify';
import { sendError } from '../../kernel/http';
import { socketOrigin } from '../../kernel/origins';

/** console/ui beside this folder (copied beside the compiled code by scripts/build.js). */
export const UI_DIR = join(__dirname, '..', 'ui');

/** What /console/<file> serves, by extension (module scripts need a JavaScript type under nosniff). */
const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The files of `dir` that /console/<file> may serve (read per request, so a new module shows without a restart). */
function servable(dir: string): Set<string> {
  try {
    return new Set(readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isFile() && TYPES[extname(entry.name)]).map((entry) => entry.name));
  } catch {
    return new Set();
  }
}

/**
 * Mounts the console's page and assets on `server`. Every answer is revalidated (`no-cache`), never sniffed,
 * and carries the console's CSP: scripts and styles from our own origin only, no inline ones, no framing.
 */
export function serveConsoleUi(server: Server, publicUrl: string | undefined, dir: string = UI_DIR): void {
  const send = (req: Request, res: Response, file: string, type: string): void => {
    let body: Buffer;
    try {
      body = readFileSync(join(dir, file));
    } catch {
      return sendError(res, 404, 'NotFound', 'The console UI is not built into this checkout');
    }
    res.header('Content-Type', type);
    res.header('Cache-Control', 'no-cache');
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('Content-Security-Policy', `default-src 'self'; connect-src 'self' ${socketOrigin(publicUrl, req.header('host'))}; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`);
    res.writeHead(200);
    res.end(body);
  };
  server.get('/console', async (req: Request, res: Response) => send(req, res, 'index.html', 'text/html; charset=utf-8'));
  server.get('/console/:file', async (req: Request, res: Response) => {
    const file = String(req.params.file ?? '');
    if (!servable(dir).has(file)) return sendError(res, 404, 'NotFound', 'No such console file');
    send(req, res, file, TYPES[extname(file)]!);
  });
}
