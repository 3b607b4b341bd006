#!/usr/bin/env node
// What the tests need from the system besides node_modules: Debian's Chromium
// and Noto fonts for the browser tests, Java 17 and Maven for the embedded
// database. Run as root where apt-get is, it installs what is missing; anyone
// else is told the one command to run, at once, before anything else runs.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');

/**
 * The widget and console must draw every script workers write in. Debian's
 * fonts-noto-core carries the regular and bold faces of each family their CSS
 * names (fonts-noto-extra adds only other weights and widths): without them
 * Chromium draws boxes, and the screenshots and font checks fail.
 */
const FONT_FAMILIES = ['Noto Sans', 'Noto Sans Arabic', 'Noto Naskh Arabic', 'Noto Nastaliq Urdu', 'Noto Sans Devanagari', 'Noto Sans Bengali', 'Noto Sans Tamil', 'Noto Sans Telugu', 'Noto Sans Malayalam', 'Noto Sans Sinhala', 'Noto Sans Ethiopic'];

const succeeds = (command, args) => spawnSync(command, args, { encoding: 'utf8' }).status === 0;

// Once per process: a second registration would compile every file twice.
if (!process[Symbol.for('ts-node.register.instance')]) require('ts-node').register({ transpileOnly: true });
const { javaMajorVersion, MIN_JAVA_VERSION } = require('../app/database');

/** The Debian packages missing for the tests, given the environment they will run with. */
function missingPackages(env = process.env) {
  const missing = [];
  const chromium = env.CHROMIUM_BIN || '/usr/bin/chromium';
  if (!existsSync(chromium)) missing.push('chromium');
  const fonts = spawnSync('fc-list', [':', 'family'], { encoding: 'utf8' });
  if (fonts.status !== 0) missing.push('fontconfig', 'fonts-noto-core');
  else {
    const families = new Set(fonts.stdout.split('\n').flatMap((line) => line.split(',').map((name) => name.trim())));
    if (FONT_FAMILIES.some((family) => !families.has(family))) missing.push('fonts-noto-core');
  }
  // The embedded database, unless the tests are given one (or a prebuilt launcher).
  if (!env.MONGODB_URI) {
    const java = javaMajorVersion();
    if (java === undefined || java < MIN_JAVA_VERSION) missing.push(`openjdk-${MIN_JAVA_VERSION}-jdk-headless`);
    if (!(env.EMBEDDED_DB_JAR && existsSync(env.EMBEDDED_DB_JAR)) && !succeeds('mvn', ['-v'])) missing.push('maven');
  }
  return missing;
}

/** Installs what is missing as root with apt-get; otherwise exits 2 with the command to run. */
function ensureSystemPackages(env = process.env) {
  const missing = missingPackages(env);
  if (missing.length === 0) return;
  const command = `apt-get install -y ${missing.join(' ')}`;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !succeeds('apt-get', ['--version'])) {
    console.error(`The tests need system packages that are missing (${missing.join(', ')}). Install them with:\n\n  sudo apt-get update && sudo ${command}\n`);
    process.exit(2);
  }
  console.log(`test setup: installing ${missing.join(', ')} with apt-get`);
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', ...missing]]) {
    const run = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env: aptEnv });
    if (run.status !== 0) {
      console.error(`apt-get ${args[0]} failed (exit ${run.status}); run \`${command}\` yourself and try again.`);
      process.exit(2);
    }
  }
  const still = missingPackages(env);
  if (still.length > 0) {
    console.error(`Still missing after apt-get: ${still.join(', ')}.`);
    process.exit(2);
  }
}

module.exports = { ensureSystemPackages, missingPackages };

if (require.main === module) ensureSystemPackages();
