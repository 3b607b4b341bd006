// Turns one inbound WhatsApp message into what the bot reads: an Activity with
// the worker's words (a reply's id for a tapped button or list row, so the
// numbered menus keep working) and, for media, an attachment that names the
// media id. Media is never downloaded here.
import { ActivityTypes, type Activity, type Attachment } from 'botbuilder';
import { WHATSAPP_CHANNEL_ID } from '../../models/domain';
import type { InboundMessage } from './webhookPayload';

export { WHATSAPP_CHANNEL_ID };
/** Not a URL anyone calls: replies go through the Graph API client, whatever the reference says. */
export const WHATSAPP_SERVICE_URL = 'urn:hotline:whatsapp-cloud';
/** Content types of the attachments that carry a location or shared contacts. */
export const LOCATION_CONTENT_TYPE = 'application/vnd.whatsapp.location+json';
export const CONTACTS_CONTENT_TYPE = 'application/vnd.whatsapp.contacts+json';

/** What became of an inbound message. */
export type InboundOutcome =
  | { kind: 'turn'; activity: Partial<Activity> }
  /** A type we cannot put into words (`unsupported`, `system`, a flow reply…): the worker gets a polite reply. */
  | { kind: 'unsupported'; activity: Partial<Activity>; type: string }
  /** Nothing to answer (a reaction). */
  | { kind: 'ignored'; type: string };

/** The media fields every media message shares. */
export interface WhatsAppMediaContent {
  mediaId: string;
  sha256?: string;
  caption?: string;
  filename?: string;
  voice?: boolean;
  animated?: boolean;
}

/** When the message was sent, bounded by now (a wrong clock must not lengthen the 24-hour window). */
export function sentAt(message: Pick<InboundMessage, 'timestamp'>, now: Date): Date {
  const at = new Date(Number(message.timestamp) * 1000);
  return at.getTime() > now.getTime() ? now : at;
}

interface MediaFields {
  id: string;
  mime_type: string;
  sha256?: string;
  caption?: string;
  filename?: string;
  voice?: boolean;
  animated?: boolean;
}

/** A readable stand-in for the media ("[voice message]", "[image] caption") and an attachment naming the media id. */
function mediaContent(kind: string, value: MediaFields): { text: string; attachments: Attachment[] } {
  const content: WhatsAppMediaContent = {
    mediaId: value.id,
    ...(value.sha256 !== undefined ? { sha256: value.sha256 } : {}),
    ...(value.caption !== undefined ? { caption: value.caption } : {}),
    ...(value.filename !== undefined ? { filename: value.filename } : {}),
    ...(value.voice !== undefined ? { voice: value.voice } : {}),
    ...(value.animated !== undefined ? { animated: value.animated } : {}),
  };
  const label = value.filename ? `[${kind}: ${value.filename}]` : `[${kind}]`;
  const text = value.caption?.trim() ? `${label} ${value.caption.trim()}` : label;
  return { text, attachments: [{ contentType: value.mime_type, contentUrl: `urn:whatsapp:media:${value.id}`, ...(value.filename ? { name: value.filename } : {}), content }] };
}

/** Words and attachments of a message of a known type, or undefined for one the bot cannot read. */
function contentOf(message: InboundMessage): { text: string; attachments?: Attachment[] } | 'ignored' | undefined {
  switch (message.type) {
    case 'text':
      return { text: (message as Extract<InboundMessage, { type: 'text' }>).text.body };
    case 'interactive': {
      const interactive = (message as Extract<InboundMessage, { type: 'interactive' }>).interactive as { type: string; button_reply?: { id: string }; list_reply?: { id: string } };
      const reply = interactive.type === 'button_reply' ? interactive.button_reply : interactive.type === 'list_reply' ? interactive.list_reply : undefined;
      return reply ? { text: reply.id } : undefined;
    }
    case 'button': {
      const button = (message as Extract<InboundMessage, { type: 'button' }>).button;
      const text = button.text ?? button.payload;
      return text ? { text } : undefined;
    }
    case 'image':
      return mediaContent('image', (message as Extract<InboundMessage, { type: 'image' }>).image);
    case 'video':
      return mediaContent('video', (message as Extract<InboundMessage, { type: 'video' }>).video);
    case 'sticker':
      return mediaContent('sticker', (message as Extract<InboundMessage, { type: 'sticker' }>).sticker);
    case 'document':
      return mediaContent('document', (message as Extract<InboundMessage, { type: 'document' }>).document);
    case 'audio': {
      const audio = (message as Extract<InboundMessage, { type: 'audio' }>).audio;
      return mediaContent(audio.voice ? 'voice message' : 'audio', audio);
    }
    case 'location': {
      const location = (message as Extract<InboundMessage, { type: 'location' }>).location;
      const place = [location.name, location.address].filter((part) => part?.trim()).join(', ');
      return {
        text: `[location] ${location.latitude}, ${location.longitude}${place ? ` ${place}` : ''}`,
        attachments: [{ contentType: LOCATION_CONTENT_TYPE, content: { ...location } }],
      };
    }
    case 'contacts': {
      const contacts = (message as Extract<InboundMessage, { type: 'contacts' }>).contacts;
      const lines = contacts.map((contact) => {
        const name = contact.name?.formatted_name ?? [contact.name?.first_name, contact.name?.last_name].filter(Boolean).join(' ');
        const phones = (contact.phones ?? []).map((phone) => phone.phone ?? phone.wa_id).filter(Boolean);
        return `[contact] ${[name, ...phones].filter(Boolean).join(' ')}`.trim();
      });
      return { text: lines.join('\n'), attachments: [{ contentType: CONTACTS_CONTENT_TYPE, content: contacts }] };
    }
    case 'reaction':
      return 'ignored';
    default:
      return undefined;
  }
}

/**
 * The activity for one message: `id` is the wamid (the bot drops a redelivered
 * id), the worker's wa_id is both `from.id` and `conversation.id`, and the
 * business phone number id is the `recipient`.
 */
export function toInboundActivity(message: InboundMessage, phoneNumberId: string, now = new Date()): InboundOutcome {
  const content = contentOf(message);
  if (content === 'ignored') return { kind: 'ignored', type: message.type };
  const activity: Partial<Activity> = {
    type: ActivityTypes.Message,
    id: message.id,
    channelId: WHATSAPP_CHANNEL_ID,
    serviceUrl: WHATSAPP_SERVICE_URL,
    timestamp: sentAt(message, now),
    // The profile name stays out: the bot does not need it and the reference is stored.
    from: { id: message.from, name: '', role: 'user' },
    conversation: { id: message.from, isGroup: false, conversationType: 'personal', name: '' },
    recipient: { id: phoneNumberId, name: 'hotline', role: 'bot' },
    text: content?.text ?? '',
    channelData: { messageType: message.type, ...(message.context?.id ? { replyTo: message.context.id } : {}) },
    ...(content?.attachments ? { attachments: content.attachments } : {}),
  };
  return content ? { kind: 'turn', activity } : { kind: 'unsupported', activity, type: message.type };
}
