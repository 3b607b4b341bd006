// What the console does with one case, each step through the access rules
// (services/caseAccess.ts): read it, note, move its status, refer it, take
// it, assign it, set its follow-up. Ownership and follow-up are each one
// conditional update, with their timeline entry in the same write.
import { trusted } from 'mongoose';
import { systemClock, type WallClock } from '../kernel/clock';
import type { CaseModel } from '../models';
import type { CaseStatus } from '../models/domain';
import { CaseAccessError, check, isSupervisor, mayDo, type Actor, type CaseAccess } from './caseAccess';
import type { CaseService } from './cases';
import { isCalendarDate } from './localDate';

/** Whom a case is assigned to: the actor, nobody, or (a supervisor's choice) a console user's id. */
export type OwnerChoice = 'me' | 'none' | string;

/** Taking a case someone else took first, or assigning to an account that cannot own it. */
export class CaseOwnerError extends Error {
  constructor(
    readonly code: 'OWNED' | 'NO_SUCH_USER',
    message: string,
    /** The owner who took it first (OWNED). */
    readonly owner?: string,
  ) {
    super(message);
    this.name = 'CaseOwnerError';
  }
}

export interface CaseWorkOptions {
  cases: CaseService;
  model: CaseModel;
  access: CaseAccess;
  /** Whether a console user id is an enabled account (a case is assigned only to one). */
  isAccount(userId: string): Promise<boolean>;
  clock?: WallClock;
}

/** The console's case operations (see file header). */
export class CaseWork {
  private readonly clock: WallClock;
  constructor(private readonly options: CaseWorkOptions) {
    this.clock = options.clock ?? systemClock;
  }

  private now(): Date {
    return new Date(this.clock.now());
  }

  /** The case with its personal fields decrypted (the console audits the view). */
  async read(actor: Actor, caseNumber: string) {
    await this.options.access.assert(actor, 'read', caseNumber);
    const found = await this.options.cases.findCase(caseNumber);
    if (!found) throw new CaseAccessError('NOT_FOUND', 'No such case');
    return found;
  }

  async addNote(actor: Actor, caseNumber: string, text: string): Promise<void> {
    await this.options.access.assert(actor, 'note', caseNumber);
    await this.options.cases.addNote(caseNumber, actor.id, text);
  }

  async changeStatus(actor: Actor, caseNumber: string, status: CaseStatus): Promise<void> {
    await this.options.access.assert(actor, 'status', caseNumber);
    await this.options.cases.changeStatus(caseNumber, status, actor.id);
  }

  /** Refers the case; without the worker's consent only for imminent danger, and only by a supervisor. */
  async refer(actor: Actor, caseNumber: string, agencyId: string, imminentDanger: boolean): Promise<'consent' | 'imminentDanger'> {
    const facts = await this.options.access.assert(actor, 'refer', caseNumber);
    return this.options.cases.referToAgency(caseNumber, agencyId, actor.id, imminentDanger, { mayActWithoutConsent: mayDo(actor, 'referWithoutConsent', facts) });
  }

  /**
   * Gives the case an owner. `me`: takes it, when nobody owns it (of two at once exactly one wins:
   * one conditional update); `none`: gives it back (the owner, or a supervisor); a user id: a
   * supervisor assigns or reassigns it. Answers the owner it now has.
   */
  async assign(actor: Actor, caseNumber: string, to: OwnerChoice): Promise<string | undefined> {
    const { access, model } = this.options;
    const owner = to === 'me' ? actor.id : to === 'none' ? undefined : to;
    const action = to === 'none' ? 'release' : owner === actor.id ? 'take' : 'assign';
    // Taking a case another case worker took first is a lost race, told as such (who has it), like a claim.
    const facts = await access.assert(actor, 'read', caseNumber);
    if (action === 'take' && facts.owner !== undefined && facts.owner !== actor.id && !isSupervisor(actor)) throw new CaseOwnerError('OWNED', 'Another case worker took this case first', facts.owner);
    check(actor, action, facts);
    if (owner && owner !== actor.id && !(await this.options.isAccount(owner))) throw new CaseOwnerError('NO_SUCH_USER', 'No enabled account has that id');
    if (facts.owner === owner) return owner;
    const at = this.now();
    const entry = { at, event: owner ? 'assigned' : 'unassigned', actor: actor.id, ...(owner ? { subject: owner } : {}) };
    // A case worker takes only an unowned case, gives back only their own; a supervisor's choice stands.
    const condition = isSupervisor(actor) ? {} : action === 'take' ? { assignedTo: trusted({ $in: [null, actor.id] }) } : { assignedTo: actor.id };
    const update = owner ? { $set: { assignedTo: owner, assignedAt: at }, $push: { timeline: entry } } : { $unset: { assignedTo: 1, assignedAt: 1 }, $push: { timeline: entry } };
    const updated = await model.updateOne({ caseNumber, ...condition }, update);
    if (updated.matchedCount === 0) {
      const now = await access.facts(caseNumber);
      throw new CaseOwnerError('OWNED', 'Another case worker took this case first', now?.owner);
    }
    return owner;
  }

  /** Sets (a calendar day, YYYY-MM-DD, in the profile's time zone) or clears (null) when the case is looked at again. */
  async setFollowUp(actor: Actor, caseNumber: string, date: string | null): Promise<void> {
    if (date !== null && !isCalendarDate(date)) throw new RangeError('setFollowUp(): not a calendar date');
    const { access, model } = this.options;
    const facts = await access.assert(actor, 'followUp', caseNumber);
    const at = this.now();
    const entry = { at, event: 'followUp', actor: actor.id, detail: date ?? '' };
    // Unchanged owner since the rules looked: a case taken meanwhile by someone else is theirs to schedule.
    const condition = isSupervisor(actor) ? {} : { assignedTo: facts.owner === undefined ? trusted({ $in: [null] }) : facts.owner };
    const update = date ? { $set: { followUpDate: date }, $push: { timeline: entry } } : { $unset: { followUpDate: 1 }, $push: { timeline: entry } };
    const updated = await model.updateOne({ caseNumber, erasedAt: trusted({ $exists: false }), ...condition }, update);
    if (updated.matchedCount === 0) throw new CaseOwnerError('OWNED', 'The case changed owner meanwhile, or its data was erased', (await access.facts(caseNumber))?.owner);
  }
}
