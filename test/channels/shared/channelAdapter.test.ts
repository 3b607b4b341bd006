// The adapter base every channel extends, and how a stored reference finds its
// channel: turns of one conversation never overlap, proactive turns queue with
// them under either name, and what no channel can do says so.
import type { Activity, ConversationReference, ResourceResponse, TurnContext } from 'botbuilder';
import { channelFor, type HotlineChannel } from '../../../channels/hotlineChannel';
import { ChannelAdapter, type TurnLogic } from '../../../channels/shared/channelAdapter';

class RecordingAdapter extends ChannelAdapter {
  readonly sent: string[] = [];
  constructor() {
    super('test-channel');
  }
  take(conversationId: string, text: string, logic: TurnLogic): Promise<void> {
    return this.runTurn(conversationId, { type: 'message', text, conversation: { id: conversationId } as never }, logic);
  }
  prepareAndTake(conversationId: string, make: () => Promise<Partial<Activity> | undefined>, logic: TurnLogic): Promise<void> {
    return this.runTurn(conversationId, make, logic);
  }
  override async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    this.sent.push(...activities.map((activity) => activity.text ?? ''));
    return activities.map(() => ({ id: '' }));
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

test('turns of one conversation run one after another, other conversations meanwhile', async () => {
  const adapter = new RecordingAdapter();
  const order: string[] = [];
  const firstMayEnd = deferred();
  const first = adapter.take('a', 'one', async () => {
    order.push('a1 start');
    await firstMayEnd.promise;
    order.push('a1 end');
  });
  const second = adapter.take('a', 'two', async () => void order.push('a2'));
  await adapter.take('b', 'three', async () => void order.push('b1'));
  expect(order).toEqual(['a1 start', 'b1']);
  firstMayEnd.resolve();
  await Promise.all([first, second]);
  expect(order).toEqual(['a1 start', 'b1', 'a1 end', 'a2']);
});

test('work that makes the activity runs in the queue, and nothing runs when it gives none', async () => {
  const adapter = new RecordingAdapter();
  const seen: string[] = [];
  const running = deferred();
  const turn = adapter.take('a', 'hello', async () => {
    await running.promise;
    seen.push('turn');
  });
  const prepared = adapter.prepareAndTake('a', async () => {
    seen.push('prepared');
    return { type: 'message', text: 'made', conversation: { id: 'a' } as never };
  }, async (context) => void seen.push(`ran ${context.activity.text}`));
  const skipped = adapter.prepareAndTake('a', async () => undefined, async () => void seen.push('never'));
  running.resolve();
  await Promise.all([turn, prepared, skipped]);
  expect(seen).toEqual(['turn', 'prepared', 'ran made']);
});

test('a proactive turn queues behind the running one, under either name, with the reference applied', async () => {
  const adapter = new RecordingAdapter();
  const reference: Partial<ConversationReference> = { conversation: { id: 'a' } as never, user: { id: 'worker', name: '' }, serviceUrl: 'urn:test' };
  const running = deferred();
  const order: string[] = [];
  const turn = adapter.take('a', 'hello', async () => {
    await running.promise;
    order.push('turn');
  });
  const seen: Partial<Activity>[] = [];
  const proactive = adapter.continueConversationAsync('app-id', reference, async (context) => {
    seen.push(context.activity);
    order.push('proactive');
    await context.sendActivity('a case worker writes');
  });
  running.resolve();
  await Promise.all([turn, proactive]);
  expect(order).toEqual(['turn', 'proactive']);
  expect(seen[0]).toMatchObject({ type: 'event', name: 'continueConversation', channelId: 'test-channel', conversation: { id: 'a' }, from: { id: 'worker' }, serviceUrl: 'urn:test' });
  expect(adapter.sent).toEqual(['a case worker writes']);
});

test('continueConversationAsync without logic, editing and deleting are refused with where they came from', async () => {
  const adapter = new RecordingAdapter();
  await expect(adapter.continueConversationAsync('app-id', {}, undefined as never)).rejects.toThrow('RecordingAdapter.continueConversationAsync(): missing logic');
  await expect(adapter.updateActivity()).rejects.toThrow('RecordingAdapter.updateActivity(): a sent message cannot be edited on this channel');
  await expect(adapter.deleteActivity()).rejects.toThrow('RecordingAdapter.deleteActivity(): a sent message cannot be deleted on this channel');
});

test('a stored reference finds its channel by serviceUrl first (two WhatsApp channels share an id), else by channel id', () => {
  const channel = (id: string, serviceUrl: string): HotlineChannel => ({ id, serviceUrl, adapter: new RecordingAdapter() });
  const cloud = channel('whatsapp', 'urn:hotline:whatsapp-cloud');
  const web = channel('whatsapp', 'urn:hotline:whatsapp-web');
  const training = channel('training', 'urn:hotline:training');
  const channels = [cloud, web, training];
  expect(channelFor(channels, { channelId: 'whatsapp', serviceUrl: 'urn:hotline:whatsapp-web' })).toBe(web);
  expect(channelFor(channels, { channelId: 'training' })).toBe(training);
  expect(channelFor(channels, { channelId: 'emulator', serviceUrl: 'http://localhost:1234' })).toBeUndefined();
});
