// The WhatsApp Web channel as a BotAdapter: messages the whatsapp-web.js client
// emits become turns of the bot (once each, one at a time per chat), and the
// bot's replies go out as text, in order, within the send rate. The bot never
// knows it is WhatsApp Web.
import { ActivityTypes, type Activity, type ChannelAccount, type ConversationReference, type ResourceResponse, type TurnContext } from 'botbuilder';
import { describeError, type Logger } from '../../kernel/logger';
import type { KeyedHasher } from '../../services/crypto';
import { systemClock, type Clock } from '../../kernel/clock';
import { ConnectionSupervisor, type ConnectionState, type ReconnectPolicy } from './connectionSupervisor';
import type { EncryptedMediaStore } from './encryptedMediaStore';
import { InboundMessageMapper, WHATSAPP_CHANNEL_ID, dropReason, isPersonalChat, type DropReason } from './inboundMessageMapper';
import type { DedupeStore } from '../../services/dedupe';
import { SendQueue } from './sendQueue';
import { ChannelAdapter, type TurnLogic } from '../shared/channelAdapter';
import type { WhatsAppWebClient, WhatsAppWebMessage } from './whatsAppWebClient';

/** The bot's account when the paired number is not known yet. */
export const WHATSAPP_WEB_BOT_ID = 'hotline';

export interface WhatsAppWebAdapterOptions {
  /** The whatsapp-web.js Client (from {@link createWhatsAppWebClient}) or a stand-in. */
  client: WhatsAppWebClient;
  /** The turn logic, `(context) => bot.run(context)`: given here or to {@link WhatsAppWebAdapter.start}. */
  logic?: TurnLogic;
  /** Message ids already taken in. */
  processed: DedupeStore;
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

  /** Starts the WhatsApp Web session (see {@link ConnectionSupervisor.start}), running `logic` for each message; never rejects. */
  start(logic?: TurnLogic): Promise<void> {
    if (logic) this.logic = logic;
    return this.connection.start();
  }

  /** Stops taking messages, lets running turns and queued replies finish, closes the browser. */
  async stop(): Promise<void> {
    this.options.client.removeListener('message', this.onMessage);
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

  /** Resolves when every turn and reply queued so far has finished. */
  async whenIdle(): Promise<void> {
    await this.turnsIdle();
    await this.outbound.idle();
  }

  /**
   * The client's `message` handler: drops what is not a worker writing to the
   * hotline, takes each message id once, and runs the turn after the chat's
   * earlier turns. Never rejects (an EventEmitter would crash the process).
   */
  receive(message: WhatsAppWebMessage): Promise<void> {
    const reason = dropReason(message);
    if (reason) {
      this.count(reason);
      this.options.logger.debug('whatsappWeb.message.dropped', { reason });
      return Promise.resolve();
    }
    const chatId = message.from;
    const logic = this.logic;
    if (!logic) {
      this.options.logger.error('whatsappWeb.message.noLogic', { chat: this.logId(chatId) });
      return Promise.resolve();
    }
    // The claim and the mapping run in the chat's queue too, so a chat's messages reach the bot in the order they came.
    return this.runTurn(chatId, async () => {
      if (!(await this.options.processed.claim('whatsapp-web', 'message', message.id._serialized))) {
        this.count('duplicate');
        this.options.logger.info('whatsappWeb.message.duplicate', { chat: this.logId(chatId) });
        return undefined;
      }
      return this.mapper.toActivity(message, this.botAccount());
    }, logic).catch((error) => this.options.logger.error('whatsappWeb.turn.failed', { chat: this.logId(chatId), ...describeError(error) }));
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
      responses.push({ id: await this.outbound.send(chatId, activity.text) });
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

  /** A chat as it may appear in logs: the start of the keyed hash the bot logs too. */
  private logId(chatId: string): string {
    return this.options.hasher.hash(WHATSAPP_CHANNEL_ID, chatId).slice(0, 12);
  }

  private count(reason: DropReason | 'duplicate'): void {
    this.droppedCounts[reason] = (this.droppedCounts[reason] ?? 0) + 1;
  }
}
