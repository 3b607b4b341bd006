// Retention, enforced by a purge the hotline runs on a schedule (the embedded
// mongo-java-server never expires TTL indexes, and an explicit job works the
// same on MongoDB).
import { trusted } from 'mongoose';
import { systemClock, type WallClock } from '../kernel/clock';
import type { Models } from '../models';

export interface RetentionPolicy {
  /** Days after which closed cases lose their personal data, and transcripts and idle bot state are deleted. */
  retentionDays: number;
  /** Hours a redelivered activity id is remembered (channels retry within minutes to a day). */
  dedupeHours: number;
}

export interface PurgeResult {
  processedActivities: number;
  transcriptLines: number;
  botState: number;
  webChatActivities: number;
  closedCases: number;
}

const DAY = 24 * 60 * 60 * 1000;

/** A further purge run with the others (a channel's media and message ids, expired console sessions), given the data cutoff. */
export type ChannelPurge = (before: Date) => Promise<unknown>;

export class RetentionService {
  constructor(
    private readonly models: Pick<Models, 'processedActivities' | 'transcripts' | 'botState' | 'cases' | 'audit' | 'webChatActivities' | 'webChatConversations'>,
    private readonly policy: RetentionPolicy,
    private readonly channelPurges: readonly ChannelPurge[] = [],
    private readonly clock: WallClock = systemClock,
  ) {}

  private now(): Date {
    return new Date(this.clock.now());
  }

  /** Deletes what is past its time; safe to run as often as wanted, from any process. */
  async purge(): Promise<PurgeResult> {
    const now = this.now().getTime();
    const dataCutoff = new Date(now - this.policy.retentionDays * DAY);
    const dedupeCutoff = new Date(now - this.policy.dedupeHours * 60 * 60 * 1000);
    const processed = await this.models.processedActivities.deleteMany({ at: trusted({ $lt: dedupeCutoff }) });
    const transcripts = await this.models.transcripts.deleteMany({ at: trusted({ $lt: dataCutoff }) });
    const state = await this.models.botState.deleteMany({ updatedAt: trusted({ $lt: dataCutoff }) });
    const webChat = await this.models.webChatActivities.deleteMany({ at: trusted({ $lt: dataCutoff }) });
    await this.models.webChatConversations.deleteMany({ updatedAt: trusted({ $lt: dataCutoff }) });
    const cases = await this.models.cases.updateMany(
      { status: 'closed', updatedAt: trusted({ $lt: dataCutoff }), erasedAt: trusted({ $exists: false }) },
      { $set: { personal: {}, anonymous: true, userHash: 'erased', erasedAt: this.now() }, $unset: { phoneHashes: 1 }, $push: { timeline: { at: this.now(), event: 'retentionPurge', actor: 'system' } } },
    );
    for (const purgeChannel of this.channelPurges) await purgeChannel(dataCutoff);
    const result = {
      processedActivities: processed.deletedCount,
      transcriptLines: transcripts.deletedCount,
      botState: state.deletedCount,
      webChatActivities: webChat.deletedCount,
      closedCases: cases.modifiedCount,
    };
    if (result.transcriptLines + result.botState + result.webChatActivities + result.closedCases > 0) {
      await this.models.audit.create({ actor: 'system', action: 'retentionPurge', detail: { ...result, retentionDays: this.policy.retentionDays } });
    }
    return result;
  }
}
