// The WhatsApp Web channel as a BotAdapter: each message the whatsapp-web.js
// client emits is kept in the durable inbox (once per message id) as soon as it
// arrives, before anything answers it, and becomes a turn of the bot from there
// (one at a time per chat, resumed after a restart). The bot's replies are kept
// in the durable outbox under the turn's effect keys and go out from there as
// text, in order, within the send rate, each once, retried with backoff
// (services/messageQueue.ts). The bot never knows it is WhatsApp Web.
import { ActivityTypes, type Activity, type ChannelAccount, type ConversationReference, type ResourceResponse, type TurnContext } from 'botbuilder';
import { describeError, type Logger } from '../../kernel/logger';
import type { KeyedHasher } from '../../services/crypto';
import { systemClock, type Clock } from '../../kernel/clock';
import { ConnectionSupervisor, type ConnectionState, type ReconnectPolicy } from './connectionSupervisor';
import type { EncryptedMediaStore } from './encryptedMediaStore';
import { InboundMessageMapper, WHATSAPP_CHANNEL_ID, dropReason, isPersonalChat, type DropReason } from './inboundMessageMapper';
import type { MessageQueue, QueuedMessage } from '../../services/messageQueue';
import { SendQueue } from './sendQueue';
import { ChannelAdapter, type TurnLogic } from '../shared/channelAdapter';
import { nextOutboundKey, trackFailure, TurnFailedError } from '../shared/durableTurns';
import { SerialQueue } from '../shared/serialQueue';
import type { WhatsAppWebClient, WhatsAppWebMessage } from './whatsAppWebClient';

/** The bot's account when the paired number is not known yet. */
export const WHATSAPP_WEB_BOT_ID = 'hotline';
/** The source name of this channel's inbox and outbox messages. */
export const WHATSAPP_WEB_SOURCE = 'whatsapp-web';

/** An inbox message: the activity the message became (its media already stored encrypted). */
export interface WebInbound {
  activity: Partial<Activity>;
}

/** An outbox message: one text to one chat. */
export interface WebOutbound {
  chatId: string;
  text: string;
}

export interface WhatsAppWebAdapterOptions {
  /** The whatsapp-web.js Client (from {@link createWhatsAppWebClient}) or a stand-in. */
  client: WhatsAppWebClient;
  /** The turn logic, `(context) => bot.run(context)`: given here or to {@link WhatsAppWebAdapter.start}. */
  logic?: TurnLogic;
  /** What workers sent, kept until its turn ran. */
  inbox: MessageQueue<WebInbound>;
  /** What the bot says, kept until it was sent. */
  outbox: MessageQueue<WebOutbound>;
  media: EncryptedMediaStore;
  hasher: KeyedHasher;
  logger: Logger;
  /** WHATSAPP_WEB_SEND_PER_MINUTE. */
  sendPerMinute: number;
  clock?: Clock;
  /** Pause between "typing…" and each message; default 750 ms. */
  typingDelayMs?: number;
  reconnect?: Partial<ReconnectPolicy>;
  /** Shows the pairing QR; default: printed on stdout. */
  printQr?: (qr: string) => void;
  /** Media larger than this are not kept; default 16 MiB (WhatsApp's own limit for photos, audio and video). */
  maxMediaBytes?: number;
}

export class WhatsAppWebAdapter extends ChannelAdapter {
  /** The session: state, latest QR, reconnection. */
  readonly connection: ConnectionSupervisor;
  private logic?: TurnLogic;
  private readonly outbound: SendQueue;
  private readonly mapper: InboundMessageMapper;
  private readonly clock: Clock;
  private readonly droppedCounts: Partial<Record<DropReason | 'duplicate', number>> = {};
  /** Messages being taken in, per chat, so a chat's messages reach the inbox in the order they came. */
  private readonly intake = new SerialQueue();
  private stopped = false;
  private readonly onMessage = (message: WhatsAppWebMessage): Promise<void> => this.receive(message);

