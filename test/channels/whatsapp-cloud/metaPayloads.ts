// Webhook bodies shaped exactly like the samples in Meta's "messages webhook
// reference" pages (syntax and example values), one builder per message type,
// so tests send what Meta sends.
export const WABA_ID = '102290129340398';
export const DISPLAY_PHONE_NUMBER = '15550783881';
export const PHONE_NUMBER_ID = '106540352242922';
export const WORKER_WA_ID = '16505551234';

let counter = 0;
/** A fresh wamid in Meta's format (base64 of an opaque id). */
export function newWamid(): string {
  counter += 1;
  return `wamid.${Buffer.from(`HBgLMTY1MDUwNzY1MjAVAgASGBQzQTRB${Date.now()}${counter}${Math.random()}`).toString('base64')}`;
}

export const nowSeconds = (): string => String(Math.floor(Date.now() / 1000));

export type MetaMessage = Record<string, unknown> & { from: string; id: string; timestamp: string; type: string };

/** The envelope every notification shares, around one `messages` change. */
export function envelope(value: { messages?: MetaMessage[]; statuses?: Array<Record<string, unknown>>; contacts?: Array<Record<string, unknown>> }, phoneNumberId = PHONE_NUMBER_ID) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: WABA_ID,
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: DISPLAY_PHONE_NUMBER, phone_number_id: phoneNumberId },
              ...value,
            },
            field: 'messages',
          },
        ],
      },
    ],
  };
}

/** One inbound message as Meta posts it, with the sender's contact. */
export function inbound(message: MetaMessage, name = 'Sheena Nelson') {
  return envelope({ contacts: [{ profile: { name }, wa_id: message.from }], messages: [message] });
}

const base = (from: string, type: string, id = newWamid()) => ({ from, id, timestamp: nowSeconds(), type });

