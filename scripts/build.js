#!/usr/bin/env node
// `npm run build`: compiles the hotline (tsconfig.build.json) into dist/, or
// into the folder given as `--outDir <dir>`, and copies beside the compiled
// code the files it reads at run time, at the same relative paths, so
// `node dist/index.js` finds them as ts-node finds them in the source tree;
// then trains the understanding model into the build's own cache.
'use strict';
const { spawnSync } = require('node:child_process');
const { cpSync, rmSync } = require('node:fs');
const { join, resolve } = require('node:path');

const ROOT = resolve(__dirname, '..');
/** Read through paths computed from __dirname (kernel/i18n.ts, kernel/text/danger.ts, services/countryProfile.ts, channels/webchat/widgetRoutes.ts, console/api/consoleRoutes.ts). */
const ASSETS = ['locales', 'profiles', 'widget', join('console', 'ui')];

const at = process.argv.indexOf('--outDir');
const outDir = resolve(ROOT, at > 0 && process.argv[at + 1] ? process.argv[at + 1] : 'dist');

rmSync(outDir, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', outDir], { stdio: 'inherit', cwd: ROOT });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
for (const asset of ASSETS) cpSync(join(ROOT, asset), join(outDir, asset), { recursive: true });
// The understanding model is trained now, into <outDir>/.cache/understanding, so a start of the build
// loads it instead of training for seconds (bot/understanding/training.ts keys it by its training data).
const train = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(join(outDir, 'bot', 'understanding', 'training.js'))}).trainedClassifier()`], { stdio: 'inherit', cwd: ROOT });
if (train.status !== 0) process.exit(train.status ?? 1);
console.log(`built into ${outDir}`);
