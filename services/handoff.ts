// Queues a worker for a human: one handoff per case, ordered by priority and
// waiting time, with the staffed hours the worker is told about.
import type { ConversationReference } from 'botbuilder';
import { trusted, type HydratedDocument } from 'mongoose';
import { systemClock, type WallClock } from '../kernel/clock';
import type { FieldCipher } from './crypto';
import { sealReference } from './cases';
import { isDuplicateKeyError, type HandoffDocument, type HandoffModel } from '../models';
import { OPEN_HANDOFF_STATUSES, priorityRank, type OpenHandoffStatus, type Priority } from '../models/domain';
import type { LiveBus } from './liveBus';
import type { Weekday } from './weekdays';

/** What a case brings to the queue: its case, priority and reasons, and how to reach the worker. */
export interface HandoffInput {
  caseId: string;
  caseNumber: string;
  priority: Priority;
  reasons: string[];
  language: string;
  channel: string;
  userHash: string;
  reference: Partial<ConversationReference>;
}

export interface StaffedHours {
  from: string;
  until: string;
  timezone: string;
  /** Days case workers answer (all when unset). */
  days?: readonly Weekday[];
}

export interface QueuedHandoff {
  id: string;
  /** How many queued handoffs come before this one. */
  ahead: number;
  staffedNow: boolean;
}

