// Every message type of Meta's webhook reference parses, and becomes what the
// bot reads: words (a reply's id for taps), attachments naming the media id,
// or "unsupported"/"ignored"; statuses parse; an odd item is skipped alone.
import { toInboundActivity, WHATSAPP_CHANNEL_ID, LOCATION_CONTENT_TYPE, CONTACTS_CONTENT_TYPE } from '../../../channels/whatsapp-cloud/inboundActivity';
import { messagesValues, WebhookPayloadSchema, type InboundMessage } from '../../../channels/whatsapp-cloud/webhookPayload';
import { envelope, inbound, PHONE_NUMBER_ID, samples, status, WORKER_WA_ID, type MetaMessage } from './metaPayloads';

function parseOne(message: MetaMessage): InboundMessage {
  const parsed = WebhookPayloadSchema.parse(inbound(message));
  return messagesValues(parsed)[0]!.messages![0]!;
}

describe('messages', () => {
  test.each<[string, () => MetaMessage, string]>([
    ['text', () => samples.text('My employer keeps my passport'), 'My employer keeps my passport'],
    ['interactive button_reply: the button id we sent', () => samples.buttonReply('2', '2. Choose another…'), '2'],
    ['interactive list_reply: the row id we sent', () => samples.listReply('5', '5. Help from the victim…', '…support fund'), '5'],
    ['button (template quick reply): its text', () => samples.templateButton('open', 'Open'), 'Open'],
    ['image: caption after a marker', () => samples.image(), '[image] This is a caption'],
    ['audio (voice note)', () => samples.audio(), '[voice message]'],
    ['audio (file)', () => samples.audio(WORKER_WA_ID, false), '[audio]'],
    ['video', () => samples.video(), '[video] Check out my new video!'],
    ['document: file name and caption', () => samples.document(), '[document: lucky-shrub-invoice.pdf] Lucky Shrub Invoice'],
    ['sticker', () => samples.sticker(), '[sticker]'],
    ['location: coordinates, name and address', () => samples.location(), '[location] 37.483307, -122.148981 Main Campus, 1 Hacker Way, Menlo Park, CA 94025'],
    ['contacts: name and phone', () => samples.contacts(), '[contact] Barbara J. Johnson +1 (940) 555-1234'],
  ])('%s → a turn reading %j', (_name, build, text) => {
    const message = build();
    const outcome = toInboundActivity(parseOne(message), PHONE_NUMBER_ID);
    expect(outcome.kind).toBe('turn');
    if (outcome.kind !== 'turn') return;
    expect(outcome.activity).toMatchObject({
      type: 'message',
      id: message.id,
      channelId: WHATSAPP_CHANNEL_ID,
      text,
      from: { id: WORKER_WA_ID, role: 'user' },
      conversation: { id: WORKER_WA_ID },
      recipient: { id: PHONE_NUMBER_ID },
    });
    expect(outcome.activity.timestamp).toEqual(new Date(Number(message.timestamp) * 1000));
    // The profile name is not passed on.
    expect(JSON.stringify(outcome.activity)).not.toContain('Sheena');
  });

  test.each<[string, () => MetaMessage, string, Record<string, unknown>]>([
    ['image', () => samples.image(), 'image/jpeg', { mediaId: '2754859441498128', caption: 'This is a caption' }],
    ['audio', () => samples.audio(), 'audio/ogg; codecs=opus', { mediaId: '1003383421387256', voice: true }],
    ['video', () => samples.video(), 'video/mp4', { mediaId: '1166846181421424' }],
    ['document', () => samples.document(), 'application/pdf', { mediaId: '1003383421387256', filename: 'lucky-shrub-invoice.pdf' }],
    ['sticker', () => samples.sticker(), 'image/webp', { mediaId: '1003383421387256', animated: false }],
  ])('%s: one attachment with the media id and the content type from mime_type, and no download', (_name, build, contentType, content) => {
    const outcome = toInboundActivity(parseOne(build()), PHONE_NUMBER_ID);
    if (outcome.kind !== 'turn') throw new Error('expected a turn');
    expect(outcome.activity.attachments).toEqual([expect.objectContaining({ contentType, contentUrl: `urn:whatsapp:media:${content.mediaId as string}`, content: expect.objectContaining(content) })]);
    // The lookaside URL needs the access token and expires: it is not handed on.
    expect(JSON.stringify(outcome.activity.attachments)).not.toContain('lookaside');
  });

  test('location and contacts carry their data as attachments too', () => {
    const location = toInboundActivity(parseOne(samples.location()), PHONE_NUMBER_ID);
    const contacts = toInboundActivity(parseOne(samples.contacts()), PHONE_NUMBER_ID);
    if (location.kind !== 'turn' || contacts.kind !== 'turn') throw new Error('expected turns');
    expect(location.activity.attachments).toEqual([{ contentType: LOCATION_CONTENT_TYPE, content: expect.objectContaining({ latitude: 37.483307, longitude: -122.148981 }) }]);
    expect(contacts.activity.attachments).toEqual([{ contentType: CONTACTS_CONTENT_TYPE, content: [expect.objectContaining({ phones: [expect.objectContaining({ wa_id: '19405551234' })] })] }]);
  });

  test.each<[string, () => MetaMessage]>([
    ['unsupported (a poll)', () => samples.unsupported()],
    ['system (number changed)', () => samples.system()],
    ['a type Meta adds later', () => ({ from: WORKER_WA_ID, id: 'wamid.X', timestamp: '1739321024', type: 'order', order: { catalog_id: '1' } })],
    ['an interactive flow reply (nfm_reply)', () => ({ from: WORKER_WA_ID, id: 'wamid.Y', timestamp: '1739321024', type: 'interactive', interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', response_json: '{}' } } })],
  ])('%s → unsupported: the channel answers politely', (_name, build) => {
    const outcome = toInboundActivity(parseOne(build()), PHONE_NUMBER_ID);
    expect(outcome.kind).toBe('unsupported');
  });

  test('a reaction is ignored (nothing to answer)', () => {
    expect(toInboundActivity(parseOne(samples.reaction('wamid.ours')), PHONE_NUMBER_ID)).toEqual({ kind: 'ignored', type: 'reaction' });
  });

  test('a message time in the future is taken as now (it cannot lengthen the 24-hour window)', () => {
    const message = { ...samples.text('hi'), timestamp: String(Math.floor(Date.now() / 1000) + 3600) };
    const now = new Date();
    const outcome = toInboundActivity(parseOne(message), PHONE_NUMBER_ID, now);
    if (outcome.kind !== 'turn') throw new Error('expected a turn');
    expect(outcome.activity.timestamp).toEqual(now);
  });
});

describe('statuses and other changes', () => {
  test('sent, delivered, read and failed (with its error code) parse', () => {
    const payload = WebhookPayloadSchema.parse(envelope({ statuses: [status('wamid.A', 'sent'), status('wamid.A', 'delivered'), status('wamid.A', 'read'), status('wamid.B', 'failed')] }));
    const statuses = messagesValues(payload)[0]!.statuses!;
    expect(statuses.map((s) => s.status)).toEqual(['sent', 'delivered', 'read', 'failed']);
    expect(statuses[3]!.errors![0]!.code).toBe(131047);
  });

  test('changes of other fields are accepted and skipped', () => {
    const payload = WebhookPayloadSchema.parse({
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'message_template_status_update', value: { event: 'APPROVED', message_template_name: 'hotline_followup' } }] }],
    });
    expect(messagesValues(payload)).toEqual([]);
  });
});

