// The case routes: a case with its personal fields decrypted (every view
// audited), notes, status changes along the permitted transitions, agency referrals.
import type { Request, Server } from 'restify';
import { HttpError } from '../../kernel/http';
import { CASE_NUMBER, OBJECT_ID } from '../../models/domain';
import type { ConsoleOptions } from './consoleOptions';
import type { RouteKit } from './routeKit';
import { AgencyReferralSchema, NoteSchema, StatusSchema } from './schemas';

/** A case, its notes, its status and its agency referrals. */
export function registerCaseRoutes(server: Server, options: ConsoleOptions, kit: RouteKit): void {
  const { route, body, ALL } = kit;
  const { accounts, cases, audit } = options;

  server.get(
    '/console/api/cases/:caseNumber',
    route(
      ALL,
      async (req, res, session) => {
        const caseNumber = String(req.params.caseNumber ?? '');
        if (!CASE_NUMBER.test(caseNumber)) throw new HttpError(400, 'BadRequest', 'Not a case number');
        const found = await cases.findCase(caseNumber);
        if (!found) throw new HttpError(404, 'NotFound', 'No such case');
        // Every view of a case is audited.
        await audit.create({ actor: session.user.id, action: 'case.view', target: caseNumber });
        const ids = [...found.notes.map((n) => n.by), ...found.agencyReferrals.map((r) => r.by), ...found.timeline.map((t) => t.actor)].filter((id) => OBJECT_ID.test(id));
        const names = await accounts.displayNames([...new Set(ids)]);
        res.send(200, {
          case: {
            ...found,
            notes: found.notes.map((note) => ({ ...note, byName: names.get(note.by) })),
            agencyReferrals: found.agencyReferrals.map((referral) => ({ ...referral, byName: names.get(referral.by) })),
            timeline: found.timeline.map((entry) => ({ ...entry, actorName: names.get(entry.actor) })),
          },
        });
      },
      { csrf: false },
    ),
  );

  const caseNumberOf = (req: Request): string => {
    const caseNumber = String(req.params.caseNumber ?? '');
    if (!CASE_NUMBER.test(caseNumber)) throw new HttpError(400, 'BadRequest', 'Not a case number');
    return caseNumber;
  };

  server.post(
    '/console/api/cases/:caseNumber/notes',
    route(ALL, async (req, res, session) => {
      const caseNumber = caseNumberOf(req);
      const { text } = body(NoteSchema, req);
      await cases.addNote(caseNumber, session.user.id, text);
      await audit.create({ actor: session.user.id, action: 'case.note', target: caseNumber });
      res.send(200, {});
    }),
  );

  server.post(
    '/console/api/cases/:caseNumber/status',
    route(ALL, async (req, res, session) => {
      const caseNumber = caseNumberOf(req);
      const { status } = body(StatusSchema, req);
      await cases.changeStatus(caseNumber, status, session.user.id);
      await audit.create({ actor: session.user.id, action: 'case.status', target: caseNumber, detail: { status } });
      res.send(200, {});
    }),
  );

  server.post(
    '/console/api/cases/:caseNumber/referrals',
    route(ALL, async (req, res, session) => {
      const caseNumber = caseNumberOf(req);
      const { agencyId, imminentDanger } = body(AgencyReferralSchema, req);
      if (!options.agencyIds.includes(agencyId)) throw new HttpError(400, 'BadRequest', 'Not an agency of this country profile');
      const basis = await cases.referToAgency(caseNumber, agencyId, session.user.id, imminentDanger);
      await audit.create({ actor: session.user.id, action: 'case.refer', target: caseNumber, detail: { agencyId, basis } });
      res.send(200, { basis });
    }),
  );
}