  constructor(private readonly options: WhatsAppWebAdapterOptions) {
    super(WHATSAPP_CHANNEL_ID);
    this.logic = options.logic;
    this.clock = options.clock ?? systemClock;
    this.mapper = new InboundMessageMapper({ media: options.media, hasher: options.hasher, logger: options.logger, maxMediaBytes: options.maxMediaBytes ?? 16 * 1024 * 1024 });
    this.outbound = new SendQueue({
      client: options.client,
      perMinute: options.sendPerMinute,
      clock: this.clock,
      typingDelayMs: options.typingDelayMs ?? 750,
      logger: options.logger,
      logId: (chatId) => this.logId(chatId),
    });
    this.connection = new ConnectionSupervisor({ client: options.client, logger: options.logger, clock: this.clock, reconnect: options.reconnect, printQr: options.printQr });
    options.client.on('message', this.onMessage);
  }

  /** Starts the WhatsApp Web session (see {@link ConnectionSupervisor.start}) and the inbox and outbox, running `logic` for each message; never rejects. */
  start(logic?: TurnLogic): Promise<void> {
    if (logic) this.logic = logic;
    this.startQueues();
    return this.connection.start();
  }

  /** Starts the outbox, and the inbox once the turn logic is known (at once what a stopped process left); again is a no-op. */
  private startQueues(): void {
    if (this.stopped) return;
    this.options.outbox.start((message) => this.deliver(message));
    if (this.logic) this.options.inbox.start((message) => this.takeInbound(message));
  }

  /** Stops taking messages, lets running turns and sends finish (what is left waits in the database), closes the browser. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.options.client.removeListener('message', this.onMessage);
    await this.intake.idle();
    await this.options.inbox.stop();
    await this.options.outbox.stop();
    await this.whenIdle();
    await this.connection.stop();
  }

  /** The QR code to scan while the session needs pairing (for the console); undefined otherwise. */
  get latestQr(): string | undefined {
    return this.connection.latestQr;
  }

  get state(): ConnectionState {
    return this.connection.state;
  }

  /** Messages not taken in since start, by reason (counts only: no ids, no numbers). */
  get dropped(): Readonly<Partial<Record<DropReason | 'duplicate', number>>> {
    return this.droppedCounts;
  }

  /** Replies waiting for a slot of the send rate. */
  get queuedReplies(): number {
    return this.outbound.queued;
  }

  /** Resolves when every message taken in, turn and reply under way in this process has finished (retries waiting for their time do not count). */
  async whenIdle(): Promise<void> {
    do {
      await this.intake.idle();
      await this.options.inbox.idle();
      await this.options.outbox.idle();
      await this.turnsIdle();
      await this.outbound.idle();
    } while (this.intake.size > 0 || this.options.inbox.busy || this.options.outbox.busy);
  }

  /**
   * The client's `message` handler: drops what is not a worker writing to the
   * hotline, and keeps each new message id in the inbox (its media stored
   * encrypted first), in the order the chat's messages came; the turn runs from
   * the inbox. Never rejects (an EventEmitter would crash the process).
   */
  receive(message: WhatsAppWebMessage): Promise<void> {
    const reason = dropReason(message);
    if (reason) {
      this.count(reason);
      this.options.logger.debug('whatsappWeb.message.dropped', { reason });
      return Promise.resolve();
    }
    this.startQueues();
    const chatId = message.from;
    const chat = this.chatHash(chatId);
    const key = this.options.hasher.hash('inbox', WHATSAPP_WEB_SOURCE, message.id._serialized);
    return this.intake
      .run(chatId, async () => {
        // Known already: no second download of its media.
        if (await this.options.inbox.has(key)) return this.duplicate(chatId);
        const activity = await this.mapper.toActivity(message, this.botAccount());
        if (!(await this.options.inbox.add(key, chat, { activity }, Number(new Date(activity.timestamp ?? Date.now()))))) return this.duplicate(chatId);
        void this.options.inbox.drain(chat);
      })
      .catch((error: unknown) => this.options.logger.error('whatsappWeb.message.notKept', { chat: this.logId(chatId), ...describeError(error) }));
  }

