// The case routes: a case with its personal fields decrypted (every view
// audited), notes, status changes along the permitted transitions, agency
// referrals, its owner and its follow-up day. Who may do each is decided by
// the access rules (services/caseAccess.ts), through services/caseWork.ts.
import type { Request, Server } from 'restify';
import { HttpError } from '../../kernel/http';
import { CASE_NUMBER, OBJECT_ID } from '../../models/domain';
import { CaseOwnerError } from '../../services/caseWork';
import type { ConsoleOptions } from './consoleOptions';
import type { RouteKit } from './routeKit';
import { AgencyReferralSchema, CaseOwnerSchema, FollowUpSchema, NoteSchema, StatusSchema } from './schemas';

/** A case, its notes, its status, its agency referrals, its owner and follow-up. */
export function registerCaseRoutes(server: Server, options: ConsoleOptions, kit: RouteKit): void {
  const { route, body, ALL } = kit;
  const { accounts, caseWork, audit } = options;

  const caseNumberOf = (req: Request): string => {
    const caseNumber = String(req.params.caseNumber ?? '');
    if (!CASE_NUMBER.test(caseNumber)) throw new HttpError(400, 'BadRequest', 'Not a case number');
    return caseNumber;
  };

  server.get(
    '/console/api/cases/:caseNumber',
    route(
      ALL,
      async (req, res, session) => {
        const caseNumber = caseNumberOf(req);
        const found = await caseWork.read(session.user, caseNumber);
        // Every view of a case is audited.
        await audit.create({ actor: session.user.id, action: 'case.view', target: caseNumber });
        const ids = [
          ...found.notes.map((n) => n.by),
          ...found.agencyReferrals.map((r) => r.by),
          ...found.timeline.flatMap((t) => [t.actor, t.subject ?? '']),
          found.owner ?? '',
        ].filter((id) => OBJECT_ID.test(id));
        const names = await accounts.displayNames([...new Set(ids)]);
        res.send(200, {
          case: {
            ...found,
            ownerName: found.owner ? names.get(found.owner) : undefined,
            notes: found.notes.map((note) => ({ ...note, byName: names.get(note.by) })),
            agencyReferrals: found.agencyReferrals.map((referral) => ({ ...referral, byName: names.get(referral.by) })),
            timeline: found.timeline.map((entry) => ({ ...entry, actorName: names.get(entry.actor), subjectName: entry.subject ? names.get(entry.subject) : undefined })),
          },
        });
      },
      { csrf: false },
    ),
  );

  server.post(
    '/console/api/cases/:caseNumber/notes',
    route(ALL, async (req, res, session) => {
      const caseNumber = caseNumberOf(req);
      const { text } = body(NoteSchema, req);
      await caseWork.addNote(session.user, caseNumber, text);
      await audit.create({ actor: session.user.id, action: 'case.note', target: caseNumber });
      res.send(200, {});
    }),
  );

  server.post(
    '/console/api/cases/:caseNumber/status',
    route(ALL, async (req, res, session) => {
      const caseNumber = caseNumberOf(req);
      const { status } = body(StatusSchema, req);
      await caseWork.changeStatus(session.user, caseNumber, status);
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
      const basis = await caseWork.refer(session.user, caseNumber, agencyId, imminentDanger);
      await audit.create({ actor: session.user.id, action: 'case.refer', target: caseNumber, detail: { agencyId, basis } });
      res.send(200, { basis });
    }),
  );

  server.post(
    '/console/api/cases/:caseNumber/owner',
    route(ALL, async (req, res, session) => {
      const caseNumber = caseNumberOf(req);
      const { to } = body(CaseOwnerSchema, req);
      let owner: string | undefined;
      try {
        owner = await caseWork.assign(session.user, caseNumber, to);
      } catch (error) {
        if (!(error instanceof CaseOwnerError) || error.code !== 'OWNED') throw error;
        const names = await accounts.displayNames(error.owner ? [error.owner] : []);
        throw new HttpError(409, 'AlreadyOwned', error.message, { ownerName: (error.owner && names.get(error.owner)) ?? '' });
      }
      await audit.create({ actor: session.user.id, action: 'case.assign', target: caseNumber, detail: { to: owner ?? 'none' } });
      const names = await accounts.displayNames(owner ? [owner] : []);
      res.send(200, { owner: owner ?? null, ownerName: owner ? (names.get(owner) ?? '') : null });
    }),
  );

  server.post(
    '/console/api/cases/:caseNumber/follow-up',
    route(ALL, async (req, res, session) => {
      const caseNumber = caseNumberOf(req);
      const { date } = body(FollowUpSchema, req);
      try {
        await caseWork.setFollowUp(session.user, caseNumber, date);
      } catch (error) {
        if (!(error instanceof CaseOwnerError)) throw error;
        throw new HttpError(409, 'AlreadyOwned', error.message);
      }
      await audit.create({ actor: session.user.id, action: 'case.followUp', target: caseNumber, detail: { date } });
      res.send(200, { followUpDate: date });
    }),
  );
}
