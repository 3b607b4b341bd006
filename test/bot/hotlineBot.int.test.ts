// What one turn asks of the database, counted with the driver's command
// monitoring: most turns make one read and one write of state, one turn lease
// and nothing else; the transcript waits in the conversation state until a case
// worker may read it, and the handoff is looked for only while one may be open.
import { randomUUID } from 'node:crypto';
import { Chat, joined, startHotline, type RunningHotline } from '../helpers/hotline';
import { transcriptOf } from '../helpers/transcript';

let app: RunningHotline;
/** Commands the hotline's client sent, as "command collection". */
let commands: string[] = [];
const DRIVER = new Set(['hello', 'isMaster', 'ismaster', 'ping', 'endSessions', 'saslStart', 'saslContinue', 'buildInfo']);

beforeAll(async () => {
  app = await startHotline({ monitorCommands: true });
  app.hotline.models.cases.db.getClient().on('commandStarted', (event) => {
    if (DRIVER.has(event.commandName)) return;
    const target = (event.command as Record<string, unknown>)[event.commandName];
    commands.push(`${event.commandName} ${typeof target === 'string' ? target : ''}`.trim());
  });
});
afterAll(async () => {
  await app.stop();
  await app.db.close();
});

/** The commands one turn sent (live events are the console's, on their own timer). */
async function commandsOf(turn: () => Promise<unknown>): Promise<string[]> {
  commands = [];
  await turn();
  return commands.filter((name) => !name.endsWith('liveevents'));
}

const userHashOf = (chat: Chat) => app.hotline.hasher.hash('emulator', chat.userId);

test('a turn at a menu: one state read, one state write, one lease; no transcript and no handoff query', async () => {
  const chat = new Chat(app.url, 'emulator', randomUUID());
  await chat.say('hello');
  await chat.say('1'); // English
  const sent = await commandsOf(() => chat.say('2')); // know your rights
  expect(sent.sort()).toEqual(['find botstate', 'insert processedactivities', 'update botstate'].sort());
});

test('lines wait in the conversation state, in order, until the turn that makes a case writes them all once', async () => {
  const chat = new Chat(app.url, 'emulator', randomUUID());
  const hello = await chat.say('hello');
  const english = await chat.say('1');
  const before = await transcriptOf(app.hotline, userHashOf(chat), 'emulator', chat.conversationId);
  expect(before.stored).toEqual([]);
  expect(before.pending.map((line) => line.from)).toEqual(['worker', ...hello.map(() => 'bot'), 'worker', ...english.map(() => 'bot')]);
  expect(before.pending[0]).toEqual({ from: 'worker', text: 'hello' });

  const sos = await chat.say('SOS'); // a case and a handoff
  expect(joined(sos)).toMatch(/case number/i);
  const after = await transcriptOf(app.hotline, userHashOf(chat), 'emulator', chat.conversationId);
  expect(after.pending).toEqual([]);
  expect(after.stored.slice(0, before.pending.length)).toEqual(before.pending);
  expect(after.stored.slice(before.pending.length)).toEqual([{ from: 'worker', text: 'SOS' }, ...sos.map(() => ({ from: 'bot', text: expect.any(String) }))]);
  expect(await app.db.models.transcripts.countDocuments({ userHash: userHashOf(chat) })).toBe(after.stored.length);
});

test('once queued, every turn looks for the handoff and writes its lines; when none is open any more, the looking stops', async () => {
  const chat = new Chat(app.url, 'emulator', randomUUID());
  await chat.say('hello');
  await chat.say('1');
  await chat.say('SOS');
  const queued = await commandsOf(() => chat.say('are you there?'));
  expect(queued).toContain('find handoffs');
  expect(queued).toContain('insert transcripts');

  // A case worker closes it (as the console does), without the hand-back turn: the next turn finds none open.
  await app.db.models.handoffs.updateMany({ userHash: userHashOf(chat) }, { $set: { status: 'closed', closedAt: new Date() } });
  const closing = await commandsOf(() => chat.say('hello again'));
  expect(closing.filter((name) => name === 'find handoffs')).toHaveLength(1);
  const after = await commandsOf(() => chat.say('menu'));
  expect(after).not.toContain('find handoffs');
  expect(after).not.toContain('insert transcripts');
});
