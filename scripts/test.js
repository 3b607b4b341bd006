#!/usr/bin/env node
// The test command: checks the system packages the tests need (installing them
// as root, else saying the one command to run), starts a real MongoDB-wire
// database (our mongo-java-server launcher on a free loopback port, in memory)
// unless MONGODB_URI is given, runs jest against it, and stops it. Extra
// arguments go to jest.
'use strict';
const { spawnSync } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { ensureSystemPackages } = require('./systemPackages');

// Once per process: a second registration would compile every file twice.
if (!process[Symbol.for('ts-node.register.instance')]) require('ts-node').register({ transpileOnly: true });
const { ensureMongoJavaServer, startMongoJavaServer, MIN_JAVA_VERSION } = require('../app/database');

async function main() {
  ensureSystemPackages();
  const scratch = mkdtempSync(join(tmpdir(), 'hotline-test-'));
  const env = { ...process.env, XDG_CACHE_HOME: join(scratch, 'cache'), XDG_CONFIG_HOME: join(scratch, 'config'), NODE_ENV: 'test' };
  let database;
  if (!env.MONGODB_URI) {
    const jar = process.env.EMBEDDED_DB_JAR || ensureMongoJavaServer();
    if (!jar) {
      console.error(`The tests need a database: install Java ${MIN_JAVA_VERSION} and Maven (to build scripts/mongo-java-server) or set MONGODB_URI.`);
      process.exit(2);
    }
    // In memory: a test database lives as long as its test file, and writes ran 2-3 times faster
    // than on an H2 file here. The file store has its own tests (test/app/embeddedDatabase.int.test.ts).
    database = await startMongoJavaServer(jar, { memory: true });
    env.MONGODB_URI = database.uri;
    env.EMBEDDED_DB_JAR = jar;
    console.log(`test database: mongo-java-server (in memory) at ${database.uri}`);
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
