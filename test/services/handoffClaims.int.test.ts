// Claims and transfers as conditional updates on the handoff itself: of many
// case workers claiming at once, exactly one holds it, and every other one is told who.
import { Types } from 'mongoose';
import { HandoffService } from '../../services/handoff';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { testCipher } from '../helpers/keys';

let db: TestDatabase;
let handoff: HandoffService;
beforeAll(async () => {
  db = await openTestDatabase('claims');
  handoff = new HandoffService(db.models.handoffs, testCipher(), { from: '00:00', until: '23:59', timezone: 'UTC' });
});
afterAll(async () => db.close());

const enqueue = (n: number) =>
  handoff.enqueue({ caseId: new Types.ObjectId().toHexString(), caseNumber: `T-${n}`, priority: 'high', reasons: [], language: 'en', channel: 'test', userHash: `u-${n}-${Math.random()}`, reference: { conversation: { id: `c-${n}` } as never } });

test.each([1, 2, 3, 4, 5])('20 case workers claim one handoff at once: exactly one holds it (round %i)', async (round) => {
  const { id } = await enqueue(round);
  const outcomes = await Promise.all(Array.from({ length: 20 }, (_, n) => handoff.claim(id, `cw${n}`)));
  const winners = outcomes.flatMap((outcome, n) => (outcome.claimed ? [`cw${n}`] : []));
  expect(winners).toHaveLength(1);
  for (const outcome of outcomes) if (!outcome.claimed) expect(outcome.heldBy).toBe(winners[0]);
  expect(await db.models.handoffs.findById(id).lean()).toMatchObject({ status: 'claimed', claimedBy: winners[0] });
  // The holder claiming again is still theirs; after a transfer the new holder has it and the old one does not.
  expect(await handoff.claim(id, winners[0])).toEqual({ claimed: true });
  await handoff.transfer(id, 'cw-next');
  expect(await handoff.claim(id, winners[0])).toEqual({ claimed: false, heldBy: 'cw-next' });
  await handoff.release(id, 'cw-next');
  expect(await handoff.claim(id, 'cw-after')).toEqual({ claimed: true });
});

test('a handoff that is closed or unknown cannot be claimed or transferred', async () => {
  const { id } = await enqueue(99);
  await handoff.claim(id, 'cw1');
  await handoff.close(id, 'cw1');
  await expect(handoff.claim(id, 'cw2')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  await expect(handoff.transfer(id, 'cw2')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  await expect(handoff.claim(new Types.ObjectId().toHexString(), 'cw2')).rejects.toMatchObject({ code: 'NOT_FOUND' });
});
