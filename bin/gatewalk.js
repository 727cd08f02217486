#!/usr/bin/env node
// Thin launcher: the bundled CLI lives in dist/ (built by `npm ci` through the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../dist/gatewalk.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('gatewalk: dist/gatewalk.js is missing. Run `npm ci` (or `npm run build`) in the gatewalk folder first.\n');
  process.exit(2);
}
await import(entry);
