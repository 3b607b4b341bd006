// The part of whatsapp-web.js's Client (and of its Message, MessageMedia and
// Chat) that the channel uses: the real Client satisfies it, tests pass a stand-in.

/** A message id; `_serialized` is unique per message (it embeds the chat id, so it is personal data). */
export interface WhatsAppWebMessageId {
  _serialized: string;
  fromMe?: boolean;
  remote?: string;
  id?: string;
}

/** Downloaded media, as whatsapp-web.js's `MessageMedia`: base64 data. */
export interface WhatsAppWebMedia {
  mimetype: string;
  data: string;
  filename?: string | null;
  filesize?: number | null;
}

/** A shared location, as whatsapp-web.js's `Location`. */
export interface WhatsAppWebLocation {
  latitude: string | number;
  longitude: string | number;
  name?: string;
  address?: string;
  url?: string;
  description?: string;
}

/** A received message, as whatsapp-web.js's `Message`. */
export interface WhatsAppWebMessage {
  id: WhatsAppWebMessageId;
  /** The chat: `<number>@c.us` or `<id>@lid` for a person, `…@g.us` for a group, `status@broadcast` for stories. */
  from: string;
  to?: string;
  /** Set in groups: who wrote it. */
  author?: string;
  fromMe: boolean;
  /** Text, or a media caption. */
  body: string;
  /** `chat`, `ptt`, `audio`, `image`, `video`, `document`, `location`, `sticker`, `vcard`, … */
  type: string;
  hasMedia: boolean;
  isStatus: boolean;
  /** Unix seconds. */
  timestamp: number;
  /** Seconds, for voice notes, audio and video. */
  duration?: string | number;
  location?: WhatsAppWebLocation;
  vCards?: string[];
  /** Resolves to undefined or null when the media can no longer be fetched. */
  downloadMedia(): Promise<WhatsAppWebMedia | undefined | null>;
}

/** The part of a chat the channel uses. */
export interface WhatsAppWebChat {
  sendStateTyping(): Promise<unknown>;
}

/** Options the channel passes to `sendMessage`. */
export interface WhatsAppWebSendOptions {
  linkPreview?: boolean;
}

/** Events of the Client the channel listens to. */
export type WhatsAppWebEvent = 'qr' | 'authenticated' | 'auth_failure' | 'ready' | 'message' | 'disconnected';

/**
 * The minimal whatsapp-web.js Client: an EventEmitter that logs in through a
 * browser, emits `qr`, `authenticated`, `auth_failure`, `ready`, `message`
 * and `disconnected`, and sends text.
 */
export interface WhatsAppWebClient {
  on(event: 'qr', listener: (qr: string) => void): unknown;
  on(event: 'authenticated' | 'ready', listener: () => void): unknown;
  on(event: 'auth_failure', listener: (message: string) => void): unknown;
  on(event: 'disconnected', listener: (reason: string) => void): unknown;
  on(event: 'message', listener: (message: WhatsAppWebMessage) => void): unknown;
  removeListener(event: WhatsAppWebEvent, listener: (...args: any[]) => void): unknown;
  /** Launches the browser, opens WhatsApp Web and restores or asks for a session. */
  initialize(): Promise<void>;
  /** Closes the browser. */
  destroy(): Promise<void>;
  sendMessage(chatId: string, content: string, options?: WhatsAppWebSendOptions): Promise<{ id: WhatsAppWebMessageId }>;
  getChatById(chatId: string): Promise<WhatsAppWebChat>;
  /** Set once ready: the paired account. */
  info?: { wid?: { _serialized: string } } | null;
}
