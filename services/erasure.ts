// "Delete my data": removes a worker's personal data everywhere it lives, keeps
// the coded answers that feed anonymised statistics, and audits the erasure.
import type { Storage } from 'botbuilder';
import { systemClock, type WallClock } from '../kernel/clock';
import type { Models } from '../models';

export interface ErasureResult {
  referrals: number;
  transcriptLines: number;
  escalations: number;
  /** Items the channels erased (web chat activities…). */
  channelItems: number;
}

/** A channel's own copy of a worker's messages (web chat history, WhatsApp media), erased with the rest. */
export type ChannelEraser = (userHash: string) => Promise<number>;

export class ErasureService {
  constructor(
    private readonly models: Pick<Models, 'referrals' | 'transcripts' | 'escalations' | 'audit'>,
    private readonly storage: Storage,
    private readonly channelErasers: readonly ChannelEraser[] = [],
    private readonly clock: WallClock = systemClock,
    /** Deletes stored live console events of these escalations (they may carry the worker's words). */
    private readonly eraseLiveEvents: (escalationIds: string[]) => Promise<number> = async () => 0,
  ) {}

  private now(): Date {
    return new Date(this.clock.now());
  }

  /**
   * Erases everything linked to the worker's hash, and the bot state under the
   * given storage keys. The referral keeps its case number, type, indicators,
   * priority and coded answers, but no personal field, no case worker note (notes
   * may quote the worker) and no link to the worker. Works while a case worker
   * holds the conversation: the escalation is closed and its live events deleted.
   */
  async eraseWorker(userHash: string, stateKeys: string[], actor = 'worker'): Promise<ErasureResult> {
    const at = this.now();
    const cases = await this.models.referrals.find({ userHash }, { caseNumber: 1 }).lean();
    const referrals = await this.models.referrals.updateMany(
      { userHash },
      {
        $set: { personal: {}, notes: [], anonymous: true, erasedAt: at, userHash: 'erased' },
        $push: { timeline: { at, event: 'erased', actor } },
      },
    );
    const transcripts = await this.models.transcripts.deleteMany({ userHash });
    const escalationIds = (await this.models.escalations.find({ userHash }, { _id: 1 }).lean()).map((escalation) => String(escalation._id));
    const escalations = await this.models.escalations.updateMany(
      { userHash },
      { $set: { userHash: 'erased', status: 'closed', closedAt: at }, $unset: { conversationRef: 1 } },
    );
    await this.storage.delete(stateKeys);
    let channelItems = 0;
    for (const erase of this.channelErasers) channelItems += await erase(userHash);
    channelItems += await this.eraseLiveEvents(escalationIds);
    const result = { referrals: referrals.modifiedCount, transcriptLines: transcripts.deletedCount, escalations: escalations.modifiedCount, channelItems };
    await this.models.audit.create({ at, actor, action: 'erasure', detail: { cases: cases.map((c) => c.caseNumber), ...result } });
    return result;
  }
}
