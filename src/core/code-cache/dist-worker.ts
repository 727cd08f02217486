import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker, WorkerOptions } from 'node:worker_threads';
import { workerThreads } from './builtin.js';

/** Tells dist/boot.js, started as a worker thread's script, which entry of dist/ to load. */
export const WORKER_ENTRY_FLAG = '--gatewalk-worker-entry';

/**
 * A worker thread running a built entry of dist/ (`entry`, beside the chunks), its files compiled
 * from the build's code cache like the session's own: the thread starts on dist/boot.js
 * (src/boot.ts), which installs the cache and then loads `entry`. A thread loads its
 * modules afresh; without the cache it would compile them all from source.
 */
export function distWorker(entry: URL | string, options: WorkerOptions = {}): Worker {
  const file = typeof entry === 'string' ? entry : fileURLToPath(entry);
  return new (workerThreads().Worker)(path.join(path.dirname(file), 'boot.js'), { ...options, argv: [WORKER_ENTRY_FLAG, file] });
}
