#!/usr/bin/env node
// `npm start`: in production the compiled code (`npm run build` first), else
// the TypeScript sources through ts-node, as in development.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

if (process.env.NODE_ENV === 'production') {
  const entry = join(__dirname, '..', 'dist', 'index.js');
  if (!existsSync(entry)) {
    process.stderr.write('The hotline could not start: dist/index.js is missing; run `npm run build` first.\n');
    process.exit(1);
  }
  require(entry);
} else {
  require('ts-node').register({ transpileOnly: true });
  require(join(__dirname, '..', 'index.ts'));
}
