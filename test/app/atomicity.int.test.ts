// The promises the hotline's code relies on, checked against the engine the
// tests run on (mongo-java-server, or MONGODB_URI): a single-document update is
// atomic against concurrent ones, a conditional update is a compare-and-set,
// and a change stream sees what another connection writes.
import type { Connection } from 'mongoose';
import { connectDatabase } from '../../app/database';
import { nextSequence } from '../../models/counter';
import { openTestDatabase, testDatabaseUri, type TestDatabase } from '../helpers/database';

jest.setTimeout(120_000);

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase('atomicity');
});
afterAll(async () => {
  await db.close();
});

test('40 clients × 100 $inc on one document end at exactly 4,000', async () => {
  const counters = db.connection.db!.collection<{ _id: string; n: number }>('counters');
  await counters.insertOne({ _id: 'shared', n: 0 });
  await Promise.all(
    Array.from({ length: 40 }, async () => {
      for (let i = 0; i < 100; i++) await counters.updateOne({ _id: 'shared' }, { $inc: { n: 1 } });
    }),
  );
  expect(await counters.findOne({ _id: 'shared' })).toEqual({ _id: 'shared', n: 4000 });
});

test('40 concurrent conditional claims have exactly one winner, in each of 20 rounds', async () => {
  const claims = db.connection.db!.collection<{ _id: number; holder: number | null }>('claims');
  const winners: number[][] = [];
  for (let round = 0; round < 20; round++) {
    await claims.insertOne({ _id: round, holder: null });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, client) => claims.findOneAndUpdate({ _id: round, holder: null }, { $set: { holder: client } }, { returnDocument: 'before' }).then((before) => (before ? client : undefined))),
    );
    const won = results.filter((client): client is number => client !== undefined);
    winners.push(won);
    // The one that was told it won is the one the document names.
    expect((await claims.findOne({ _id: round }))?.holder).toBe(won[0]);
  }
  expect(winners.map((won) => won.length)).toEqual(Array.from({ length: 20 }, () => 1));
});

test('a change stream sees an insert made through a second connection', async () => {
  let other: Connection | undefined;
  const stream = db.connection.db!.collection('events').watch();
  try {
    // The first tryNext opens the stream on the server (nothing has happened yet, so it finds
    // nothing); an insert before that would not be seen.
    expect(await stream.tryNext()).toBeNull();
    other = await connectDatabase(testDatabaseUri(), db.name);
    await other.db!.collection('events').insertOne({ _id: 'e1', kind: 'claimed' } as never);
    expect(await stream.next()).toMatchObject({ operationType: 'insert', documentKey: { _id: 'e1' }, fullDocument: { _id: 'e1', kind: 'claimed' } });
  } finally {
    await stream.close();
    await other?.close();
  }
});

test('nextSequence (case numbers, live events): 40 at once on a new counter, then 40 more, hand out 1…80 once each', async () => {
  for (let round = 0; round < 2; round++) {
    const got = await Promise.all(Array.from({ length: 40 }, () => nextSequence(db.models.counters, 'seq-under-test')));
    expect([...got].sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, n) => round * 40 + n + 1));
  }
});
