import { createRequire } from 'node:module';
import path from 'node:path';
import { workerThreads } from './core/code-cache/builtin.js';
import { spawnEarlyThread } from './core/code-cache/early-thread.js';
import { WORKER_ENTRY_FLAG } from './core/code-cache/dist-worker.js';
import { installCodeCache } from './core/code-cache/install.js';

// dist/boot.js (scripts/build.mjs builds it on its own, Node's modules only): what runs before any
// of gatewalk's chunks. bin/gatewalk.js installs the code cache, then startEarly(), then loads the
// CLI; a worker thread of dist/ starts on this file (src/core/code-cache/dist-worker.ts).

export { installCodeCache };

/**
 * Spawns the sandbox emulator's thread now when the CLI's words read as a headless `run` or
 * `recheck` on the sandbox (src/core/code-cache/early-thread.ts; the emulator adopts it). A rough
 * reading: a thread spawned for a command that does not use it costs only the second core's time
 * (it is unref'd and ends with the process), and a run it misses spawns its own a little later.
 */
export function startEarly(dist: string, argv: readonly string[], env: NodeJS.ProcessEnv): void {
  if (argv.includes('--sandbox') && argv.some((a) => a === 'run' || a === 'recheck')) spawnEarlyThread(dist, 'sandbox-thread.js', env);
}

// Started as a worker thread's script: install the cache, then load the thread's entry.
const flag = process.argv.indexOf(WORKER_ENTRY_FLAG);
if (flag >= 0 && !workerThreads().isMainThread) {
  const entry = process.argv[flag + 1]!;
  const report = installCodeCache(path.dirname(entry), process.env, { worker: true });
  createRequire(entry)(entry);
  report(); // GATEWALK_CODE_CACHE_REPORT: what the entry's load compiled (install.ts)
}
