// A production start names the profile's unverified facts once, in one warning
// (ids only); elsewhere it stays quiet. Workers never see the doubt.
import { createHotline } from '../../app/hotline';
import { loadConfig } from '../../app/config';
import { connectDatabase } from '../../app/database';
import { Logger } from '../../kernel/logger';
import { openTestDatabase, testDatabaseUri, type TestDatabase } from '../helpers/database';
import { TEST_KEYS } from '../helpers/hotline';
import { TEST_ENCRYPTION_KEY, TEST_HASH_KEY } from '../helpers/keys';

jest.setTimeout(30_000);

let db: TestDatabase;
beforeAll(async () => {
  db = await openTestDatabase('prodwarn');
});
afterAll(async () => {
  await db.close();
});

/** Builds the hotline under NODE_ENV and returns the log lines it wrote. */
async function startLines(nodeEnv: 'production' | 'test'): Promise<Array<Record<string, unknown>>> {
  const lines: Array<Record<string, unknown>> = [];
  const config = loadConfig({
    NODE_ENV: nodeEnv,
    MONGODB_URI: testDatabaseUri(),
    ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    HASH_KEY: TEST_HASH_KEY,
    DIRECTLINE_SECRET: TEST_KEYS.directLineSecret,
    PUBLIC_URL: 'https://hotline.example',
    BOTFRAMEWORK_ENDPOINT: 'off',
  });
  const connection = await connectDatabase(testDatabaseUri(), db.name);
  const hotline = await createHotline(config, TEST_KEYS, connection, new Logger('info', (line) => lines.push(JSON.parse(line) as Record<string, unknown>)));
  await hotline.bus.stop();
  await connection.close();
  return lines;
}

test('NODE_ENV=production: one warning naming every unverified fact by kind and id, and no note text', async () => {
  const warnings = (await startLines('production')).filter((line) => line.event === 'profile.unverified');
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatchObject({
    level: 'warn',
    profile: 'bh',
    count: 10,
    facts: 'contact:policeEmergency,contact:cidTraffickingHotline,contact:epcHotline,contact:cidTransferFeesLine,contact:lmraGeneral,contact:nihrHotline,agency:mwps,rights:passport,rights:changingEmployer,rights:domesticWorkers',
  });
  expect(JSON.stringify(warnings[0])).not.toMatch(/Penal Code|OSAC|Confirm 999/);
});

test('outside production, no such warning', async () => {
  expect((await startLines('test')).filter((line) => line.event === 'profile.unverified')).toEqual([]);
});
