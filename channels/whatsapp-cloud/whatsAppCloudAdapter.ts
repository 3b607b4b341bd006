// The WhatsApp Cloud API channel as a BotAdapter. A webhook's messages are kept
// in the durable inbox before Meta is answered (`accept`), and each becomes a
// turn of the bot from there, in order per worker, in whichever process claims
// it (services/messageQueue.ts). The bot's replies are kept in the durable
// outbox under the turn's effect keys and sent from there through the Graph API
// as text, reply buttons or lists, in order per worker, each once, retried with
// backoff. Outside WhatsApp's 24-hour window nothing the bot says leaves: the
// neutral template goes instead, once, so a phone someone else reads shows
// nothing of the chat.
import { ActivityTypes, type Activity, type ConversationReference, type ResourceResponse, type TurnContext } from 'botbuilder';
import type { i18n as I18n } from 'i18next';
import { describeError, type Logger } from '../../kernel/logger';
import type { KeyedHasher } from '../../services/crypto';
import { PermanentFailure, type MessageQueue, type QueuedMessage } from '../../services/messageQueue';
import { windowRemainingMs } from './customerServiceWindow';
import { GraphApiError, OUTSIDE_WINDOW_CODE } from './graphApiError';
import type { GraphClient } from './graphClient';
import { sentAt, toInboundActivity, WHATSAPP_CHANNEL_ID } from './inboundActivity';
import { buildOutboundMessages, templateMessage, type OutboundMessage } from './outboundMessages';
import { ChannelAdapter, type TurnLogic } from '../shared/channelAdapter';
import { nextOutboundKey, trackFailure, TurnFailedError } from '../shared/durableTurns';
import { messagesValues, type InboundMessage, type WebhookPayload } from './webhookPayload';
import type { WhatsAppCloudStore } from './whatsAppCloudStore';

/** The source name of this channel's inbox and outbox messages. */
export const WHATSAPP_CLOUD_SOURCE = 'whatsapp-cloud';

/** An inbox message: the webhook's message as it was validated. */
export interface CloudInbound {
  message: InboundMessage;
}

/** An outbox message: one Graph API message to one worker. */
export interface CloudOutbound {
  /** The worker's wa_id (or business-scoped user id). */
  to: string;
  message: OutboundMessage;
  /** When the worker wrote the message the turn answered (ms): the window as Meta counts it, without a read. */
  windowStart?: number;
}

export interface WhatsAppCloudAdapterOptions {
  graph: GraphClient;
  store: WhatsAppCloudStore;
  hasher: KeyedHasher;
  inbox: MessageQueue<CloudInbound>;
  outbox: MessageQueue<CloudOutbound>;
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

/** What the inbox's messages become. */
export interface CloudTurnLogic {
  /** The bot's turn. */
  logic: TurnLogic;
  /** Runs for a message the bot cannot read (`unsupported`, `system`, a flow reply…); without it such messages are dropped. */
  onUnsupported?: TurnLogic;
}

/** What one webhook delivery amounted to (counts only: safe to log). */
export interface AcceptResult {
  /** New messages kept in the inbox. */
  messages: number;
  /** Messages the inbox already had (a redelivery). */
  duplicates: number;
  statuses: number;
  duplicateStatuses: number;
  otherNumber: number;
  /** Messages, statuses or changes that did not have the shape the channel reads: logged, skipped. */
  skipped: number;
}

export class WhatsAppCloudAdapter extends ChannelAdapter {
  private readonly now: () => Date;
  private turnLogic?: CloudTurnLogic;

  constructor(private readonly options: WhatsAppCloudAdapterOptions) {
    super(WHATSAPP_CHANNEL_ID);
    this.now = options.now ?? (() => new Date());
  }

  get store(): WhatsAppCloudStore {
    return this.options.store;
  }

  get inbox(): MessageQueue<CloudInbound> {
    return this.options.inbox;
  }

  get outbox(): MessageQueue<CloudOutbound> {
    return this.options.outbox;
  }

  /** Starts taking the inbox's messages as turns of `logic`, and sending the outbox's: at once what a stopped process left. */
  start(logic: CloudTurnLogic): void {
    this.turnLogic = logic;
    this.options.outbox.start((message) => this.deliver(message));
    this.options.inbox.start((message) => this.takeInbound(message));
  }

  /** Stops claiming; lets the turns and sends under way here end. */
  async stop(): Promise<void> {
    await this.options.inbox.stop();
    await this.options.outbox.stop();
    await this.turnsIdle();
  }

  /** Resolves once no turn or send is under way in this process (retries waiting for their time do not count). */
  async idle(): Promise<void> {
    do {
      await this.options.inbox.idle();
      await this.options.outbox.idle();
      await this.turnsIdle();
    } while (this.options.inbox.busy || this.options.outbox.busy);
  }

