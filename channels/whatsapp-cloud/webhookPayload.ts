// The shape of Meta's WhatsApp Business Account webhook, as zod schemas: strict
// about what the channel reads, loose about everything else so a field Meta
// adds tomorrow does not turn a worker's message into a 400.
import { z } from 'zod';

const id = z.string().min(1).max(512);
/** Unix seconds as a string, as Meta sends them. */
const unixSeconds = z.string().regex(/^\d{1,12}$/, 'must be Unix seconds');

const Media = z.looseObject({
  id,
  mime_type: z.string().min(1).max(255),
  sha256: z.string().max(128).optional(),
  caption: z.string().max(100_000).optional(),
  url: z.string().max(4096).optional(),
});

const messageBase = {
  from: z.string().min(1).max(64),
  id,
  timestamp: unixSeconds,
  context: z.looseObject({ from: z.string().optional(), id: z.string().optional() }).optional(),
};

export const TextMessage = z.looseObject({ ...messageBase, type: z.literal('text'), text: z.looseObject({ body: z.string().max(100_000) }) });
export const ImageMessage = z.looseObject({ ...messageBase, type: z.literal('image'), image: Media });
export const AudioMessage = z.looseObject({ ...messageBase, type: z.literal('audio'), audio: Media.extend({ voice: z.boolean().optional() }) });
export const VideoMessage = z.looseObject({ ...messageBase, type: z.literal('video'), video: Media });
export const DocumentMessage = z.looseObject({ ...messageBase, type: z.literal('document'), document: Media.extend({ filename: z.string().max(1024).optional() }) });
export const StickerMessage = z.looseObject({ ...messageBase, type: z.literal('sticker'), sticker: Media.extend({ animated: z.boolean().optional() }) });
export const LocationMessage = z.looseObject({
  ...messageBase,
  type: z.literal('location'),
  location: z.looseObject({
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    name: z.string().max(1024).optional(),
    address: z.string().max(1024).optional(),
    url: z.string().max(4096).optional(),
  }),
});
const SharedContact = z.looseObject({
  name: z.looseObject({ formatted_name: z.string().max(1024).optional(), first_name: z.string().max(1024).optional(), last_name: z.string().max(1024).optional() }).optional(),
  phones: z.array(z.looseObject({ phone: z.string().max(128).optional(), wa_id: z.string().max(64).optional(), type: z.string().max(64).optional() })).max(100).optional(),
});
export const ContactsMessage = z.looseObject({ ...messageBase, type: z.literal('contacts'), contacts: z.array(SharedContact).min(1).max(100) });
const Reply = z.looseObject({ id: z.string().min(1).max(256), title: z.string().max(1024).optional(), description: z.string().max(1024).optional() });
export const InteractiveMessage = z.looseObject({
  ...messageBase,
  type: z.literal('interactive'),
  interactive: z.union([
    z.looseObject({ type: z.literal('button_reply'), button_reply: Reply }),
    z.looseObject({ type: z.literal('list_reply'), list_reply: Reply }),
    // Flows (nfm_reply) and whatever comes next: known to be interactive, not something we offered.
    z.looseObject({ type: z.string().refine((type) => type !== 'button_reply' && type !== 'list_reply') }),
  ]),
});
/** A tap on a quick-reply button of a template message. */
export const ButtonMessage = z.looseObject({ ...messageBase, type: z.literal('button'), button: z.looseObject({ payload: z.string().max(1024).optional(), text: z.string().max(1024).optional() }) });
export const ReactionMessage = z.looseObject({
  ...messageBase,
  type: z.literal('reaction'),
  reaction: z.looseObject({ message_id: z.string().max(512).optional(), emoji: z.string().max(64).optional() }),
});

const KNOWN_TYPES = ['text', 'image', 'audio', 'video', 'document', 'sticker', 'location', 'contacts', 'interactive', 'button', 'reaction'] as const;

/** `unsupported`, `system`, `order`, `request_welcome`…: a message the channel cannot turn into words. */
export const OtherMessage = z.looseObject({
  ...messageBase,
  type: z
    .string()
    .min(1)
    .max(64)
    .refine((type) => !(KNOWN_TYPES as readonly string[]).includes(type), { message: 'a message of a known type lacks its content object' }),
});

export const InboundMessageSchema = z.union([
  z.discriminatedUnion('type', [TextMessage, ImageMessage, AudioMessage, VideoMessage, DocumentMessage, StickerMessage, LocationMessage, ContactsMessage, InteractiveMessage, ButtonMessage, ReactionMessage]),
  OtherMessage,
]);
export type InboundMessage = z.infer<typeof InboundMessageSchema>;

export const StatusSchema = z.looseObject({
  id,
  status: z.string().min(1).max(32),
  timestamp: unixSeconds,
  recipient_id: z.string().min(1).max(64),
  errors: z.array(z.looseObject({ code: z.number().int(), title: z.string().max(1024).optional() })).max(20).optional(),
});
export type MessageStatus = z.infer<typeof StatusSchema>;

export const MessagesValueSchema = z.looseObject({
  messaging_product: z.literal('whatsapp'),
  metadata: z.looseObject({ display_phone_number: z.string().max(64).optional(), phone_number_id: z.string().min(1).max(64) }),
  contacts: z.array(z.looseObject({ wa_id: z.string().max(64).optional(), profile: z.looseObject({ name: z.string().max(1024).optional() }).optional() })).max(1000).optional(),
  messages: z.array(InboundMessageSchema).max(1000).optional(),
  statuses: z.array(StatusSchema).max(1000).optional(),
});
export type MessagesValue = z.infer<typeof MessagesValueSchema>;

const Change = z.union([
  z.looseObject({ field: z.literal('messages'), value: MessagesValueSchema }),
  // account_update, message_template_status_update…: acknowledged, not acted on.
  z.looseObject({ field: z.string().max(128).refine((field) => field !== 'messages'), value: z.unknown() }),
]);

/** The whole body Meta posts to the webhook. */
export const WebhookPayloadSchema = z.looseObject({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(z.looseObject({ id: z.string().max(64), changes: z.array(Change).max(1000) })).max(1000),
});
export type WebhookPayload = z.infer<typeof WebhookPayloadSchema>;

/** The `messages` changes of a payload, in order. */
export function messagesValues(payload: WebhookPayload): MessagesValue[] {
  return payload.entry.flatMap((entry) => entry.changes.filter((change): change is { field: 'messages'; value: MessagesValue } => change.field === 'messages').map((change) => change.value));
}
