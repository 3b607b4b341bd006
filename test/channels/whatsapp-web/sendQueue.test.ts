// Outgoing messages on a virtual clock: in order per chat, "typing…" before
// each, and no more than N per sliding minute across all chats.
import { Logger } from '../../../kernel/logger';
import { SendQueue } from '../../../channels/whatsapp-web/sendQueue';
import { StandInClient, VirtualClock } from './standIn';

function setup(perMinute: number, typingDelayMs = 0) {
  const clock = new VirtualClock();
  const client = new StandInClient(clock);
  const queue = new SendQueue({ client, perMinute, clock, typingDelayMs, logger: new Logger('silent'), logId: (id) => id.slice(0, 4) });
  return { clock, client, queue, start: clock.time };
}

test('each message is preceded by typing in its chat, messages of a chat keep their order, and the ids come back', async () => {
  const { client, queue } = setup(100, 750);
  const ids = await Promise.all([queue.send('1@c.us', 'one'), queue.send('2@c.us', 'uno'), queue.send('1@c.us', 'two'), queue.send('1@c.us', 'three')]);
  expect(ids).toEqual(expect.arrayContaining([expect.stringMatching(/^true_1@c\.us_OUT\d$/)]));
  expect(client.sentTo('1@c.us')).toEqual(['one', 'two', 'three']);
  const chat1 = client.calls.filter((call) => call.chatId === '1@c.us').map((call) => call.kind);
  expect(chat1).toEqual(['typing', 'send', 'typing', 'send', 'typing', 'send']);
  // The typing pause is real time on the (virtual) clock.
  const [typing, send] = client.calls.filter((call) => call.chatId === '2@c.us');
  expect(send!.at - typing!.at).toBe(750);
});

test('at most N per sliding minute overall: the rest wait in the queue, first come first served', async () => {
  const { client, queue, start } = setup(3);
  const sends = ['a1', 'b1', 'a2', 'c1', 'b2', 'a3', 'c2'].map((text) => queue.send(`${text[0] === 'a' ? 1 : text[0] === 'b' ? 2 : 3}@c.us`, text));
  await Promise.all(sends);
  const times = client.calls.filter((call) => call.kind === 'send').map((call) => [call.text, (call.at - start) / 1000]);
  expect(times).toEqual([
    ['a1', 0], ['b1', 0], ['c1', 0],
    ['a2', 60], ['b2', 60], ['c2', 60],
    ['a3', 120],
  ]);
  expect(client.sentTo('1@c.us')).toEqual(['a1', 'a2', 'a3']);
});

test('a typing failure does not stop the message; a send failure does not block the next one', async () => {
  const { client, queue } = setup(10);
  client.getChatById = async () => {
    throw new Error('chat not found');
  };
  const original = client.sendMessage.bind(client);
  let first = true;
  client.sendMessage = async (chatId, content) => {
    if (first) {
      first = false;
      throw new Error('Evaluation failed');
    }
    return original(chatId, content);
  };
  await expect(queue.send('1@c.us', 'lost')).rejects.toThrow('Evaluation failed');
  await expect(queue.send('1@c.us', 'sent')).resolves.toMatch(/^true_/);
  expect(client.sentTo('1@c.us')).toEqual(['sent']);
});
