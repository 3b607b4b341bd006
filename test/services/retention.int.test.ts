// The retention purge on the real database: old data goes, recent data stays.
import { fixedClock } from '../../kernel/clock';
import { RetentionService } from '../../services/retention';
import { openTestDatabase, type TestDatabase } from '../helpers/database';

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase('retention');
});
afterAll(async () => db.close());

const DAY = 24 * 60 * 60 * 1000;
const now = new Date('2026-11-29T12:00:00Z');
const ago = (days: number) => new Date(now.getTime() - days * DAY);

const aCase = (caseNumber: string, status: string) => ({
  caseNumber,
  type: 'abuseReport',
  status,
  priority: 'medium',
  channel: 'test',
  userHash: `h-${caseNumber}`,
  language: 'en',
  country: 'BH',
  personal: { narrative: 'e1.k1.x.y.z' },
});

test('purges what is past its time and keeps the rest', async () => {
  const { processedActivities, transcripts, botState, cases, audit } = db.models;
  await processedActivities.create([{ _id: 'old', at: ago(3) }, { _id: 'new', at: ago(0.1) }]);
  await transcripts.create([
    { userHash: 'h', conversationHash: 'c', at: ago(400), from: 'worker', text: 'e1.old' },
    { userHash: 'h', conversationHash: 'c', at: ago(1), from: 'worker', text: 'e1.new' },
  ]);
  await botState.create([{ key: 'stale', version: 1, eTag: '1', data: 'e1', updatedAt: ago(400) }, { key: 'fresh', version: 1, eTag: '1', data: 'e1', updatedAt: ago(1) }]);
  await db.models.webChatActivities.create([
    { conversationId: 'old', seq: 1, at: ago(400), data: 'e1.x' },
    { conversationId: 'new', seq: 1, at: ago(1), data: 'e1.y' },
  ]);
  await cases.create([aCase('BH-2025-000001', 'closed'), aCase('BH-2025-000002', 'inProgress'), aCase('BH-2026-000003', 'closed')]);
  await cases.collection.updateMany({ caseNumber: { $in: ['BH-2025-000001', 'BH-2025-000002'] } }, { $set: { updatedAt: ago(400) } });

  const result = await new RetentionService(db.models, { retentionDays: 365, dedupeHours: 48 }, [], fixedClock(now)).purge();

  expect(result).toEqual({ processedActivities: 1, transcriptLines: 1, botState: 1, webChatActivities: 1, closedCases: 1 });
  expect((await db.models.webChatActivities.find().lean()).map((d) => d.conversationId)).toEqual(['new']);
  expect((await processedActivities.find().lean()).map((d) => d._id)).toEqual(['new']);
  expect((await botState.find().lean()).map((d) => d.key)).toEqual(['fresh']);
  const purged = await cases.findOne({ caseNumber: 'BH-2025-000001' }).lean();
  expect(purged).toMatchObject({ personal: {}, userHash: 'erased', type: 'abuseReport' });
  // An open case keeps its data however old: it is still being worked.
  expect((await cases.findOne({ caseNumber: 'BH-2025-000002' }).lean())!.personal).toEqual({ narrative: 'e1.k1.x.y.z' });
  expect((await cases.findOne({ caseNumber: 'BH-2026-000003' }).lean())!.personal).toEqual({ narrative: 'e1.k1.x.y.z' });
  expect(await audit.countDocuments({ action: 'retentionPurge' })).toBe(1);

  // Running again changes nothing.
  expect(await new RetentionService(db.models, { retentionDays: 365, dedupeHours: 48 }, [], fixedClock(now)).purge()).toEqual({ processedActivities: 0, transcriptLines: 0, botState: 0, webChatActivities: 0, closedCases: 0 });
});
