// Outgoing WhatsApp messages: in order per chat, within the send rate overall,
// each announced by "typing…" so the hotline's number behaves like a person's.
import { describeError, type Logger } from '../../kernel/logger';
import type { Clock } from '../../kernel/clock';
import { SlidingWindowRateLimiter } from '../shared/rateLimiter';
import { SerialQueue } from '../shared/serialQueue';
import type { WhatsAppWebClient } from './whatsAppWebClient';

export interface SendQueueOptions {
  client: WhatsAppWebClient;
  /** Messages per sliding minute, all chats together (WHATSAPP_WEB_SEND_PER_MINUTE). */
  perMinute: number;
  clock: Clock;
  /** Pause between "typing…" and the message. */
  typingDelayMs: number;
  logger: Logger;
  /** A chat id as it may be logged (a keyed hash). */
  logId: (chatId: string) => string;
}

export class SendQueue {
  private readonly chats = new SerialQueue();
  private readonly limiter: SlidingWindowRateLimiter;

  constructor(private readonly options: SendQueueOptions) {
    this.limiter = new SlidingWindowRateLimiter(options.perMinute, 60_000, options.clock);
  }

  /** Sends `text` after the messages queued before it for the same chat; resolves with the WhatsApp id of what was sent. */
  send(chatId: string, text: string): Promise<string> {
    return this.chats.run(chatId, async () => {
      await this.limiter.acquire();
      await this.typing(chatId);
      if (this.options.typingDelayMs > 0) await this.options.clock.sleep(this.options.typingDelayMs);
      const sent = await this.options.client.sendMessage(chatId, text, { linkPreview: false });
      return sent.id._serialized;
    });
  }

  /** Shows "typing…" in the chat; a failure is logged, never fatal (the message matters, not the dots). */
  async typing(chatId: string): Promise<void> {
    try {
      const chat = await this.options.client.getChatById(chatId);
      await chat.sendStateTyping();
    } catch (error) {
      this.options.logger.warn('whatsappWeb.typing.failed', { chat: this.options.logId(chatId), ...describeError(error) });
    }
  }

  /** Messages waiting for a slot of the send rate. */
  get queued(): number {
    return this.limiter.queued;
  }

  /** Resolves when every queued message has been sent or has failed. */
  idle(): Promise<void> {
    return this.chats.idle();
  }
}