export const samples = {
  text: (body: string, from = WORKER_WA_ID, id?: string): MetaMessage => ({ ...base(from, 'text', id), text: { body } }),
  image: (from = WORKER_WA_ID): MetaMessage => ({
    ...base(from, 'image'),
    image: {
      caption: 'This is a caption',
      mime_type: 'image/jpeg',
      sha256: '81d3bd8a8db4868c9520ed47186e8b7c5789e61ff79f7f834be6950b808a90d3',
      id: '2754859441498128',
      url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=2754859441498128&ext=1739321024&hash=ATuN9V2w',
    },
  }),
  audio: (from = WORKER_WA_ID, voice = true): MetaMessage => ({
    ...base(from, 'audio'),
    audio: {
      mime_type: 'audio/ogg; codecs=opus',
      sha256: 'ZeSq2ePM/hsGhIh5fGdMz9cPpfkhMSzRr7ZsYz/6BeQ=',
      id: '1003383421387256',
      url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1003383421387256&ext=1739321024&hash=ATv6',
      voice,
    },
  }),
  video: (from = WORKER_WA_ID): MetaMessage => ({
    ...base(from, 'video'),
    video: {
      caption: 'Check out my new video!',
      mime_type: 'video/mp4',
      sha256: 'g3tOuawGLjUwQ8LzhZZc9uPUkXUBhhD1hHSXJ7OkjXM=',
      id: '1166846181421424',
      url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1166846181421424&ext=1739321024&hash=ATuT',
    },
  }),
  document: (from = WORKER_WA_ID): MetaMessage => ({
    ...base(from, 'document'),
    document: {
      caption: 'Lucky Shrub Invoice',
      filename: 'lucky-shrub-invoice.pdf',
      mime_type: 'application/pdf',
      sha256: 'jOoo6mh5kGPmGpSV2Y7OnYiMdNbWiT9B82D5OQbgfd8=',
      id: '1003383421387256',
      url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1003383421387256&ext=1739321024&hash=ATvF',
    },
  }),
  sticker: (from = WORKER_WA_ID): MetaMessage => ({
    ...base(from, 'sticker'),
    sticker: {
      mime_type: 'image/webp',
      sha256: 'ZrSMzkZBSpoVcmHBR4TBdzw/AXyYEHLuaV3TSNYMLFE=',
      id: '1003383421387256',
      url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1003383421387256&ext=1739321024&hash=ATv2',
      animated: false,
    },
  }),
  location: (from = WORKER_WA_ID): MetaMessage => ({
    ...base(from, 'location'),
    location: { address: '1 Hacker Way, Menlo Park, CA 94025', latitude: 37.483307, longitude: -122.148981, name: 'Main Campus', url: 'https://www.facebook.com' },
  }),
  contacts: (from = WORKER_WA_ID): MetaMessage => ({
    ...base(from, 'contacts'),
    contacts: [
      {
        addresses: [{ city: 'Menlo Park', country: 'United States', country_code: 'us', state: 'CA', street: '1 Hacker Way', type: 'HOME', zip: '94025' }],
        birthday: '1999-01-23',
        emails: [{ email: 'bjohnson@example.com', type: 'HOME' }],
        name: { formatted_name: 'Barbara J. Johnson', first_name: 'Barbara', last_name: 'Johnson', middle_name: 'Joana', suffix: 'Esq.', prefix: 'Dr.' },
        org: { company: 'Example, Inc.', department: 'Legal', title: 'Lead Counsel' },
        phones: [{ phone: '+1 (940) 555-1234', wa_id: '19405551234', type: 'HOME' }],
        urls: [{ url: 'https://www.example.com', type: 'WORK' }],
      },
    ],
  }),
  buttonReply: (id: string, title: string, from = WORKER_WA_ID): MetaMessage => ({
    context: { from: DISPLAY_PHONE_NUMBER, id: 'wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA=' },
    ...base(from, 'interactive'),
    interactive: { type: 'button_reply', button_reply: { id, title } },
  }),
  listReply: (id: string, title: string, description?: string, from = WORKER_WA_ID): MetaMessage => ({
    context: { from: DISPLAY_PHONE_NUMBER, id: 'wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA=' },
    ...base(from, 'interactive'),
    interactive: { type: 'list_reply', list_reply: { id, title, ...(description ? { description } : {}) } },
  }),
  templateButton: (payload: string, text: string, from = WORKER_WA_ID): MetaMessage => ({
    context: { from: DISPLAY_PHONE_NUMBER, id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0RjNERkY1NkQ1NTZGQTJEOEYA' },
    ...base(from, 'button'),
    button: { payload, text },
  }),
  reaction: (messageId: string, emoji = '\uD83D\uDE00', from = WORKER_WA_ID): MetaMessage => ({ ...base(from, 'reaction'), reaction: { message_id: messageId, emoji } }),
  unsupported: (from = WORKER_WA_ID): MetaMessage => ({
    ...base(from, 'unsupported'),
    errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown', error_data: { details: 'Message type is currently not supported.' } }],
    unsupported: { type: 'poll_update' },
  }),
  system: (from = WORKER_WA_ID): MetaMessage => ({
    ...base(from, 'system'),
    system: { body: `User ${from} changed to 16505550000`, new_wa_id: '16505550000', type: 'user_changed_number' },
  }),
};

/** A delivery status as Meta posts it; `failed` carries Meta's errors array. */
export function status(messageId: string, value: 'sent' | 'delivered' | 'read' | 'failed', recipientId = WORKER_WA_ID, errorCode?: number) {
  return {
    id: messageId,
    status: value,
    timestamp: nowSeconds(),
    recipient_id: recipientId,
    ...(value === 'sent' ? { conversation: { id: 'a75d17ad06104c51166f948319b03c6a', expiration_timestamp: nowSeconds(), origin: { type: 'service' } } } : {}),
    pricing: { billable: true, pricing_model: 'PMP', category: 'service', type: 'free_customer_service' },
    ...(value === 'failed'
      ? {
          errors: [
            {
              code: errorCode ?? 131047,
              title: 'Re-engagement message',
              message: 'Re-engagement message',
              error_data: { details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' },
              href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
            },
          ],
        }
      : {}),
  };
}
