#!/usr/bin/env node
// The test command: starts a real MongoDB-wire database (FerretDB on a free
// loopback port, data in a temporary folder) unless MONGODB_URI is given,
// runs jest against it, and stops it. Extra arguments go to jest.
'use strict';
const { spawnSync } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

require('ts-node').register({ transpileOnly: true });
const { ensureFerretDb, startFerretDb, DEFAULT_FERRETDB_BIN } = require('../app/database');

async function main() {
  const scratch = mkdtempSync(join(tmpdir(), 'hotline-test-'));
  const env = { ...process.env, XDG_CACHE_HOME: join(scratch, 'cache'), XDG_CONFIG_HOME: join(scratch, 'config'), NODE_ENV: 'test' };
  let database;
  if (!env.MONGODB_URI) {
    const bin = process.env.FERRETDB_BIN || ensureFerretDb(DEFAULT_FERRETDB_BIN);
    if (!bin) {
      console.error('The tests need a database: install Go (to build FerretDB) or set MONGODB_URI.');
      process.exit(2);
    }
    database = await startFerretDb(bin, join(scratch, 'ferretdb'));
    env.MONGODB_URI = database.uri;
    env.FERRETDB_BIN = bin;
    console.log(`test database: FerretDB at ${database.uri} (data in ${scratch})`);
  } else {
    console.log('test database: MONGODB_URI from the environment');
  }
  const jest = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--ci', ...process.argv.slice(2)], { stdio: 'inherit', env });
  if (database) await database.stop();
  rmSync(scratch, { recursive: true, force: true });
  process.exit(jest.status ?? 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
