// "Delete my data": removes a worker's personal data everywhere it lives, keeps
// the coded answers that feed anonymised statistics, and audits the erasure.
import type { Storage } from 'botbuilder';
import { systemClock, type WallClock } from '../kernel/clock';
import type { Models } from '../models';

export interface ErasureResult {
  cases: number;
  transcriptLines: number;
  handoffs: number;
  /** Items the channels erased (web chat activities…). */
  channelItems: number;
}

/** A channel's own copy of a worker's messages (web chat history, WhatsApp media), erased with the rest. */
export type ChannelEraser = (userHash: string) => Promise<number>;

export class ErasureService {
  constructor(
    private readonly models: Pick<Models, 'cases' | 'transcripts' | 'handoffs' | 'audit'>,
    private readonly storage: Storage,
    private readonly channelErasers: readonly ChannelEraser[] = [],
    private readonly clock: WallClock = systemClock,
    /** Deletes stored live console events of these handoffs (they may carry the worker's words). */
    private readonly eraseLiveEvents: (handoffIds: string[]) => Promise<number> = async () => 0,
  ) {}

  private now(): Date {
    return new Date(this.clock.now());
  }

  /**
   * Erases everything linked to the worker's hash, and the bot state under the
   * given storage keys. The case keeps its case number, type, indicators,
   * priority and coded answers, but no personal field, no case worker note (notes
   * may quote the worker) and no link to the worker. Works while a case worker
   * holds the conversation: the handoff is closed and its live events deleted.
   */
  async eraseWorker(userHash: string, stateKeys: string[], actor = 'worker'): Promise<ErasureResult> {
    const at = this.now();
    const found = await this.models.cases.find({ userHash }, { caseNumber: 1 }).lean();
    const cases = await this.models.cases.updateMany(
      { userHash },
      {
        $set: { personal: {}, notes: [], anonymous: true, erasedAt: at, userHash: 'erased' },
        // The phone number's keyed hash would still find the case by that number.
        $unset: { phoneHashes: 1 },
        $push: { timeline: { at, event: 'erased', actor } },
      },
    );
    const transcripts = await this.models.transcripts.deleteMany({ userHash });
    const handoffIds = (await this.models.handoffs.find({ userHash }, { _id: 1 }).lean()).map((handoff) => String(handoff._id));
    const handoffs = await this.models.handoffs.updateMany(
      { userHash },
      { $set: { userHash: 'erased', status: 'closed', closedAt: at }, $unset: { conversationRef: 1 } },
    );
    await this.storage.delete(stateKeys);
    let channelItems = 0;
    for (const erase of this.channelErasers) channelItems += await erase(userHash);
    channelItems += await this.eraseLiveEvents(handoffIds);
    const result = { cases: cases.modifiedCount, transcriptLines: transcripts.deletedCount, handoffs: handoffs.modifiedCount, channelItems };
    await this.models.audit.create({ at, actor, action: 'erasure', detail: { caseNumbers: found.map((c) => c.caseNumber), ...result } });
    return result;
  }
}
