// A stand-in for whatsapp-web.js's Client at the channel's boundary: an
// EventEmitter that records what the adapter asks of it, and messages shaped
// like the library's Message (with downloadMedia returning a MessageMedia-like
// object). Plus a virtual clock for rates, pauses and backoff.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Clock } from '../../../kernel/clock';
import type { WhatsAppWebChat, WhatsAppWebMedia, WhatsAppWebMessage, WhatsAppWebSendOptions } from '../../../channels/whatsapp-web/whatsAppWebClient';

/** What the adapter did, in order: `typing <chat>` and `send <chat> <text>`, each with the virtual time. */
export interface ClientCall {
  kind: 'typing' | 'send' | 'failedSend';
  chatId: string;
  text?: string;
  at: number;
}

export class StandInClient extends EventEmitter {
  readonly calls: ClientCall[] = [];
  initializeCalls = 0;
  destroyCalls = 0;
  /** Outcomes of the next `initialize()` calls; an empty list means success. */
  readonly initializeOutcomes: Array<Error | 'ok'> = [];
  info: { wid: { _serialized: string } } | undefined;
  /** The next this many `sendMessage` calls reject, as the library does when the page is gone. */
  failSends = 0;
  private sentCount = 0;

  constructor(private readonly clock: Clock = { now: () => Date.now() } as Clock) {
    super();
  }

  /** The listener the adapter registered for `event` (the way a test "emits" and awaits the handling). */
  handler<T extends unknown[]>(event: string): (...args: T) => Promise<void> | void {
    const listeners = this.listeners(event);
    if (listeners.length !== 1) throw new Error(`expected one '${event}' listener, found ${listeners.length}`);
    return listeners[0] as (...args: T) => Promise<void> | void;
  }

  async initialize(): Promise<void> {
    this.initializeCalls += 1;
    const outcome = this.initializeOutcomes.shift() ?? 'ok';
    if (outcome !== 'ok') throw outcome;
  }

  async destroy(): Promise<void> {
    this.destroyCalls += 1;
  }

  async sendMessage(chatId: string, content: string, _options?: WhatsAppWebSendOptions): Promise<{ id: { _serialized: string } }> {
    if (this.failSends > 0) {
      this.failSends -= 1;
      this.calls.push({ kind: 'failedSend', chatId, text: content, at: this.clock.now() });
      throw new Error('Protocol error (Runtime.callFunctionOn): Target closed.');
    }
    this.calls.push({ kind: 'send', chatId, text: content, at: this.clock.now() });
    this.sentCount += 1;
    return { id: { _serialized: `true_${chatId}_OUT${this.sentCount}` } };
  }

  async getChatById(chatId: string): Promise<WhatsAppWebChat> {
    return {
      sendStateTyping: async () => {
        this.calls.push({ kind: 'typing', chatId, at: this.clock.now() });
      },
    };
  }

  /** Texts sent to a chat, in order. */
  sentTo(chatId: string): string[] {
    return this.calls.filter((call) => call.kind === 'send' && call.chatId === chatId).map((call) => call.text!);
  }
}

let serial = 0;

/** A worker's chat id, as WhatsApp Web gives it. */
export function workerChatId(): string {
  return `9733${String(Date.now() % 10_000_000).padStart(7, '0')}${String(serial++ % 100).padStart(2, '0')}@c.us`;
}

/** A message shaped like whatsapp-web.js's Message (the fields the library sets from WhatsApp's own data). */
export function messageFrom(chatId: string, fields: Partial<WhatsAppWebMessage> & { media?: WhatsAppWebMedia | null } = {}): WhatsAppWebMessage {
  const { media, ...rest } = fields;
  const fromMe = rest.fromMe ?? false;
  const key = randomBytes(10).toString('hex').toUpperCase();
  return {
    id: { fromMe, remote: chatId, id: key, _serialized: `${fromMe}_${chatId}_${key}` },
    from: chatId,
    to: '97317000000@c.us',
    fromMe,
    body: '',
    type: 'chat',
    hasMedia: media !== undefined,
    isStatus: chatId === 'status@broadcast',
    timestamp: Math.floor(Date.now() / 1000),
    downloadMedia: async () => media,
    ...rest,
  };
}

/** A text message. */
export function textFrom(chatId: string, body: string): WhatsAppWebMessage {
  return messageFrom(chatId, { body });
}

/**
 * Virtual time: `sleep` moves the clock forward (concurrent sleeps overlap,
 * as real ones do), timers fire when a test says so.
 */
export class VirtualClock implements Clock {
  time = Date.UTC(2026, 0, 5, 9, 0, 0);
  readonly timers: Array<{ id: number; at: number; delay: number; run: () => void }> = [];
  private nextId = 1;

  now(): number {
    return this.time;
  }

  async sleep(ms: number): Promise<void> {
    const until = this.time + ms;
    await Promise.resolve();
    this.time = Math.max(this.time, until);
  }

  setTimeout(run: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ id, at: this.time + ms, delay: ms, run });
    return id;
  }

  clearTimeout(handle: unknown): void {
    const index = this.timers.findIndex((timer) => timer.id === handle);
    if (index >= 0) this.timers.splice(index, 1);
  }

  /** Moves time to the earliest timer and runs it; returns its delay. */
  fireNext(): number {
    this.timers.sort((a, b) => a.at - b.at);
    const timer = this.timers.shift();
    if (!timer) throw new Error('no timer pending');
    this.time = Math.max(this.time, timer.at);
    timer.run();
    return timer.delay;
  }
}

/** Lets pending promise callbacks run. */
export async function flush(times = 20): Promise<void> {
  for (let i = 0; i < times; i++) await new Promise((resolve) => setImmediate(resolve));
}
