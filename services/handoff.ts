// Queues a worker for a human: one escalation per case, ordered by priority and
// waiting time, with the staffed hours the worker is told about.
import type { ConversationReference } from 'botbuilder';
import { trusted } from 'mongoose';
import type { FieldCipher } from './crypto';
import { sealReference } from './referrals';
import { PRIORITIES, type Priority } from './triage';
import type { EscalationModel } from '../models';

export interface StaffedHours {
  from: string;
  until: string;
  timezone: string;
}

export interface QueuedEscalation {
  id: string;
  /** How many queued escalations come before this one. */
  ahead: number;
  staffedNow: boolean;
}

/** Whether `at` falls within the staffed hours, in the profile's time zone (a range may cross midnight). */
export function isStaffed(hours: StaffedHours, at: Date): boolean {
  const local = new Intl.DateTimeFormat('en-GB', { timeZone: hours.timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  return hours.from <= hours.until ? local >= hours.from && local < hours.until : local >= hours.from || local < hours.until;
}

export class HandoffService {
  constructor(
    private readonly escalations: EscalationModel,
    private readonly cipher: FieldCipher,
    private readonly hours: StaffedHours,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Queues the case; a case already waiting is not queued twice (its priority may only rise). */
  async enqueue(input: {
    referralId: string;
    caseNumber: string;
    priority: Priority;
    reasons: string[];
    language: string;
    channel: string;
    userHash: string;
    reference: Partial<ConversationReference>;
  }): Promise<QueuedEscalation> {
    const rank = PRIORITIES.indexOf(input.priority);
    const open = await this.escalations.findOne({ userHash: input.userHash, status: trusted({ $in: ['queued', 'claimed'] }) });
    let doc;
    if (open) {
      doc = await this.escalations.findOneAndUpdate(
        { _id: open._id },
        {
          $set: {
            conversationRef: sealReference(this.cipher, input.reference),
            language: input.language,
            ...(rank < open.priorityRank ? { priority: input.priority, priorityRank: rank, caseNumber: input.caseNumber, referralId: input.referralId } : {}),
          },
          $addToSet: { reasons: trusted({ $each: input.reasons }) },
        },
        { new: true },
      );
    } else {
      doc = await this.escalations.create({
        referralId: input.referralId,
        caseNumber: input.caseNumber,
        priority: input.priority,
        priorityRank: rank,
        reasons: input.reasons,
        language: input.language,
        channel: input.channel,
        userHash: input.userHash,
        conversationRef: sealReference(this.cipher, input.reference),
        status: 'queued',
      });
    }
    const ahead = await this.escalations.countDocuments({
      status: 'queued',
      _id: trusted({ $ne: doc!._id }),
      $or: [{ priorityRank: trusted({ $lt: doc!.priorityRank }) }, { priorityRank: doc!.priorityRank, createdAt: trusted({ $lt: doc!.createdAt }) }],
    } as never);
    return { id: String(doc!._id), ahead, staffedNow: isStaffed(this.hours, this.now()) };
  }

  /** Whether the worker is waiting for, or talking with, a case worker. */
  async hasOpenEscalation(userHash: string): Promise<boolean> {
    return (await this.escalations.countDocuments({ userHash, status: trusted({ $in: ['queued', 'claimed'] }) })) > 0;
  }

  get staffedHours(): StaffedHours {
    return this.hours;
  }
}
