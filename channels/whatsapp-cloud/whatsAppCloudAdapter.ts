// The WhatsApp Cloud API channel as a BotAdapter: each message of a webhook
// becomes a turn of the bot (in order per worker), and the bot's replies go out
// through the Graph API as text, reply buttons or lists. Outside WhatsApp's
// 24-hour window nothing the bot says leaves: the neutral template goes
// instead, once, so a phone someone else reads shows nothing of the chat.
import { ActivityTypes, type Activity, type ResourceResponse, type TurnContext } from 'botbuilder';
import type { i18n as I18n } from 'i18next';
import { describeError, type Logger } from '../../kernel/logger';
import { windowRemainingMs } from './customerServiceWindow';
import { GraphApiError, OUTSIDE_WINDOW_CODE } from './graphApiError';
import type { GraphClient } from './graphClient';
import { sentAt, toInboundActivity, WHATSAPP_CHANNEL_ID } from './inboundActivity';
import { buildOutboundMessages, templateMessage } from './outboundMessages';
import { ChannelAdapter, type TurnLogic } from '../shared/channelAdapter';
import { messagesValues, type WebhookPayload } from './webhookPayload';
import type { WhatsAppCloudStore } from './whatsAppCloudStore';

export interface WhatsAppCloudAdapterOptions {
  graph: GraphClient;
  store: WhatsAppCloudStore;
  /** The business phone number id: messages to any other number of the account are not ours. */
  phoneNumberId: string;
  /** The approved neutral template sent outside the 24-hour window. */
  template: { name: string; language: string };
  /** For the few words the channel itself shows (the list button label). */
  i18n: I18n;
  logger: Logger;
  now?: () => Date;
}

export type { TurnLogic };

export interface ReceiveOptions {
  /** Runs for a message the bot cannot read (`unsupported`, `system`, a flow reply…); without it such messages are dropped. */
  onUnsupported?: TurnLogic;
}

/** What one webhook delivery amounted to (counts only: safe to log). */
export interface ReceiveResult {
  turns: number;
  unsupported: number;
  ignored: number;
  duplicates: number;
  statuses: number;
  duplicateStatuses: number;
  otherNumber: number;
  failedTurns: number;
  /** Messages, statuses or changes that did not have the shape the channel reads: logged, skipped. */
  skipped: number;
}

export class WhatsAppCloudAdapter extends ChannelAdapter {
  private readonly now: () => Date;

  constructor(private readonly options: WhatsAppCloudAdapterOptions) {
    super(WHATSAPP_CHANNEL_ID);
    this.now = options.now ?? (() => new Date());
  }

  get store(): WhatsAppCloudStore {
    return this.options.store;
  }

