// Turns a whatsapp-web.js message into a neutral Bot Framework activity: text
// as text; voice notes, photos, documents and videos stored encrypted and
// attached as `gridfs:<id>` with a short text the dialogs can read; a location
// as coordinates. Decides, too, which messages are not the hotline's business.
import { ActivityTypes, type Activity, type Attachment, type ChannelAccount } from 'botbuilder';
import { describeError, type Logger } from '../../kernel/logger';
import { WHATSAPP_CHANNEL_ID } from '../../models/domain';
import type { KeyedHasher } from '../../services/crypto';
import { mediaUrl, type EncryptedMediaStore } from './encryptedMediaStore';
import type { WhatsAppWebMessage } from './whatsAppWebClient';

/** The channel id of every WhatsApp activity (shared with the Cloud API channel). */
export { WHATSAPP_CHANNEL_ID };
/** Marks conversation references of this channel, so a case worker's reply goes back through WhatsApp Web. */
export const WHATSAPP_WEB_SERVICE_URL = 'urn:hotline:whatsapp-web';

/** Why a message was not taken in. */
export type DropReason = 'fromMe' | 'group' | 'status' | 'broadcast' | 'notPersonal' | 'system' | 'malformed';

/** A chat with one person: `<number>@c.us`, or `<id>@lid` where WhatsApp hides the number. */
const PERSONAL_CHAT = /^[0-9]{5,20}@c\.us$|^[0-9]{5,30}@lid$/;

/** Bookkeeping WhatsApp shows as messages that no worker wrote. */
const SYSTEM_TYPES = new Set([
  'e2e_notification', 'notification', 'notification_template', 'group_notification', 'gp2', 'call_log', 'protocol',
  'revoked', 'ciphertext', 'reaction', 'broadcast_notification', 'debug',
]);

/** Media the channel downloads and keeps, with the word the dialogs read in its place. */
const DOWNLOADED: Readonly<Record<string, string>> = {
  ptt: 'voice note',
  audio: 'audio',
  image: 'image',
  video: 'video',
  document: 'document',
};

/** Whether a chat id is one person's chat (the only kind the hotline answers). */
export function isPersonalChat(chatId: string): boolean {
  return PERSONAL_CHAT.test(chatId);
}

/** Why a message is dropped, or undefined when the hotline should take it in. */
export function dropReason(message: WhatsAppWebMessage): DropReason | undefined {
  if (!message || typeof message.from !== 'string' || typeof message.id?._serialized !== 'string' || message.id._serialized === '') return 'malformed';
  if (message.fromMe || message.id.fromMe) return 'fromMe';
  if (message.isStatus || message.from === 'status@broadcast') return 'status';
  if (message.from.endsWith('@g.us')) return 'group';
  if (message.from.endsWith('@broadcast')) return 'broadcast';
  if (SYSTEM_TYPES.has(message.type)) return 'system';
  if (!isPersonalChat(message.from)) return 'notPersonal';
  return undefined;
}

export interface InboundMessageMapperOptions {
  media: EncryptedMediaStore;
  hasher: KeyedHasher;
  logger: Logger;
  /** Larger media are not kept (the text says so). */
  maxMediaBytes: number;
}

export class InboundMessageMapper {
  constructor(private readonly options: InboundMessageMapperOptions) {}

  /** The activity for a message {@link dropReason} let through; `bot` is the hotline's own account. */
  async toActivity(message: WhatsAppWebMessage, bot: ChannelAccount): Promise<Partial<Activity>> {
    const chatId = message.from;
    const { text, attachments } = await this.content(message, chatId);
    return {
      type: ActivityTypes.Message,
      id: message.id._serialized,
      channelId: WHATSAPP_CHANNEL_ID,
      serviceUrl: WHATSAPP_WEB_SERVICE_URL,
      timestamp: Number.isFinite(message.timestamp) && message.timestamp > 0 ? new Date(message.timestamp * 1000) : new Date(),
      from: { id: chatId, name: '', role: 'user' },
      conversation: { id: chatId, isGroup: false, conversationType: 'personal', name: '' },
      recipient: bot,
      text,
      textFormat: 'plain',
      ...(attachments.length > 0 ? { attachments } : {}),
      channelData: { whatsappType: message.type },
    };
  }

