// What a case worker works with: the profile's agencies and the canned
// responses in a language, practice scenarios, the OpenAPI document, and the
// console's own page and assets.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Request, Response, Server } from 'restify';
import { HttpError, sendError } from '../../kernel/http';
import { socketOrigin } from '../../kernel/origins';
import type { ConsoleOptions } from './consoleOptions';
import { openApiDocument } from './openapi';
import type { RouteKit } from './routeKit';
import { TrainingSchema } from './schemas';

const UI_DIR = join(__dirname, '..', 'ui');

/** Agencies, canned responses, training, the OpenAPI document and the console UI. */
export function registerResourceRoutes(server: Server, options: ConsoleOptions, kit: RouteKit): void {
  const { route, body, ALL } = kit;
  const { audit } = options;

  server.get(
    '/console/api/agencies/:lng',
    route(
      ALL,
      async (req, res) => {
        const t = options.i18n.getFixedT(String(req.params.lng));
        res.send(200, { agencies: options.agencyIds.map((id) => ({ id, name: t(`${options.profileNamespace}:agencies.${id}.name`) })) });
      },
      { csrf: false },
    ),
  );

  server.get(
    '/console/api/canned/:lng',
    route(
      ALL,
      async (req, res) => {
        const lng = String(req.params.lng);
        const bundle = options.i18n.getResourceBundle(lng, 'canned') as Record<string, string> | undefined;
        if (!bundle) throw new HttpError(404, 'UnknownLanguage', 'No canned responses in that language');
        res.send(200, { language: lng, responses: Object.entries(bundle).map(([id, text]) => ({ id, text })) });
      },
      { csrf: false },
    ),
  );

  server.get(
    '/console/api/training/scenarios',
    route(ALL, async (_req, res) => void res.send(200, { scenarios: options.training.list() }), { csrf: false }),
  );

  server.post(
    '/console/api/training',
    route(ALL, async (req, res, session) => {
      const { scenarioId } = body(TrainingSchema, req);
      const id = await options.training.start(scenarioId, session.user.id);
      if (!id) throw new HttpError(404, 'NotFound', 'No such scenario');
      await audit.create({ actor: session.user.id, action: 'training.start', detail: { scenarioId } });
      res.send(200, { escalationId: id });
    }),
  );
  const document = openApiDocument();
  server.get('/api/openapi.json', async (_req: Request, res: Response) => void res.send(200, document));

  // The console's own page and assets.
  const asset = (file: string, type: string) => async (req: Request, res: Response) => {
    const path = join(UI_DIR, file);
    if (!existsSync(path)) return sendError(res, 404, 'NotFound', 'The console UI is not built into this checkout');
    res.header('Content-Type', type);
    res.header('Cache-Control', 'no-cache');
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('Content-Security-Policy', `default-src 'self'; connect-src 'self' ${socketOrigin(options.publicUrl, req.header('host'))}; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`);
    res.writeHead(200);
    res.end(readFileSync(path));
  };
  server.get('/console', asset('index.html', 'text/html; charset=utf-8'));
  server.get('/console/console.js', asset('console.js', 'application/javascript; charset=utf-8'));
  server.get('/console/console.css', asset('console.css', 'text/css; charset=utf-8'));
}
