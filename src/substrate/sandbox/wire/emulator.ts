import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { BUILD_ID } from '../../../core/build-info.js';
import { distWorker } from '../../../core/code-cache/dist-worker.js';
import { GatewalkError } from '../../../core/errors.js';
import type { CallStats } from './call-stats.js';
import type { EmulatorOptions, EmulatorReply, EmulatorRequest, ThreadError } from './emulator-messages.js';

// The emulator a sandbox session talks to. From the build it runs in a worker thread
// (dist/sandbox-thread.js, emulator-thread.ts): serving a call, parsing the scenario's state and
// evaluating policies take the machine's other core instead of the session's, and the AGPL policy
// evaluator loads there, still lazily, still unbundled. From sources (vitest) there is no thread
// entry to start; on a single core a thread would only add its start-up; GATEWALK_SANDBOX_THREAD=off
// asks for the same: the server then runs on the session's own thread. Either way the session sees
// the same loopback endpoint and answers.
//
// Starting a thread costs it ~200 ms of its own core (Node's bootstrap, then the evaluator's ≈150
// modules), and a sandbox run first needs it when its checks send their calls. prestartEmulator()
// spawns it as soon as the command line says a run will want it, before the session has loaded its
// command's code or its program; startEmulator() then hands it the workspace it serves.

export const SANDBOX_THREAD_ENV = 'GATEWALK_SANDBOX_THREAD';


export interface Emulator {
  endpoint: string;
  /** The scenario's region, read from the state the emulator serves. */
  region: string;
  /** AWS calls received so far, per service:Action, with round trips and peak concurrency. */
  stats(): Promise<CallStats>;
  close(): Promise<void>;
}

const threadWanted = (env: NodeJS.ProcessEnv) => BUILD_ID !== undefined && availableParallelism() > 1 && env[SANDBOX_THREAD_ENV] !== 'off';

export function startEmulator(options: EmulatorOptions, env: NodeJS.ProcessEnv = process.env): Promise<Emulator> {
  return threadWanted(env) ? startThread(options) : startInline(options);
}

/** A thread spawned before it has a workspace; what went wrong with it before anyone listened. */
interface Spawned {
  worker: Worker;
  failure?: Error;
  /** Stops recording failures: from now on the caller listens itself. */
  adopt(): void;
}

let prestarted: Spawned | undefined;

/**
 * Spawns the emulator's thread now, for the next startEmulator() of this process to use. Does
 * nothing where startEmulator would not use a thread; a thread never used never keeps the process
 * alive (it is unref'd) and ends with it.
 */
export function prestartEmulator(env: NodeJS.ProcessEnv = process.env): void {
  if (threadWanted(env)) prestarted ??= spawnThread();
}

function spawnThread(): Spawned {
  // Beside the bundle's chunks: scripts/build.mjs emits the thread's entry as dist/sandbox-thread.js.
  const worker = distWorker(new URL('./sandbox-thread.js', import.meta.url));
  // The thread never keeps the process alive by itself: the session's sockets do while it talks.
  worker.unref();
  const spawned: Spawned = { worker, adopt: () => (worker.off('error', early), worker.off('exit', exited)) };
  // Until adopted, an error is kept for startThread to report (an 'error' nobody listens to would
  // end the process).
  const early = (e: Error) => void (spawned.failure ??= e);
  const exited = (code: number) => early(new Error(`the sandbox thread stopped (exit code ${code})`));
  worker.on('error', early);
  worker.on('exit', exited);
  return spawned;
}

async function startInline(options: EmulatorOptions): Promise<Emulator> {
  const { server, region } = await (await import('./server.js')).serveScenario(options);
  return { endpoint: server.endpoint, region, stats: async () => server.stats(), close: () => server.close() };
}

function fromThread(e: ThreadError): Error {
  return new GatewalkError(e.said, e.hint, e.exitCode, e.detail);
}

function startThread(options: EmulatorOptions): Promise<Emulator> {
  const spawned = prestarted ?? spawnThread();
  prestarted = undefined; // a thread serves one workspace
  spawned.adopt();
  const { worker } = spawned;
  // Questions are answered in the order they were asked (the thread handles one message at a time).
  const waiting: { expect: EmulatorReply['kind']; resolve(r: EmulatorReply): void; reject(e: Error): void }[] = [];
  let ended: Error | undefined;
  const ask = <K extends EmulatorReply['kind']>(request: EmulatorRequest, expect: K) =>
    new Promise<Extract<EmulatorReply, { kind: K }>>((resolve, reject) => {
      if (ended) return reject(ended);
      waiting.push({ expect, resolve: resolve as (r: EmulatorReply) => void, reject });
      worker.postMessage(request);
    });
  return new Promise<Emulator>((resolve, reject) => {
    const end = (e: Error) => {
      ended ??= e;
      reject(e); // no effect once started
      for (const w of waiting.splice(0)) w.reject(e);
    };
    if (spawned.failure) return (end(spawned.failure), void worker.terminate());
    worker.on('error', end);
    worker.on('exit', (code) => end(new Error(`the sandbox thread stopped (exit code ${code})`)));
    worker.on('message', (m: EmulatorReply) => {
      if (m.kind === 'failed') {
        end(fromThread(m.error));
        void worker.terminate();
      } else if (m.kind === 'started') {
        resolve({
          endpoint: m.endpoint,
          region: m.region,
          stats: async () => (await ask({ kind: 'stats' }, 'stats')).stats,
          close: async () => {
            if (ended) return;
            const r = await ask({ kind: 'close' }, 'closed');
            ended = new Error('the sandbox thread is closed');
            await worker.terminate();
            if (r.error) throw fromThread(r.error);
          },
        });
      } else {
        const w = waiting.shift();
        if (w?.expect === m.kind) w.resolve(m);
        else w?.reject(new Error(`the sandbox thread answered ${m.kind}, not ${w.expect}`));
      }
    });
    worker.postMessage({ kind: 'start', options } satisfies EmulatorRequest);
  });
}
