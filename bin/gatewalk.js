#!/usr/bin/env node
// Thin launcher: the bundled CLI lives in dist/ (shipped in the npm package; in a clone, built by
// `npm run build`, which `npm start` and `npm test` run first).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../dist/gatewalk.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('gatewalk: dist/gatewalk.js is missing. Run `npm run build` in the gatewalk folder first.\n');
  process.exit(2);
}
await import(entry);
