// What the WhatsApp Cloud channel keeps beside its inbox and outbox: delivery
// statuses, each worker's 24-hour window and the template sends. Insert-only
// where "exactly once" matters (a unique index): a status is recorded once, a
// template sent once per closed window (docs/database.md).
import { trusted, type Connection } from 'mongoose';
import { isDuplicateKeyError } from '../../models/uniqueInsert';
import type { KeyedHasher } from '../../services/crypto';
import { whatsAppWindowRemaining } from './customerServiceWindow';
import { WHATSAPP_CHANNEL_ID } from './inboundActivity';
import type { MessageStatus } from './webhookPayload';
import { whatsAppStatusModel, type WhatsAppStatusModel } from '../../models/whatsAppStatus';
import { whatsAppTemplateSendModel, type WhatsAppTemplateSendModel } from '../../models/whatsAppTemplateSend';
import { whatsAppWindowModel, type WhatsAppWindowModel } from '../../models/whatsAppWindow';


/** The channel's models, bound to one connection. */
export interface WhatsAppCloudModels {
  windows: WhatsAppWindowModel;
  statuses: WhatsAppStatusModel;
  templateSends: WhatsAppTemplateSendModel;
}

export function createWhatsAppCloudModels(connection: Connection): WhatsAppCloudModels {
  return { windows: whatsAppWindowModel(connection), statuses: whatsAppStatusModel(connection), templateSends: whatsAppTemplateSendModel(connection) };
}

/** What a purge removed. */
export interface WhatsAppCloudPurgeResult {
  statuses: number;
  windows: number;
  templateSends: number;
}

export class WhatsAppCloudStore {
  constructor(
    readonly models: WhatsAppCloudModels,
    private readonly hasher: KeyedHasher,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Creates the unique (messageId, status) index and the rest; safe at every start. */
  async ensureIndexes(): Promise<void> {
    for (const model of Object.values(this.models)) await model.createIndexes();
  }

  /** The worker's hash: the same as the bot's userHash on this channel. */
  recipientHash(waId: string): string {
    return this.hasher.hash(WHATSAPP_CHANNEL_ID, waId);
  }

  /** Records a delivery status once; false when this (message, status) was already recorded. */
  async recordStatus(status: MessageStatus): Promise<boolean> {
    try {
      await this.models.statuses.create({
        messageId: status.id,
        status: status.status,
        at: new Date(Number(status.timestamp) * 1000),
        ...(status.errors?.[0] ? { errorCode: status.errors[0].code } : {}),
        recipientHash: this.recipientHash(status.recipient_id),
        recordedAt: this.now(),
      });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Moves the worker's window start forward to `at` (never back: an old redelivered message cannot reopen it). */
  async openWindow(waId: string, at: Date): Promise<void> {
    const _id = this.recipientHash(waId);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.models.windows.updateOne({ _id }, { $max: { lastInboundAt: at }, $set: { updatedAt: this.now() } }, { upsert: true });
        return;
      } catch (error) {
        // Two first messages at once: both upserts insert, one loses; its update then finds the document.
        if (isDuplicateKeyError(error) && attempt < 3) continue;
        throw error;
      }
    }
  }

  /** When the worker last wrote, if they ever did. */
  async lastInboundAt(recipientHash: string): Promise<Date | undefined> {
    const window = await this.models.windows.findById(recipientHash, { lastInboundAt: 1 }).lean();
    return window?.lastInboundAt ?? undefined;
  }

  /** Milliseconds left in the worker's 24-hour window (0: closed). */
  windowRemainingMs(recipientHash: string): Promise<number> {
    return whatsAppWindowRemaining(this.models.windows, recipientHash, this.now());
  }

  /**
   * Claims the one template send allowed for the window that closed after
   * `windowStart`: the claim's id, or undefined when a template already went
   * out since the worker last wrote.
   */
  async claimTemplate(recipientHash: string, windowStart: Date | undefined): Promise<string | undefined> {
    const _id = `${recipientHash}:${windowStart ? windowStart.getTime() : 'none'}`;
    try {
      await this.models.templateSends.create({ _id, recipientHash, at: this.now() });
      return _id;
    } catch (error) {
      if (isDuplicateKeyError(error)) return undefined;
      throw error;
    }
  }

  /** Notes the wamid of the template a claim sent. */
  async completeTemplate(claimId: string, messageId: string): Promise<void> {
    await this.models.templateSends.updateOne({ _id: claimId }, { $set: { messageId } });
  }

  /** Gives a claim back after the template could not be sent, so a later message may try again. */
  async releaseTemplate(claimId: string): Promise<void> {
    await this.models.templateSends.deleteOne({ _id: claimId });
  }

  /** The worker's channel records, for "delete my data" (an ErasureService ChannelEraser); returns how many went. */
  async eraseUser(userHash: string): Promise<number> {
    const statuses = await this.models.statuses.deleteMany({ recipientHash: userHash });
    const windows = await this.models.windows.deleteOne({ _id: userHash });
    const templates = await this.models.templateSends.deleteMany({ recipientHash: userHash });
    return statuses.deletedCount + windows.deletedCount + templates.deletedCount;
  }

  /** Deletes records older than `before` (for the retention job; the embedded engine never expires TTL indexes). */
  async purge(before: Date): Promise<WhatsAppCloudPurgeResult> {
    const statuses = await this.models.statuses.deleteMany({ recordedAt: trusted({ $lt: before }) });
    const windows = await this.models.windows.deleteMany({ updatedAt: trusted({ $lt: before }) });
    const templateSends = await this.models.templateSends.deleteMany({ at: trusted({ $lt: before }) });
    return { statuses: statuses.deletedCount, windows: windows.deletedCount, templateSends: templateSends.deletedCount };
  }
}
