#!/usr/bin/env node
import { exitOnceWritten, quietOnClosedPipes } from './core/io.js';
import { main } from './main.js';

quietOnClosedPipes();

// No top-level await: dist/ is CommonJS (scripts/build.mjs).
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  // Every command's work is done when main() returns (writes awaited, locks released, clients and
  // threads closed): leave once the output is out, without Node's wind-down (core/io.ts).
  exitOnceWritten(code);
});
