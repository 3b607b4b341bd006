// What supervisors and admins see: anonymised statistics (JSON and CSV), the
// accounts to reassign to, and what needs review before deployment.
import type { Request, Server } from 'restify';
import { HttpError } from '../../kernel/http';
import { StatisticsService } from '../../services/statistics';
import type { ConsoleOptions } from './consoleOptions';
import type { RouteKit } from './routeKit';

/** Statistics, users and the deployment review. */
export function registerSupervisionRoutes(server: Server, options: ConsoleOptions, kit: RouteKit): void {
  const { route } = kit;
  const { accounts, audit } = options;

  const statsRange = (req: Request): [Date | undefined, Date | undefined] => {
    const query = (req.query ?? {}) as Record<string, unknown>;
    // A calendar date that exists (9999-99-99 and 2026-02-30 do not): else a clear 400, never a 500 from an Invalid Date.
    const date = (name: 'from' | 'to'): Date | undefined => {
      const value = query[name];
      if (value === undefined || value === '') return undefined;
      const parsed = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : undefined;
      if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) {
        throw new HttpError(400, 'BadRequest', `"${name}" must be a calendar date, YYYY-MM-DD`);
      }
      return parsed;
    };
    return [date('from'), date('to')];
  };

  server.get(
    '/console/api/stats',
    route(
      ['supervisor', 'admin'],
      async (req, res, session) => {
        await audit.create({ actor: session.user.id, action: 'stats.view' });
        res.send(200, await options.statistics.counts(...statsRange(req)));
      },
      { csrf: false },
    ),
  );

  server.get(
    '/console/api/stats.csv',
    route(
      ['supervisor', 'admin'],
      async (req, res, session) => {
        await audit.create({ actor: session.user.id, action: 'stats.export' });
        const { counts } = await options.statistics.counts(...statsRange(req));
        res.header('Content-Type', 'text/csv; charset=utf-8');
        res.header('Content-Disposition', 'attachment; filename="hotline-statistics.csv"');
        res.writeHead(200);
        res.end(StatisticsService.toCsv(counts));
      },
      { csrf: false },
    ),
  );

  server.get(
    '/console/api/users',
    route(['supervisor', 'admin'], async (_req, res) => void res.send(200, { users: await accounts.list() }), { csrf: false }),
  );

  server.get(
    '/console/api/review',
    route(['admin'], async (_req, res) => void res.send(200, options.review()), { csrf: false }),
  );
}
