#!/usr/bin/env node
import { quietOnClosedPipes } from './core/io.js';
import { main } from './main.js';

quietOnClosedPipes();

// No top-level await: dist/ is CommonJS (scripts/build.mjs).
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
