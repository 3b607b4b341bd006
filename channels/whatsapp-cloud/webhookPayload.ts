// The shape of Meta's WhatsApp Business Account webhook, as zod schemas: strict
// about what the channel reads, loose about everything else so a field Meta
// adds tomorrow does not turn a worker's message into a 400. A signed body is
// taken item by item: each message and status is checked on its own, and one
// odd item is skipped (and counted) without costing the others of its batch.
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
  /** The worker's phone number, or their business-scoped user id when Meta withholds the number (see {@link senderOf}). */
  from: z.string().min(1).max(160),
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

/**
 * Who sent a message: the phone number when Meta gives it (`from`), else the business-scoped
 * user id of a worker who adopted a username (`from_user_id`, e.g. "BH.13491208655302741918").
 * The number comes first so a worker's existing conversation keeps its identity.
 */
function senderOf(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const message = raw as Record<string, unknown>;
  if (typeof message.from === 'string' && message.from !== '') return raw;
  return typeof message.from_user_id === 'string' ? { ...message, from: message.from_user_id } : raw;
}

export const InboundMessageSchema = z.preprocess(
  senderOf,
  z.union([
    z.discriminatedUnion('type', [TextMessage, ImageMessage, AudioMessage, VideoMessage, DocumentMessage, StickerMessage, LocationMessage, ContactsMessage, InteractiveMessage, ButtonMessage, ReactionMessage]),
    OtherMessage,
  ]),
);
export type InboundMessage = z.infer<typeof InboundMessageSchema>;

export const StatusSchema = z.preprocess(
  (raw) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
    const status = raw as Record<string, unknown>;
    return typeof status.recipient_id !== 'string' && typeof status.recipient_user_id === 'string' ? { ...status, recipient_id: status.recipient_user_id } : raw;
  },
  z.looseObject({
  id,
  status: z.string().min(1).max(32),
  timestamp: unixSeconds,
  recipient_id: z.string().min(1).max(160),
  errors: z.array(z.looseObject({ code: z.number().int(), title: z.string().max(1024).optional() })).max(20).optional(),
  }),
);
export type MessageStatus = z.infer<typeof StatusSchema>;

export const MessagesValueSchema = z.looseObject({
  messaging_product: z.literal('whatsapp'),
  metadata: z.looseObject({ display_phone_number: z.string().max(64).optional(), phone_number_id: z.string().min(1).max(64) }),
  contacts: z.array(z.looseObject({ wa_id: z.string().max(64).optional(), profile: z.looseObject({ name: z.string().max(1024).optional() }).optional() })).max(1000).optional(),
  // Items are checked one by one in messagesValues(), so one odd item never costs its batch.
  messages: z.array(z.unknown()).max(1000).optional(),
  statuses: z.array(z.unknown()).max(1000).optional(),
});

/** One `messages` change, its items checked: what can be processed, and how many items were skipped. */
export interface MessagesValue {
  phoneNumberId: string;
  messages: InboundMessage[];
  statuses: MessageStatus[];
  /** Items (messages, statuses, or the whole change) that did not have the shape the channel reads. */
  skipped: number;
}

/** The whole body Meta posts to the webhook: its envelope is checked here, its changes one by one after. */
export const WebhookPayloadSchema = z.looseObject({
  object: z.literal('whatsapp_business_account'),
  entry: z
    .array(z.looseObject({ id: z.string().max(64).optional(), changes: z.array(z.looseObject({ field: z.string().max(128), value: z.unknown() })).max(1000) }))
    .max(1000),
});
export type WebhookPayload = z.infer<typeof WebhookPayloadSchema>;

/**
 * The `messages` changes of a payload, in order, each message and status validated on its own:
 * the valid ones are kept, the rest counted in `skipped`. Other fields (account_update,
 * message_template_status_update…) are acknowledged and not acted on.
 */
export function messagesValues(payload: WebhookPayload): MessagesValue[] {
  const values: MessagesValue[] = [];
  for (const change of payload.entry.flatMap((entry) => entry.changes)) {
    if (change.field !== 'messages') continue;
    const value = MessagesValueSchema.safeParse(change.value);
    if (!value.success) {
      values.push({ phoneNumberId: '', messages: [], statuses: [], skipped: 1 });
      continue;
    }
    const result: MessagesValue = { phoneNumberId: value.data.metadata.phone_number_id, messages: [], statuses: [], skipped: 0 };
    for (const item of value.data.messages ?? []) {
      const message = InboundMessageSchema.safeParse(item);
      if (message.success) result.messages.push(message.data);
      else result.skipped++;
    }
    for (const item of value.data.statuses ?? []) {
      const status = StatusSchema.safeParse(item);
      if (status.success) result.statuses.push(status.data);
      else result.skipped++;
    }
    values.push(result);
  }
  return values;
}