  /**
   * Takes in a parsed webhook: records each status once, and keeps each new
   * message in the inbox (a redelivered wamid is a duplicate). Resolves once
   * every message is kept, so the webhook may answer 200; rejects when one
   * could not be (the webhook then answers an error and Meta delivers again).
   * The turns run after, from the inbox.
   */
  async accept(payload: WebhookPayload): Promise<AcceptResult> {
    const result: AcceptResult = { messages: 0, duplicates: 0, statuses: 0, duplicateStatuses: 0, otherNumber: 0, skipped: 0 };
    const chats = new Set<string>();
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
        const chat = this.options.store.recipientHash(message.from);
        const key = this.options.hasher.hash('inbox', WHATSAPP_CLOUD_SOURCE, message.id);
        if (await this.options.inbox.add(key, chat, { message }, sentAt(message, this.now()).getTime())) {
          result.messages++;
          chats.add(chat);
        } else {
          result.duplicates++;
        }
      }
    }
    for (const chat of chats) void this.options.inbox.drain(chat);
    return result;
  }

  /** One inbox message: its turn, in the worker's queue of turns; its replies sent before the worker's next message is taken. */
  private async takeInbound({ payload: { message }, chat }: QueuedMessage<CloudInbound>): Promise<void> {
    const outcome = toInboundActivity(message, this.options.phoneNumberId, this.now());
    if (outcome.kind === 'ignored') return;
    // The worker wrote: the window is open (a `system` notice is not the worker writing).
    if (message.type !== 'system') await this.options.store.openWindow(message.from, sentAt(message, this.now()));
    const logic = outcome.kind === 'turn' ? this.turnLogic?.logic : this.turnLogic?.onUnsupported;
    if (!logic) return;
    const turn = trackFailure(logic);
    try {
      await this.runTurn(message.from, outcome.activity, turn.logic);
    } finally {
      await this.options.outbox.drain(chat);
    }
    const failure = turn.failure();
    if (failure !== undefined) {
      this.options.logger.error('whatsappCloud.turn.failed', { conversation: chat.slice(0, 12), ...describeError(failure) });
      throw new TurnFailedError(failure);
    }
  }

  /** A proactive turn (a case worker's message): its messages are sent before it resolves, or left to the outbox's retries. */
  override async continueConversation(reference: Partial<ConversationReference>, logic: TurnLogic): Promise<void> {
    await super.continueConversation(reference, logic);
    await this.options.outbox.drain(this.options.store.recipientHash(reference.conversation?.id ?? ''));
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
          responses.push(await this.record(context, activity));
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

  /** Keeps a reply's Graph messages in the outbox, each under its key, and starts sending the worker's. */
  private async record(context: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse> {
    const waId = activity.conversation?.id ?? context.activity.conversation?.id;
    if (!waId) throw new Error('WhatsAppCloudAdapter.sendActivities(): the activity has no conversation id');
    const recipientHash = this.options.store.recipientHash(waId);
    const t = this.options.i18n.getFixedT(activity.locale || 'en');
    const messages = buildOutboundMessages(activity, { listButton: t('whatsapp:listButton'), replyHints: [t('common:replyWithNumber'), t('common:replyWithNumbers')] });
    if (messages.length === 0) {
      this.options.logger.warn('whatsappCloud.send.nothingToSend', { conversation: recipientHash.slice(0, 12) });
      return { id: '' };
    }
    const inbound = context.activity;
    const windowStart =
      inbound.type === ActivityTypes.Message && inbound.channelId === WHATSAPP_CHANNEL_ID && inbound.from?.id === waId && inbound.timestamp ? new Date(inbound.timestamp).getTime() : undefined;
    let id = '';
    for (const message of messages) {
      id = nextOutboundKey(context, this.options.hasher);
      await this.options.outbox.add(id, recipientHash, { to: waId, message, ...(windowStart !== undefined ? { windowStart } : {}) });
    }
    void this.options.outbox.drain(recipientHash);
    return { id };
  }

  /** Sends one outbox message: the words inside the window, else the template once; a refusal Meta will repeat is permanent. */
  private async deliver({ payload: { to, message, windowStart }, chat }: QueuedMessage<CloudOutbound>): Promise<void> {
    const window = await this.windowOf(chat, windowStart);
    if (window.remainingMs <= 0) return this.sendTemplate(to, chat, window.start);
    try {
      await this.options.graph.sendMessage(to, message);
    } catch (error) {
      if (!(error instanceof GraphApiError)) throw error;
      // Meta's clock says the window closed (131047): the template, never the content.
      if (error.code === OUTSIDE_WINDOW_CODE) return this.sendTemplate(to, chat, window.start);
      if (!error.retryable) throw new PermanentFailure(error.message, error.code ?? error.status);
      throw error;
    }
  }

  /** The window: from the message the turn answered when it is still open, else from the database. */
  private async windowOf(recipientHash: string, windowStart: number | undefined): Promise<{ start: Date | undefined; remainingMs: number }> {
    const now = this.now();
    if (windowStart !== undefined) {
      const start = new Date(windowStart);
      const remainingMs = windowRemainingMs(start, now);
      if (remainingMs > 0) return { start, remainingMs };
    }
    const start = await this.options.store.lastInboundAt(recipientHash);
    return { start, remainingMs: windowRemainingMs(start, now) };
  }

  /** The neutral template in place of the real message: once per closed window, recorded; later messages are withheld. */
  private async sendTemplate(waId: string, recipientHash: string, windowStart: Date | undefined): Promise<void> {
    const conversation = recipientHash.slice(0, 12);
    const claim = await this.options.store.claimTemplate(recipientHash, windowStart);
    if (!claim) {
      this.options.logger.info('whatsappCloud.window.withheld', { conversation });
      return;
    }
    try {
      const id = await this.options.graph.sendMessage(waId, templateMessage(this.options.template.name, this.options.template.language));
      await this.options.store.completeTemplate(claim, id);
      this.options.logger.info('whatsappCloud.window.templateSent', { conversation });
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
