#!/usr/bin/env node
// Thin launcher: the bundled CLI lives in dist/ (shipped in the npm package; in a clone, built by
// `npm run build`, which `npm start` and `npm test` run first). dist/ is CommonJS, compiled from the
// V8 code cache the build leaves in dist/v8 (dist/boot.js, src/boot.ts); a headless run on the
// sandbox has the emulator's thread spawned before anything else loads. This file is CommonJS too
// (bin/package.json): an ES module entry would start Node's ES module loader for nothing.
'use strict';
const { existsSync } = require('node:fs');
const path = require('node:path');

const dist = path.join(__dirname, '..', 'dist');
const entry = path.join(dist, 'gatewalk.js');
if (!existsSync(entry)) {
  process.stderr.write('gatewalk: dist/gatewalk.js is missing. Run `npm run build` in the gatewalk folder first.\n');
  process.exit(2);
}
const boot = require(path.join(dist, 'boot.js'));
boot.installCodeCache(dist);
boot.startEarly(dist, process.argv.slice(2), process.env);
require(entry);