/** Whether `at` falls within the staffed hours, in the profile's time zone (a range may cross midnight). */
export function isStaffed(hours: StaffedHours, at: Date): boolean {
  const day = new Intl.DateTimeFormat('en-US', { timeZone: hours.timezone, weekday: 'short' }).format(at).toLowerCase() as Weekday;
  if (hours.days && !hours.days.includes(day)) return false;
  const local = new Intl.DateTimeFormat('en-GB', { timeZone: hours.timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  return hours.from <= hours.until ? local >= hours.from && local < hours.until : local >= hours.from || local < hours.until;
}

/** A handoff as the console lists it. */
export interface QueueEntry {
  id: string;
  caseNumber: string;
  priority: Priority;
  reasons: string[];
  language: string;
  channel: string;
  status: OpenHandoffStatus;
  createdAt: Date;
  claimedBy?: string;
  claimedAt?: Date;
  firstResponseAt?: Date;
  training?: boolean;
  /** Keyed hash of the worker (not for display: it links channel records such as WhatsApp's window). */
  userHash: string;
}

export type ClaimOutcome = { claimed: true } | { claimed: false; heldBy: string };

export class HandoffService {
  constructor(
    private readonly handoffs: HandoffModel,
    private readonly cipher: FieldCipher,
    private readonly hours: StaffedHours,
    private readonly bus?: LiveBus,
    private readonly clock: WallClock = systemClock,
  ) {}

  private now(): Date {
    return new Date(this.clock.now());
  }

  /**
   * Queues the case; a worker already waiting is not queued twice (the priority may only rise).
   * Under an `idempotencyKey` (`TurnServices.effectKey('handoff')`) a turn run again after a
   * crash gets the handoff its first run queued, even if the worker's open one changed since.
   */
  async enqueue(input: HandoffInput & { idempotencyKey?: string }): Promise<QueuedHandoff> {
    const key = input.idempotencyKey;
    // One query finds both what this turn queued before (a re-run) and the worker's open handoff.
    const open = { userHash: input.userHash, status: trusted({ $in: [...OPEN_HANDOFF_STATUSES] }) };
    const found = await this.handoffs.find(key ? { $or: [{ idempotencyKey: key }, open] } : open);
    const doc = found.find((candidate) => key && candidate.idempotencyKey === key) ?? (await this.queueOrRaise(input, found[0]));
    this.bus?.publish({ type: 'queue' });
    const ahead = await this.handoffs.countDocuments({
      status: 'queued',
      _id: trusted({ $ne: doc._id }),
      $or: [{ priorityRank: trusted({ $lt: doc.priorityRank }) }, { priorityRank: doc.priorityRank, createdAt: trusted({ $lt: doc.createdAt }) }],
    } as never);
    return { id: String(doc._id), ahead, staffedNow: isStaffed(this.hours, this.now()) };
  }

  /** The worker's open handoff, raised to this case's priority if higher, or a new one (under the key). */
  private async queueOrRaise(input: HandoffInput & { idempotencyKey?: string }, open: HydratedDocument<HandoffDocument> | undefined) {
    const rank = priorityRank(input.priority);
    if (open) {
      const raised = await this.handoffs.findOneAndUpdate(
        { _id: open._id },
        {
          $set: {
            conversationRef: sealReference(this.cipher, input.reference),
            language: input.language,
            ...(rank < open.priorityRank ? { priority: input.priority, priorityRank: rank, caseNumber: input.caseNumber, caseId: input.caseId } : {}),
          },
          $addToSet: { reasons: trusted({ $each: input.reasons }) },
        },
        { new: true },
      );
      if (raised) return raised;
    }
    try {
      return await this.handoffs.create({
        ...this.newHandoff(input),
        status: 'queued',
        ...(input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {}),
      });
    } catch (error) {
      // Another run of the same turn queued it first.
      const concurrent = input.idempotencyKey && isDuplicateKeyError(error) ? await this.handoffs.findOne({ idempotencyKey: input.idempotencyKey }) : null;
      if (!concurrent) throw error;
      return concurrent;
    }
  }

  /**
   * Opens a practice conversation (console training mode) already claimed by
   * the trainee: it never waits in the queue, and only the trainee sees it.
   * Returns the handoff's id; announces nothing (the practice channel does,
   * once the simulated worker has spoken).
   */
  async startPractice(input: HandoffInput & { traineeId: string }): Promise<string> {
    const doc = await this.handoffs.create({
      ...this.newHandoff(input),
      status: 'claimed',
      claimedBy: input.traineeId,
      claimedAt: this.now(),
      training: true,
    });
    return String(doc._id);
  }

  /** The fields every new handoff starts with, whatever its status. */
  private newHandoff(input: HandoffInput) {
    return {
      caseId: input.caseId,
      caseNumber: input.caseNumber,
      priority: input.priority,
      priorityRank: priorityRank(input.priority),
      reasons: input.reasons,
      language: input.language,
      channel: input.channel,
      userHash: input.userHash,
      conversationRef: sealReference(this.cipher, input.reference),
    };
  }

  get staffedHours(): StaffedHours {
    return this.hours;
  }

  /** Waiting and claimed handoffs, most urgent first, then longest waiting. */
  async queue(languages?: readonly string[], viewerId?: string): Promise<QueueEntry[]> {
    const mine = viewerId ? [{ claimedBy: viewerId }] : [];
    const filter: Record<string, unknown> = {
      status: trusted({ $in: [...OPEN_HANDOFF_STATUSES] }),
      $and: [
        // Practice conversations are seen only by the trainee who holds them.
        { $or: [{ training: trusted({ $ne: true }) }, ...mine] },
        // A language filter never hides what the viewer holds.
        ...(languages && languages.length > 0 ? [{ $or: [{ language: trusted({ $in: [...languages] }) }, ...mine] }] : []),
      ],
    };
    const docs = await this.handoffs.find(filter).sort({ priorityRank: 1, createdAt: 1 }).limit(500).lean();
    return docs.map(toQueueEntry);
  }

  /** Records the first answer of a case worker (time to first response). */
  async markFirstResponse(handoffId: string): Promise<void> {
    await this.handoffs.updateOne({ _id: handoffId, firstResponseAt: trusted({ $exists: false }) }, { $set: { firstResponseAt: this.now() } });
  }

  /**
   * Claims a handoff for a case worker: one conditional update on the
   * handoff (waiting → claimed), so of two at once exactly one wins.
   * Claiming one you already hold is a success.
   */
  async claim(handoffId: string, userId: string): Promise<ClaimOutcome> {
    const at = this.now();
    // 'before': only whether it matched matters (docs/database.md). Practice conversations are never claimed from the queue.
    const won = await this.handoffs.findOneAndUpdate(
      { _id: handoffId, status: 'queued', training: trusted({ $ne: true }) },
      { $set: { status: 'claimed', claimedBy: userId, claimedAt: at } },
      { returnDocument: 'before', projection: { _id: 1 }, lean: true },
    );
    if (won) {
      this.bus?.publish({ type: 'queue' });
      return { claimed: true };
    }
    const open = await this.handoffs.findOne({ _id: handoffId, status: trusted({ $in: [...OPEN_HANDOFF_STATUSES] }) }, { claimedBy: 1 }).lean();
    if (!open) throw new HandoffError('NOT_FOUND', 'No open handoff with that id');
    return open.claimedBy === userId ? { claimed: true } : { claimed: false, heldBy: open.claimedBy ?? '' };
  }

  /** Puts a claimed handoff back in the queue (by its holder, or `force` for a supervisor). */
  async release(handoffId: string, userId: string, force = false): Promise<void> {
    const doc = await this.requireHolder(handoffId, userId, force);
    // Only if still held as checked: a transfer in between keeps its new holder.
    await this.handoffs.updateOne(
      { _id: handoffId, status: 'claimed', claimedBy: doc.claimedBy },
      { $set: { status: 'queued' }, $unset: { claimedBy: 1, claimedAt: 1 } },
    );
    this.bus?.publish({ type: 'queue' });
  }

  /** Hands a claimed (or waiting) handoff to another case worker (a supervisor's reassignment): one conditional update. */
  async transfer(handoffId: string, toUserId: string): Promise<void> {
    const before = await this.handoffs.findOneAndUpdate(
      { _id: handoffId, status: trusted({ $in: [...OPEN_HANDOFF_STATUSES] }) },
      { $set: { status: 'claimed', claimedBy: toUserId, claimedAt: this.now() } },
      { returnDocument: 'before', projection: { _id: 1 }, lean: true },
    );
    if (!before) throw new HandoffError('NOT_FOUND', 'No open handoff with that id');
    this.bus?.publish({ type: 'queue' });
  }

  /** Closes a claimed handoff; returns where the worker is, so the bot can take them back. */
  async close(handoffId: string, userId: string, force = false): Promise<{ reference: Partial<ConversationReference>; userHash: string; caseNumber: string; training: boolean }> {
    const doc = await this.requireHolder(handoffId, userId, force);
    await this.handoffs.updateOne({ _id: handoffId }, { $set: { status: 'closed', closedAt: this.now() } });
    this.bus?.publish({ type: 'queue' });
    return { reference: this.referenceOf(doc.conversationRef), userHash: doc.userHash, caseNumber: doc.caseNumber, training: doc.training ?? false };
  }

  /** The worker's open handoff (waiting or held), if any: one query the bot makes only while one may be open. */
  async openFor(userHash: string): Promise<{ id: string; status: OpenHandoffStatus; claimedBy: string } | undefined> {
    const doc = await this.handoffs.findOne({ userHash, status: trusted({ $in: [...OPEN_HANDOFF_STATUSES] }) }, { status: 1, claimedBy: 1 }).lean();
    return doc ? { id: String(doc._id), status: doc.status as OpenHandoffStatus, claimedBy: doc.claimedBy ?? '' } : undefined;
  }

  /** The handoff a case worker holds for this worker, if one does: the bot then stays quiet. */
  async claimedFor(userHash: string): Promise<{ id: string; claimedBy: string } | undefined> {
    const doc = await this.handoffs.findOne({ userHash, status: 'claimed' }, { claimedBy: 1 }).lean();
    return doc ? { id: String(doc._id), claimedBy: doc.claimedBy ?? '' } : undefined;
  }

  /** The handoff (for the console), with its decrypted conversation reference. */
  async get(handoffId: string): Promise<(QueueEntry & { reference: Partial<ConversationReference> }) | undefined> {
    const doc = await this.handoffs.findById(handoffId).lean();
    if (!doc) return undefined;
    return { ...toQueueEntry(doc), reference: this.referenceOf(doc.conversationRef) };
  }

  private referenceOf(sealed: string | null | undefined): Partial<ConversationReference> {
    if (!sealed) throw new HandoffError('GONE', 'The worker erased their data; there is no conversation to reach');
    return JSON.parse(this.cipher.decrypt(sealed)) as Partial<ConversationReference>;
  }

  private async requireHolder(handoffId: string, userId: string, force: boolean) {
    const doc = await this.handoffs.findById(handoffId).lean();
    if (!doc || doc.status !== 'claimed') throw new HandoffError('NOT_CLAIMED', 'That handoff is not claimed');
    if (!force && doc.claimedBy !== userId) throw new HandoffError('NOT_YOURS', 'Another case worker holds that handoff');
    return doc;
  }

}

/** A handoff document as the console lists it. */
function toQueueEntry(doc: HandoffDocument & { _id: unknown }): QueueEntry {
  return {
    id: String(doc._id),
    caseNumber: doc.caseNumber,
    priority: doc.priority,
    reasons: doc.reasons,
    language: doc.language,
    channel: doc.channel,
    status: doc.status === 'claimed' ? 'claimed' : 'queued',
    createdAt: doc.createdAt,
    claimedBy: doc.claimedBy ?? undefined,
    claimedAt: doc.claimedAt ?? undefined,
    firstResponseAt: doc.firstResponseAt ?? undefined,
    training: doc.training ?? false,
    userHash: doc.userHash,
  };
}

/** A handoff step that cannot be done, with a code the console maps to an HTTP status. */
export class HandoffError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'NOT_CLAIMED' | 'NOT_YOURS' | 'GONE',
    message: string,
  ) {
    super(message);
    this.name = 'HandoffError';
  }
}