  /** One inbox message: its turn in the chat's queue of turns; its replies sent before the chat's next message is taken. */
  private async takeInbound({ payload: { activity }, chat }: QueuedMessage<WebInbound>): Promise<void> {
    const logic = this.logic;
    const chatId = activity.conversation?.id ?? '';
    if (!logic) throw new Error('WhatsAppWebAdapter: no turn logic (start() was not given one)');
    const turn = trackFailure(logic);
    try {
      await this.runTurn(chatId, { ...activity, ...(activity.timestamp ? { timestamp: new Date(activity.timestamp) } : {}) }, turn.logic);
    } finally {
      await this.options.outbox.drain(chat);
    }
    const failure = turn.failure();
    if (failure !== undefined) {
      this.options.logger.error('whatsappWeb.turn.failed', { chat: this.logId(chatId), ...describeError(failure) });
      throw new TurnFailedError(failure);
    }
  }

  /** A proactive turn (a case worker's message): its messages are sent before it resolves, or left to the outbox's retries. */
  override async continueConversation(reference: Partial<ConversationReference>, logic: TurnLogic): Promise<void> {
    await super.continueConversation(reference, logic);
    await this.options.outbox.drain(this.chatHash(reference.conversation?.id ?? ''));
  }

  /** Sends one outbox message after "typing…", within the send rate. */
  private async deliver({ payload: { chatId, text } }: QueuedMessage<WebOutbound>): Promise<void> {
    await this.outbound.send(chatId, text);
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (activity.type === 'delay') {
        await this.clock.sleep(typeof activity.value === 'number' ? activity.value : 1000);
        responses.push({ id: '' });
        continue;
      }
      const chatId = activity.conversation?.id ?? context.activity.conversation?.id ?? '';
      if (activity.type === ActivityTypes.Typing) {
        if (isPersonalChat(chatId)) await this.outbound.typing(chatId);
        responses.push({ id: '' });
        continue;
      }
      // Text only: suggested actions are already numbered lines in the text, cards have no WhatsApp Web form here.
      if (activity.type !== ActivityTypes.Message || typeof activity.text !== 'string' || activity.text.trim() === '') {
        responses.push({ id: '' });
        continue;
      }
      if (!isPersonalChat(chatId)) throw new Error('WhatsAppWebAdapter.sendActivities(): the conversation is not a WhatsApp chat with one person');
      this.startQueues();
      const id = nextOutboundKey(context, this.options.hasher);
      await this.options.outbox.add(id, this.chatHash(chatId), { chatId, text: activity.text });
      void this.options.outbox.drain(this.chatHash(chatId));
      responses.push({ id });
    }
    return responses;
  }

  /** A WhatsApp Web reference is a chat with one person, nothing else. */
  protected override conversationOf(reference: Partial<ConversationReference>): string {
    const chatId = reference.conversation?.id ?? '';
    if (!isPersonalChat(chatId)) throw new Error('WhatsAppWebAdapter.continueConversation(): the reference is not a WhatsApp chat with one person');
    return chatId;
  }

  /** The hotline's own account: the paired number once ready. */
  private botAccount(): ChannelAccount {
    return { id: this.options.client.info?.wid?._serialized ?? WHATSAPP_WEB_BOT_ID, name: 'hotline', role: 'bot' };
  }

  /** The chat's keyed hash: the worker's userHash, as the inbox and outbox keep it. */
  private chatHash(chatId: string): string {
    return this.options.hasher.hash(WHATSAPP_CHANNEL_ID, chatId);
  }

  /** A chat as it may appear in logs: the start of the keyed hash the bot logs too. */
  private logId(chatId: string): string {
    return this.chatHash(chatId).slice(0, 12);
  }

  private duplicate(chatId: string): void {
    this.count('duplicate');
    this.options.logger.info('whatsappWeb.message.duplicate', { chat: this.logId(chatId) });
  }

  private count(reason: DropReason | 'duplicate'): void {
    this.droppedCounts[reason] = (this.droppedCounts[reason] ?? 0) + 1;
  }
}