  /**
   * Takes in a parsed webhook: records each status once, and turns each new
   * message into a turn of `logic` (a redelivered wamid takes no second
   * effect). Turns of one worker run in the order of the payload; different
   * workers' turns run side by side. Resolves when every turn has ended.
   */
  async receive(payload: WebhookPayload, logic: TurnLogic, options: ReceiveOptions = {}): Promise<ReceiveResult> {
    const result: ReceiveResult = { turns: 0, unsupported: 0, ignored: 0, duplicates: 0, statuses: 0, duplicateStatuses: 0, otherNumber: 0, failedTurns: 0, skipped: 0 };
    const turns: Array<Promise<void>> = [];
    for (const value of messagesValues(payload)) {
      result.skipped += value.skipped;
      if (value.skipped > 0) this.options.logger.warn('whatsappCloud.webhook.itemsSkipped', { skipped: value.skipped });
      if (value.phoneNumberId === '') continue;
      if (value.phoneNumberId !== this.options.phoneNumberId) {
        result.otherNumber += value.messages.length + value.statuses.length;
        continue;
      }
      for (const status of value.statuses) {
        try {
          if (await this.options.store.recordStatus(status)) result.statuses++;
          else result.duplicateStatuses++;
        } catch (error) {
          // A lost status costs a tick mark; it must not cost the messages of the same delivery.
          this.options.logger.error('whatsappCloud.status.failed', describeError(error));
        }
      }
      for (const message of value.messages) {
        const at = sentAt(message, this.now());
        if (!(await this.options.store.claimInbound(message.from, message.id, at))) {
          result.duplicates++;
          continue;
        }
        const outcome = toInboundActivity(message, this.options.phoneNumberId, this.now());
        if (outcome.kind === 'ignored') {
          result.ignored++;
          continue;
        }
        // The worker wrote: the window is open (a `system` notice is not the worker writing).
        if (message.type !== 'system') {
          // Replies within this turn know the window from the message itself; later sends need the record.
          await this.options.store.openWindow(message.from, at).catch((error: unknown) => this.options.logger.error('whatsappCloud.window.recordFailed', describeError(error)));
        }
        const turnLogic = outcome.kind === 'turn' ? logic : options.onUnsupported;
        if (!turnLogic) {
          result.ignored++;
          continue;
        }
        if (outcome.kind === 'turn') result.turns++;
        else result.unsupported++;
        turns.push(
          this.runTurn(message.from, outcome.activity, turnLogic)
            .catch((error: unknown) => {
              result.failedTurns++;
              this.options.logger.error('whatsappCloud.turn.failed', { conversation: this.options.store.recipientHash(message.from).slice(0, 12), ...describeError(error) });
            }),
        );
      }
    }
    await Promise.all(turns);
    return result;
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      switch (activity.type) {
        case 'delay':
          await new Promise((resolve) => setTimeout(resolve, typeof activity.value === 'number' ? activity.value : 1000));
          responses.push({ id: '' });
          break;
        case ActivityTypes.Typing:
          await this.showTyping(context);
          responses.push({ id: '' });
          break;
        case ActivityTypes.Message:
          responses.push(await this.sendMessage(context, activity));
          break;
        default:
          // Trace, events, end of conversation: nothing a worker sees on WhatsApp.
          responses.push({ id: '' });
      }
    }
    return responses;
  }

  /** Milliseconds left in the worker's 24-hour window (0: only the template can go out). */
  windowRemainingMs(waId: string): Promise<number> {
    return this.options.store.windowRemainingMs(this.options.store.recipientHash(waId));
  }

  private async sendMessage(context: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse> {
    const waId = activity.conversation?.id ?? context.activity.conversation?.id;
    if (!waId) throw new Error('WhatsAppCloudAdapter.sendActivities(): the activity has no conversation id');
    const recipientHash = this.options.store.recipientHash(waId);
    const t = this.options.i18n.getFixedT(activity.locale || 'en');
    const messages = buildOutboundMessages(activity, { listButton: t('whatsapp:listButton'), replyHints: [t('common:replyWithNumber'), t('common:replyWithNumbers')] });
    if (messages.length === 0) {
      this.options.logger.warn('whatsappCloud.send.nothingToSend', { conversation: recipientHash.slice(0, 12) });
      return { id: '' };
    }
    const window = await this.windowOf(context, waId, recipientHash);
    if (window.remainingMs <= 0) return this.sendTemplate(waId, recipientHash, window.start);
    let id = '';
    for (const message of messages) {
      try {
        id = await this.options.graph.sendMessage(waId, message);
      } catch (error) {
        // Meta's clock says the window closed (131047): the template, never the content.
        if (error instanceof GraphApiError && error.code === OUTSIDE_WINDOW_CODE) return this.sendTemplate(waId, recipientHash, window.start);
        throw error;
      }
    }
    return { id };
  }

  /** The window: from the message this turn answers when there is one, else from the database. */
  private async windowOf(context: TurnContext, waId: string, recipientHash: string): Promise<{ start: Date | undefined; remainingMs: number }> {
    const inbound = context.activity;
    const now = this.now();
    if (inbound.type === ActivityTypes.Message && inbound.channelId === WHATSAPP_CHANNEL_ID && inbound.from?.id === waId && inbound.timestamp) {
      const start = new Date(inbound.timestamp);
      const remainingMs = windowRemainingMs(start, now);
      if (remainingMs > 0) return { start, remainingMs };
    }
    const start = await this.options.store.lastInboundAt(recipientHash);
    return { start, remainingMs: windowRemainingMs(start, now) };
  }

  /** The neutral template in place of the real message: once per closed window, recorded; later messages are withheld. */
  private async sendTemplate(waId: string, recipientHash: string, windowStart: Date | undefined): Promise<ResourceResponse> {
    const conversation = recipientHash.slice(0, 12);
    const claim = await this.options.store.claimTemplate(recipientHash, windowStart);
    if (!claim) {
      this.options.logger.info('whatsappCloud.window.withheld', { conversation });
      return { id: '' };
    }
    try {
      const id = await this.options.graph.sendMessage(waId, templateMessage(this.options.template.name, this.options.template.language));
      await this.options.store.completeTemplate(claim, id);
      this.options.logger.info('whatsappCloud.window.templateSent', { conversation });
      return { id };
    } catch (error) {
      await this.options.store.releaseTemplate(claim).catch((releaseError: unknown) => this.options.logger.error('whatsappCloud.window.releaseFailed', describeError(releaseError)));
      throw error;
    }
  }

  /** Marks the worker's message read with the typing indicator; only ever a nicety, so failures are logged, not thrown. */
  private async showTyping(context: TurnContext): Promise<void> {
    const inbound = context.activity;
    if (inbound.type !== ActivityTypes.Message || inbound.channelId !== WHATSAPP_CHANNEL_ID || !inbound.id) return;
    try {
      await this.options.graph.markRead(inbound.id, { typing: true });
    } catch (error) {
      this.options.logger.warn('whatsappCloud.typing.failed', describeError(error));
    }
  }
}
