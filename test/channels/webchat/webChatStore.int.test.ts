// Web chat activities numbered by one $inc on their conversation, then the
// insert: unique across processes, and a reader by watermark waits at a young gap.
import { WebChatStore } from '../../../channels/webchat/webChatStore';
import { openTestDatabase, type TestDatabase } from '../../helpers/database';
import { testCipher, testHasher } from '../../helpers/keys';

let db: TestDatabase;
let clock = Date.parse('2026-03-01T10:00:00Z');
const storeOf = () => new WebChatStore(db.models.webChatConversations, db.models.webChatActivities, testCipher(), testHasher(), () => new Date(clock));
beforeAll(async () => {
  db = await openTestDatabase('webchatstore');
});
afterAll(async () => db.close());

test('two processes appending to one conversation at once hand out 1…40 once each, and a reader gets all of them', async () => {
  const [a, b] = [storeOf(), storeOf()];
  await a.createConversation('conv-race', 'user-1');
  await Promise.all(Array.from({ length: 40 }, (_, n) => (n % 2 ? a : b).append('conv-race', { type: 'message', text: `m${n}` })));
  const seqs = (await db.models.webChatActivities.find({ conversationId: 'conv-race' }, { seq: 1 }).lean()).map((doc) => doc.seq).sort((x, y) => x - y);
  expect(seqs).toEqual(Array.from({ length: 40 }, (_, n) => n + 1));
  const read = await a.after('conv-race', undefined);
  expect(read.activities).toHaveLength(40);
  expect(read.watermark).toBe('40');
});

test('a watermark stops before a gap another process has yet to fill, and passes it once it is old', async () => {
  const store = storeOf();
  await store.createConversation('conv-gap', 'user-2');
  await store.append('conv-gap', { type: 'message', text: 'one' });
  // Number 2 drawn by another process, still being stored; number 3 stored already.
  await db.models.webChatConversations.updateOne({ _id: 'conv-gap' }, { $inc: { lastSeq: 1 } });
  await store.append('conv-gap', { type: 'message', text: 'three' });
  const first = await store.after('conv-gap', 0);
  expect(first.activities.map((activity) => activity.text)).toEqual(['one']);
  expect(first.watermark).toBe('1');
  clock += 3000; // number 2 never came: lost
  const later = await store.after('conv-gap', 1);
  expect(later.activities.map((activity) => activity.text)).toEqual(['three']);
  expect(later.watermark).toBe('3');
});
