// Who may see and do what with a case: the one rule set the console's case
// routes and the case list go through (services/caseWork.ts, caseList.ts).
//
// - Supervisors and admins see every case and may do everything with it.
// - A case worker sees the cases they own, those whose handoff they hold, and
//   (practice cases apart) those in one of their languages; on those they may
//   read, note, move the status and refer with the worker's consent.
// - Taking a case needs it to be unowned (or already theirs), and setting its
//   follow-up needs the same; a case worker may give back only their own case.
// - Assigning a case to someone else, and a referral without the worker's
//   consent (imminent danger), need a supervisor.
// - A practice case is only ever its trainee's (and supervisors').
import { trusted, type FilterQuery } from 'mongoose';
import type { CaseDocument, CaseModel, HandoffModel } from '../models';
import type { ConsoleUser } from './accounts';

/** Everything the console does with a case. */
export type CaseAction = 'read' | 'note' | 'status' | 'refer' | 'referWithoutConsent' | 'take' | 'release' | 'assign' | 'followUp';

/** What the rules look at: the case's language, owner and practice flag, and who holds its handoff. */
export interface CaseFacts {
  caseNumber: string;
  language: string;
  owner?: string;
  training: boolean;
  /** Console users holding a claimed handoff of this case (at most one). */
  holders: readonly string[];
}

/** The one who acts: a console user with roles and languages. */
export type Actor = Pick<ConsoleUser, 'id' | 'roles' | 'languages'>;

export const isSupervisor = (actor: Actor): boolean => actor.roles.includes('supervisor') || actor.roles.includes('admin');

/** Whether the case is one the actor sees. */
export function sees(actor: Actor, facts: CaseFacts): boolean {
  if (isSupervisor(actor)) return true;
  if (facts.holders.includes(actor.id)) return true;
  if (facts.training) return false;
  return facts.owner === actor.id || actor.languages.includes(facts.language);
}

/** The rule set: may `actor` do `action` with the case of `facts`? */
export function mayDo(actor: Actor, action: CaseAction, facts: CaseFacts): boolean {
  if (isSupervisor(actor)) return true;
  if (!sees(actor, facts)) return false;
  switch (action) {
    case 'read':
    case 'note':
    case 'status':
    case 'refer':
      return true;
    case 'take':
    case 'followUp':
      return facts.owner === undefined || facts.owner === actor.id;
    case 'release':
      return facts.owner === actor.id;
    case 'assign':
    case 'referWithoutConsent':
      return false;
  }
}

/** The case does not exist, or the actor may not do this with it; the console maps the code to 404 or 403. */
export class CaseAccessError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'FORBIDDEN',
    message: string,
  ) {
    super(message);
    this.name = 'CaseAccessError';
  }
}

const REFUSALS: Record<CaseAction, string> = {
  read: 'This case is not yours, not held by you and not in your languages',
  note: 'This case is not yours, not held by you and not in your languages',
  status: 'This case is not yours, not held by you and not in your languages',
  refer: 'This case is not yours, not held by you and not in your languages',
  referWithoutConsent: 'A referral without the worker’s consent needs a supervisor',
  take: 'Another case worker owns this case; a supervisor can reassign it',
  release: 'Only the owner or a supervisor can give this case back',
  assign: 'Only a supervisor assigns a case to someone else',
  followUp: 'Another case worker owns this case',
};

/** `facts` when `actor` may do `action` with that case; else a {@link CaseAccessError}. */
export function check(actor: Actor, action: CaseAction, facts: CaseFacts): CaseFacts {
  // A case worker who may not read it learns nothing more than that.
  if (!mayDo(actor, action, facts)) throw new CaseAccessError('FORBIDDEN', REFUSALS[mayDo(actor, 'read', facts) ? action : 'read']);
  return facts;
}

/** Looks up a case's facts and applies the rules; builds the list's filter from the same rules. */
export class CaseAccess {
  constructor(
    private readonly cases: CaseModel,
    private readonly handoffs: HandoffModel,
  ) {}

  /** The facts of a case, or undefined when there is no such case. */
  async facts(caseNumber: string): Promise<CaseFacts | undefined> {
    const doc = await this.cases.findOne({ caseNumber }, { language: 1, assignedTo: 1, training: 1 }).lean();
    if (!doc) return undefined;
    const held = await this.handoffs.find({ caseNumber, status: 'claimed' }, { claimedBy: 1 }).lean();
    return {
      caseNumber,
      language: doc.language,
      owner: doc.assignedTo ?? undefined,
      training: doc.training === true,
      holders: held.flatMap((h) => (h.claimedBy ? [h.claimedBy] : [])),
    };
  }

  /** The case's facts when `actor` may do `action` with it; else a {@link CaseAccessError}. */
  async assert(actor: Actor, action: CaseAction, caseNumber: string): Promise<CaseFacts> {
    const facts = await this.facts(caseNumber);
    if (!facts) throw new CaseAccessError('NOT_FOUND', 'No such case');
    return check(actor, action, facts);
  }

  /** The filter of the cases `actor` sees in the list, by the same rules as {@link sees}; practice cases are never listed. */
  async listScope(actor: Actor): Promise<FilterQuery<CaseDocument>> {
    const notPractice = { training: trusted({ $ne: true }) };
    if (isSupervisor(actor)) return notPractice;
    const held = await this.handoffs.distinct('caseNumber', { status: 'claimed', claimedBy: actor.id });
    const visible: FilterQuery<CaseDocument>[] = [{ assignedTo: actor.id }];
    if (held.length) visible.push({ caseNumber: trusted({ $in: held }) });
    if (actor.languages.length) visible.push({ language: trusted({ $in: actor.languages }) });
    return { ...notPractice, $or: visible } as FilterQuery<CaseDocument>;
  }
}