  private async content(message: WhatsAppWebMessage, chatId: string): Promise<{ text: string; attachments: Attachment[] }> {
    const caption = (message.body ?? '').trim();
    const label = DOWNLOADED[message.type];
    if (label) return this.downloaded(message, chatId, label, caption);
    switch (message.type) {
      case 'location':
        return this.location(message);
      case 'vcard':
      case 'multi_vcard':
        return this.contactCards(message, chatId);
      case 'sticker':
        return { text: '[sticker]', attachments: [] };
      default:
        // Text, and replies to lists and buttons (their body is the chosen text).
        return { text: caption || `[${message.type || 'message'}]`, attachments: [] };
    }
  }

  private async downloaded(message: WhatsAppWebMessage, chatId: string, label: string, caption: string): Promise<{ text: string; attachments: Attachment[] }> {
    const duration = formatDuration(message.duration);
    const described = duration ? `${label} ${duration}` : label;
    const withCaption = (marker: string): string => (caption ? `${marker} ${caption}` : marker);
    let media;
    try {
      media = message.hasMedia === false ? undefined : await message.downloadMedia();
    } catch (error) {
      this.options.logger.warn('whatsappWeb.media.downloadFailed', { kind: message.type, ...describeError(error) });
    }
    if (!media || typeof media.data !== 'string') return { text: withCaption(`[${described}, not received]`), attachments: [] };
    const bytes = Buffer.from(media.data, 'base64');
    if (bytes.length > this.options.maxMediaBytes) {
      this.options.logger.warn('whatsappWeb.media.tooLarge', { kind: message.type, bytes: bytes.length });
      return { text: withCaption(`[${described}, too large to keep]`), attachments: [] };
    }
    const contentType = media.mimetype || 'application/octet-stream';
    const name = media.filename || `${label.replace(' ', '-')}.${extension(contentType)}`;
    const id = await this.options.media.save(bytes, { contentType, name, kind: message.type, userHash: this.userHash(chatId) });
    return {
      text: withCaption(`[${described}, media ${id}]`),
      attachments: [{ contentType, contentUrl: mediaUrl(id), name }],
    };
  }

  private location(message: WhatsAppWebMessage): { text: string; attachments: Attachment[] } {
    const latitude = Number(message.location?.latitude);
    const longitude = Number(message.location?.longitude);
    if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return { text: '[location]', attachments: [] };
    const place = [message.location?.name, message.location?.address].filter(Boolean).join(', ') || message.location?.description || '';
    const text = `[location ${latitude.toFixed(6)}, ${longitude.toFixed(6)}]${place ? ` ${place.replace(/\s+/g, ' ').trim()}` : ''}`;
    return {
      text,
      attachments: [
        {
          contentType: 'application/geo+json',
          name: place || 'location',
          content: { type: 'Point', coordinates: [longitude, latitude] },
        },
      ],
    };
  }

  /** A contact card may be the employer's or a friend's number: kept encrypted like media, not read to the dialogs. */
  private async contactCards(message: WhatsAppWebMessage, chatId: string): Promise<{ text: string; attachments: Attachment[] }> {
    const cards = (message.vCards?.length ? message.vCards : [message.body]).filter((card) => typeof card === 'string' && card !== '');
    const attachments: Attachment[] = [];
    for (const card of cards) {
      const id = await this.options.media.save(Buffer.from(card, 'utf8'), { contentType: 'text/vcard', name: 'contact.vcf', kind: 'vcard', userHash: this.userHash(chatId) });
      attachments.push({ contentType: 'text/vcard', contentUrl: mediaUrl(id), name: 'contact.vcf' });
    }
    const ids = attachments.map((attachment) => attachment.contentUrl!.slice('gridfs:'.length)).join(', ');
    return { text: attachments.length ? `[contact card, media ${ids}]` : '[contact card]', attachments };
  }

  /** The worker's hash as the bot computes it (channel id, user id), so erasure finds their media. */
  private userHash(chatId: string): string {
    return this.options.hasher.hash(WHATSAPP_CHANNEL_ID, chatId);
  }
}

function formatDuration(duration: string | number | undefined): string | undefined {
  const seconds = Math.round(Number(duration));
  if (!Number.isFinite(seconds) || seconds <= 0) return undefined;
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function extension(contentType: string): string {
  const subtype = contentType.split(';')[0]!.split('/')[1]?.trim().toLowerCase() ?? 'bin';
  return { jpeg: 'jpg', mpeg: 'mp3', 'x-m4a': 'm4a', quicktime: 'mov', plain: 'txt' }[subtype] ?? (/^[a-z0-9]{1,8}$/.test(subtype) ? subtype : 'bin');
}
