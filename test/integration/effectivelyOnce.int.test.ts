// Effectively once (issue 11 item 1): the same message delivered at the same
// instant, a turn cut off after its case was created but before its state was
// saved, and a redelivery of a finished turn: each takes effect exactly once.
import type { StoreItems } from 'botbuilder';
import { Chat, joined, startHotline, type RunningHotline } from '../helpers/hotline';
import { openTestDatabase, type TestDatabase } from '../helpers/database';

let db: TestDatabase;
let app: RunningHotline;
beforeAll(async () => {
  db = await openTestDatabase('once');
  app = await startHotline({ db });
});
afterAll(async () => {
  await app.stop();
  await db.close();
});

/** A worker past the language question, at the menu. */
async function atMenu(): Promise<Chat> {
  const chat = new Chat(app.url);
  await chat.say('hello');
  expect(joined(await chat.say('1'))).toMatch(/What do you need\?/);
  return chat;
}

const userHashOf = (chat: Chat): string => app.hotline.hasher.hash('emulator', chat.userId);

async function repliesOf(response: Response): Promise<string[]> {
  const body = (await response.json()) as { activities?: Array<{ text?: string }> };
  return (body.activities ?? []).map((activity) => activity.text ?? '');
}

test('(a) an SOS delivered three times at the same instant: one reply set, one case, one handoff', async () => {
  const chat = await atMenu();
  const sos = { type: 'message', id: 'sos-at-once', text: 'SOS' };
  const responses = await Promise.all([chat.post(sos), chat.post(sos), chat.post(sos)]);
  expect(responses.map((response) => response.status)).toEqual([200, 200, 200]);
  const replies = await Promise.all(responses.map(repliesOf));
  const answered = replies.filter((set) => set.length > 0);
  expect(answered).toHaveLength(1);
  const userHash = userHashOf(chat);
  const cases = await db.models.cases.find({ userHash }).lean();
  expect(cases).toHaveLength(1);
  expect(joined(answered[0]!)).toContain(cases[0]!.caseNumber);
  expect(await db.models.handoffs.countDocuments({ userHash })).toBe(1);
});

test('(b) a turn cut off after its case was created, before its state was saved: the redelivery re-runs it, one case', async () => {
  const chat = await atMenu();
  const conversationKey = `emulator/conversations/${chat.conversationId}/`;
  // The storage fails the turn's final write (the commit) once, as a crash there would.
  const storage = app.hotline.storage;
  const write = storage.write.bind(storage);
  let failures = 0;
  storage.write = async (changes: StoreItems) => {
    if (failures === 0 && conversationKey in changes) {
      failures++;
      throw new Error('injected: the process died before the state was saved');
    }
    return write(changes);
  };
  const sos = { type: 'message', id: 'sos-cut-off', text: 'SOS' };
  try {
    const first = await chat.post(sos);
    expect(first.status).toBe(200);
    expect(joined(await repliesOf(first))).toMatch(/went wrong/);
  } finally {
    storage.write = write;
  }
  expect(failures).toBe(1);
  const userHash = userHashOf(chat);
  const [created] = await db.models.cases.find({ userHash }).lean();
  expect(created).toBeDefined(); // the effect happened; its "processed" mark did not

  const again = await repliesOf(await chat.post(sos));
  expect(joined(again)).toContain(created!.caseNumber); // the turn ran again and answered, same case number
  expect(joined(again)).not.toMatch(/went wrong/);
  expect(await db.models.cases.countDocuments({ userHash })).toBe(1);
  expect(await db.models.handoffs.countDocuments({ userHash })).toBe(1);

  // (c) Now it finished: a further redelivery is skipped.
  expect(await repliesOf(await chat.post(sos))).toEqual([]);
  expect(await db.models.cases.countDocuments({ userHash })).toBe(1);
});

test('(c) a redelivery of a finished turn is skipped: no reply, no second case; a new message still runs', async () => {
  const chat = await atMenu();
  const talk = { type: 'message', id: 'talk-once', text: '5' };
  const first = joined(await repliesOf(await chat.post(talk)));
  const userHash = userHashOf(chat);
  const cases = await db.models.cases.countDocuments({ userHash });
  expect(first.length).toBeGreaterThan(0);
  for (let i = 0; i < 2; i++) expect(await repliesOf(await chat.post(talk))).toEqual([]);
  expect(await db.models.cases.countDocuments({ userHash })).toBe(cases);
  // A new message still runs.
  expect(joined(await chat.say('menu'))).toMatch(/What do you need\?/);
});

test('a lease left by a killed process lapses: the redelivery waits for it, then runs the turn', async () => {
  const chat = await atMenu();
  const id = 'left-by-a-crash';
  // What a process killed mid-turn leaves: its lease, last renewed 8 s ago (it lapses after 10 s).
  await db.models.processedActivities.create({ _id: app.hotline.hasher.hash('activity', 'emulator', chat.conversationId, id), at: new Date(Date.now() - 8_000) });
  const started = Date.now();
  const replies = joined(await repliesOf(await chat.post({ type: 'message', id, text: 'SOS' })));
  expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
  const [created] = await db.models.cases.find({ userHash: userHashOf(chat) }).lean();
  expect(replies).toContain(created!.caseNumber);
});
