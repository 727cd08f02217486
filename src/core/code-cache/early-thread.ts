import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { os } from './builtin.js';
import { distWorker } from './dist-worker.js';

// The sandbox emulator's worker thread (src/substrate/sandbox/wire/emulator.ts) takes ~100 ms of
// Node's own start-up, then loads its server and the policy evaluator, before it can answer the
// session's first call: the earlier it is spawned, the less the session waits for it. dist/boot.js
// (src/boot.ts) spawns it before the CLI's code loads when the command line is a headless run on the
// sandbox (spawnEarlyThread); the emulator adopts it (takeEarly) or spawns its own.

/** Set to `off` to run the emulator on the session's own thread. */
const SANDBOX_THREAD_ENV = 'GATEWALK_SANDBOX_THREAD';

/** Whether the sandbox emulator gets a thread: a second core, and not turned off. */
export const sandboxThreadWanted = (env: NodeJS.ProcessEnv) => os().availableParallelism() > 1 && env[SANDBOX_THREAD_ENV] !== 'off';

/** A thread nobody listens to yet: what went wrong with it until then. */
export interface EarlyThread {
  worker: Worker;
  failure?: Error;
  /** Stops recording failures: from now on the caller listens itself. */
  adopt(): void;
}

/** Spawns the thread of dist/`entry` (a file beside the chunks), recording its failures until adopted. */
export function spawnThread(entry: string): EarlyThread {
  const worker = distWorker(entry);
  // The thread never keeps the process alive by itself: the session's sockets do while it talks.
  worker.unref();
  const spawned: EarlyThread = { worker, adopt: () => (worker.off('error', early), worker.off('exit', exited)) };
  // Until adopted, an error is kept for the adopter to report (an 'error' nobody listens to would
  // end the process).
  const early = (e: Error) => void (spawned.failure ??= e);
  const exited = (code: number) => early(new Error(`the sandbox thread stopped (exit code ${code})`));
  worker.on('error', early);
  worker.on('exit', exited);
  return spawned;
}

const EARLY = Symbol.for('gatewalk.earlyThread');
type Holder = { [EARLY]?: { entry: string; thread: EarlyThread } };

/** Spawns the thread of dist/`entry` now, if it is wanted, for takeEarly() to hand over (src/boot.ts decides when). */
export function spawnEarlyThread(dist: string, entry: string, env: NodeJS.ProcessEnv): void {
  if (sandboxThreadWanted(env)) (globalThis as Holder)[EARLY] = { entry, thread: spawnThread(path.join(dist, entry)) };
}

/** The thread spawnEarlyThread() spawned for dist/`entry`, once. */
export function takeEarly(entry: string): EarlyThread | undefined {
  const g = globalThis as Holder;
  const held = g[EARLY];
  if (held?.entry !== entry) return undefined;
  delete g[EARLY];
  return held.thread;
}
