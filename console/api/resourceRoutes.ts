// What a case worker works with: the profile's agencies and the canned
// responses in a language, practice scenarios, the OpenAPI document, and the
// console's own page and assets.
import type { Request, Response, Server } from 'restify';
import { HttpError } from '../../kernel/http';
import type { ConsoleOptions } from './consoleOptions';
import { openApiDocument } from './openapi';
import type { RouteKit } from './routeKit';
import { TrainingSchema } from './schemas';
import { serveConsoleUi } from './uiAssets';

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
      res.send(200, { handoffId: id });
    }),
  );
  const document = openApiDocument();
  server.get('/api/openapi.json', async (_req: Request, res: Response) => void res.send(200, document));

  // The console's own page and assets (uiAssets.ts).
  serveConsoleUi(server, options.publicUrl);
}
