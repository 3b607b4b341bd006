// `npm run build` as a deployer runs it: the compiled entry, with the files it
// reads copied beside it and the understanding model trained into its cache,
// boots on the test database (loading that model, not training) and answers /healthz.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { testDatabaseUri } from '../helpers/database';

const ROOT = join(__dirname, '..', '..');

jest.setTimeout(180_000);

test('npm run build compiles an entry that serves /healthz with node alone', async () => {
  // Inside the project (under the ignored dist/) so the compiled code finds node_modules.
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const outDir = mkdtempSync(join(ROOT, 'dist', 'build-test-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'hotline-build-'));
  try {
    const build = spawnSync('npm', ['run', 'build', '--', '--outDir', relative(ROOT, outDir)], { cwd: ROOT, encoding: 'utf8' });
    expect({ status: build.status, stderr: build.status === 0 ? '' : build.stderr }).toEqual({ status: 0, stderr: '' });
    for (const asset of ['index.js', 'app/hotline.js', 'locales/en/common.json', 'profiles', 'widget/widget.js', 'console/ui/index.html', 'scripts/rotateKeys.js', 'scripts/addConsoleUser.js']) {
      expect([asset, existsSync(join(outDir, asset))]).toEqual([asset, true]);
    }
    expect(existsSync(join(outDir, 'test'))).toBe(false);
    expect(readdirSync(join(outDir, '.cache', 'understanding')).filter((file) => file.endsWith('.model'))).toHaveLength(1);

    const child = spawn(process.execPath, [join(outDir, 'index.js')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', MONGODB_URI: testDatabaseUri(), DATA_DIR: dataDir },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let log = '';
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no server.listening within 60 s:\n${log}`)), 60_000);
        createInterface({ input: child.stderr! }).on('line', (line) => {
          log += line + '\n';
          const match = /"event":"server.listening","url":"(http:\/\/[^"]+)"/.exec(line);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`exited with ${code} before listening:\n${log}`));
        });
      });
      expect(log).toMatch(/"event":"understanding.ready".*"source":"cached"/);
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', database: 'ok', spooledTurns: 0 });
    } finally {
      if (child.exitCode === null) child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
});
