// Which messages the hotline takes in: one person writing to it, nothing else.
import { dropReason, isPersonalChat } from '../../../channels/whatsapp-web/inboundMessageMapper';
import { messageFrom } from './standIn';

const worker = '97333334444@c.us';

test.each<[string, ReturnType<typeof messageFrom>, ReturnType<typeof dropReason>]>([
  ['a worker writing', messageFrom(worker, { body: 'hello' }), undefined],
  ['a worker behind a hidden number (lid)', messageFrom('203942340123456@lid', { body: 'hello' }), undefined],
  ['a voice note', messageFrom(worker, { type: 'ptt' }), undefined],
  ['the hotline itself', messageFrom(worker, { fromMe: true }), 'fromMe'],
  ['a group', messageFrom('120363025555555555@g.us', { author: worker }), 'group'],
  ['a status update', messageFrom('status@broadcast', { author: worker }), 'status'],
  ['a status flagged on the message', messageFrom(worker, { isStatus: true }), 'status'],
  ['a broadcast list', messageFrom('1700000000@broadcast'), 'broadcast'],
  ['a channel', messageFrom('120363111111111111@newsletter'), 'notPersonal'],
  ['a revoked message', messageFrom(worker, { type: 'revoked' }), 'system'],
  ['a reaction', messageFrom(worker, { type: 'reaction' }), 'system'],
  ['a call log', messageFrom(worker, { type: 'call_log' }), 'system'],
  ['no id', { ...messageFrom(worker), id: { _serialized: '' } }, 'malformed'],
])('%s', (_name, message, reason) => {
  expect(dropReason(message)).toBe(reason);
});

test('only one-person chats can be written to', () => {
  expect(isPersonalChat(worker)).toBe(true);
  expect(isPersonalChat('120363025555555555@g.us')).toBe(false);
  expect(isPersonalChat('status@broadcast')).toBe(false);
  expect(isPersonalChat('97333334444@c.us\n')).toBe(false);
  expect(isPersonalChat('')).toBe(false);
});
