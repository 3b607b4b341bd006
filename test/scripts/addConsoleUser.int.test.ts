// The maintenance commands, run as a deployer runs them.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { databaseNameOf } from '../../app/database';
import { openTestDatabase, testDatabaseUri } from '../helpers/database';

const ROOT = join(__dirname, '..', '..');
jest.setTimeout(60_000);

test('databaseNameOf reads the database from a URI, if it names one', () => {
  expect(databaseNameOf('mongodb://db:27017/cases?retryWrites=true')).toBe('cases');
  expect(databaseNameOf('mongodb+srv://u:p@cluster.example/hotline')).toBe('hotline');
  expect(databaseNameOf('mongodb://127.0.0.1:27017/')).toBeUndefined();
  expect(databaseNameOf('mongodb://127.0.0.1:27017')).toBeUndefined();
});

test('console:add-user adds an account with a hashed password and says so once', async () => {
  const db = await openTestDatabase('adduser');
  try {
    const uri = `${testDatabaseUri().replace(/\/$/, '')}/${db.name}`;
    const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/addConsoleUser.ts', '--username', 'fatima', '--name', 'Fatima', '--roles', 'caseWorker,supervisor', '--languages', 'ar,en'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', MONGODB_URI: uri, NODE_ENV: 'test' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Added fatima \(caseWorker, supervisor; languages: ar, en\)/);
    const password = /Password \(shown once\): (\S+)/.exec(run.stdout)?.[1];
    expect(password).toBeDefined();
    const user = await db.models.consoleUsers.findOne({ username: 'fatima' }).lean();
    expect(user!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user!.passwordHash).not.toContain(password!);

    const bad = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/addConsoleUser.ts', '--username', 'x'], { cwd: ROOT, env: { PATH: process.env.PATH!, MONGODB_URI: uri }, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/Usage: npm run console:add-user/);
  } finally {
    await db.close();
  }
});
