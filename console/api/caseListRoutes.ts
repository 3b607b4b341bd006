// The case list: every case the signed-in user may see (services/caseAccess.ts),
// whatever its priority, with filters, search, order and pages; "my cases"
// and "due today" are its owner=me and due=today.
import type { Server } from 'restify';
import { CASE_SORTS, CASE_STATUSES, CASE_TYPES, CASE_STATUS_TRANSITIONS, ILO_INDICATORS, PRIORITIES } from '../../models/domain';
import type { ConsoleOptions } from './consoleOptions';
import type { RouteKit } from './routeKit';
import { CaseListQuerySchema } from './schemas';

/** `GET /console/api/cases`. */
export function registerCaseListRoutes(server: Server, options: ConsoleOptions, kit: RouteKit): void {
  const { route, query, ALL } = kit;
  const { accounts, caseList, audit } = options;
  // What the list's filters offer, from the domain's own constants: the browser restates none of them.
  const domain = { statuses: CASE_STATUSES, transitions: CASE_STATUS_TRANSITIONS, priorities: PRIORITIES, types: CASE_TYPES, indicators: ILO_INDICATORS, sorts: CASE_SORTS, languages: options.caseLanguages, channels: options.caseChannels };

  server.get(
    '/console/api/cases',
    route(
      ALL,
      async (req, res, session) => {
        const asked = query(CaseListQuerySchema, req);
        const found = await caseList.list(session.user, asked);
        // A search names a worker (by number or phone): who searched, and how, is audited; never what.
        if (found.searchedBy) await audit.create({ actor: session.user.id, action: 'case.search', detail: { by: found.searchedBy, results: found.total } });
        const names = await accounts.displayNames([...new Set(found.cases.flatMap((c) => (c.owner ? [c.owner] : [])))]);
        res.send(200, {
          ...found,
          today: caseList.today(),
          cases: found.cases.map((c) => ({ ...c, ownerName: c.owner ? (names.get(c.owner) ?? '') : undefined })),
          domain,
        });
      },
      { csrf: false },
    ),
  );
}
