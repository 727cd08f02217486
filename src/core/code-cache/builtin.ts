import { createRequire } from 'node:module';

// Node's own modules that dist/boot.js (src/boot.ts) and the bundled AWS SDK need only sometimes:
// worker_threads on a worker thread or when one is spawned, os to count cores, https and zlib below.
// Every command passes through boot.js, and a builtin that is not in Node's start-up snapshot is
// compiled when first required (worker_threads pulls in four more): `--help` loaded them for
// nothing. Required on first use instead.

// Any file name serves: only Node's own modules are required through it.
const load = createRequire(process.execPath);

export const workerThreads = () => load('node:worker_threads') as typeof import('node:worker_threads');
export const os = () => load('node:os') as typeof import('node:os');
// For the AWS SDK as bundled (scripts/lazy-builtins.mjs): https only for an https endpoint, zlib
// only for a CRC-32; and for the sandbox's server, zlib only for a gzip-encoded body.
export const https = () => load('node:https') as typeof import('node:https');
export const zlib = () => load('node:zlib') as typeof import('node:zlib');
