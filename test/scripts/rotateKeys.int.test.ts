// npm run keys:rotate as a deployer runs it: the new key in the environment, the old one retired.
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { FieldCipher, keyIdOf } from '../../services/crypto';
import { openTestDatabase, testDatabaseUri } from '../helpers/database';

const ROOT = join(__dirname, '..', '..');
jest.setTimeout(60_000);

test('keys:rotate re-encrypts under the new key id, prints its report last, and a second run changes nothing', async () => {
  const db = await openTestDatabase('rotate');
  try {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const old = new FieldCipher('k1', oldKey);
    await db.connection.db!.collection('transcripts').insertMany([
      { text: old.encrypt('my madam took my passport'), from: 'worker' },
      { text: old.encrypt('call me after nine'), from: 'worker' },
    ]);
    const run = () =>
      spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/rotateKeys.ts', '--batch', '1'], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH!,
          HOME: process.env.HOME ?? '/tmp',
          NODE_ENV: 'test',
          MONGODB_URI: `${testDatabaseUri().replace(/\/$/, '')}/${db.name}`,
          ENCRYPTION_KEY: newKey.toString('base64'),
          ENCRYPTION_KEY_ID: 'k2',
          ENCRYPTION_OLD_KEYS: `k1:${oldKey.toString('base64')}`,
        },
        encoding: 'utf8',
      });
    const first = run();
    expect(first.status).toBe(0);
    expect(first.stderr).toMatch(/keys:rotate transcripts: 1 read/);
    expect(JSON.parse(first.stdout.trim().split('\n').at(-1)!)).toMatchObject({ keyId: 'k2', valuesRotated: 2, remaining: 0 });
    const onlyNew = new FieldCipher('k2', newKey);
    const texts = (await db.connection.db!.collection('transcripts').find().toArray()).map((doc) => doc.text as string);
    expect(texts.map(keyIdOf)).toEqual(['k2', 'k2']);
    expect(texts.map((text) => onlyNew.decrypt(text)).sort()).toEqual(['call me after nine', 'my madam took my passport']);

    const second = run();
    expect(second.status).toBe(0);
    expect(JSON.parse(second.stdout.trim().split('\n').at(-1)!)).toMatchObject({ valuesRotated: 0, filesRotated: 0, remaining: 0 });

    // A value under a key the configuration no longer has: reported, and the exit status says so.
    await db.connection.db!.collection('transcripts').insertOne({ text: new FieldCipher('k0', randomBytes(32)).encrypt('lost'), from: 'worker' });
    const third = run();
    expect(third.status).toBe(3);
    expect(JSON.parse(third.stdout.trim().split('\n').at(-1)!)).toMatchObject({ unreadable: 1, remaining: 1 });
  } finally {
    await db.close();
  }
});