describe('a body that is not a WhatsApp notification is refused', () => {
  test.each<[string, unknown]>([
    ['another object', { object: 'page', entry: [] }],
    ['no entry', { object: 'whatsapp_business_account' }],
  ])('%s', (_name, body) => {
    expect(WebhookPayloadSchema.safeParse(body).success).toBe(false);
  });
});

describe('an odd item is skipped, and its neighbours in the batch are kept', () => {
  test.each<[string, unknown]>([
    ['a text message without its text', { from: WORKER_WA_ID, id: 'wamid.Z', timestamp: '1739321024', type: 'text' }],
    ['an image without its media id', { from: WORKER_WA_ID, id: 'wamid.Z', timestamp: '1739321024', type: 'image', image: { mime_type: 'image/jpeg' } }],
    ['a timestamp that is not Unix seconds', { ...samples.text('hi'), timestamp: 'yesterday' }],
    ['a message with neither a sender nor a user id', { id: 'wamid.Z', timestamp: '1739321024', type: 'text', text: { body: 'x' } }],
    ['not an object', 'hello'],
  ])('%s', (_name, odd) => {
    const body = envelope({ messages: [odd as MetaMessage, samples.text('SOS')] });
    const values = messagesValues(WebhookPayloadSchema.parse(body));
    expect(values).toHaveLength(1);
    expect(values[0]!.skipped).toBe(1);
    expect(values[0]!.messages.map((message) => (message as { text?: { body: string } }).text?.body)).toEqual(['SOS']);
  });

  test('a status without a recipient is skipped; the valid status beside it is kept', () => {
    const body = envelope({ statuses: [{ id: 'wamid.S1', status: 'read', timestamp: '1739321024' } as never, status('wamid.S2', 'delivered')] });
    const [value] = messagesValues(WebhookPayloadSchema.parse(body));
    expect(value!.skipped).toBe(1);
    expect(value!.statuses.map((item) => item.id)).toEqual(['wamid.S2']);
  });

  test('a messages change whose value has no metadata is one skipped item', () => {
    const body = { object: 'whatsapp_business_account', entry: [{ id: 'W', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp' } }] }] };
    expect(messagesValues(WebhookPayloadSchema.parse(body))).toEqual([{ phoneNumberId: '', messages: [], statuses: [], skipped: 1 }]);
  });
});

describe('business-scoped user ids (workers who adopted a username)', () => {
  test('a message with from_user_id and no from is read as from that user id', () => {
    const { from: _from, ...withoutNumber } = samples.text('help me') as MetaMessage & { from: string };
    const body = envelope({ messages: [{ ...withoutNumber, from_user_id: 'BH.13491208655302741918' } as unknown as MetaMessage] });
    const [value] = messagesValues(WebhookPayloadSchema.parse(body));
    expect(value!.skipped).toBe(0);
    expect(value!.messages[0]!.from).toBe('BH.13491208655302741918');
  });

  test('the phone number wins when both are given, so an existing conversation keeps its identity', () => {
    const body = envelope({ messages: [{ ...samples.text('hi'), from_user_id: 'BH.1349' } as unknown as MetaMessage] });
    expect(messagesValues(WebhookPayloadSchema.parse(body))[0]!.messages[0]!.from).toBe(WORKER_WA_ID);
  });

  test('a status for a user-id recipient is kept', () => {
    const body = envelope({ statuses: [{ id: 'wamid.S3', status: 'sent', timestamp: '1739321024', recipient_user_id: 'BH.1349' } as never] });
    expect(messagesValues(WebhookPayloadSchema.parse(body))[0]!.statuses[0]!.recipient_id).toBe('BH.1349');
  });
});
