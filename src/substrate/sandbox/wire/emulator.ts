import { fileURLToPath } from 'node:url';
import { BUILD_ID } from '../../../core/build-info.js';
import { sandboxThreadWanted, spawnThread, takeEarly, type EarlyThread } from '../../../core/code-cache/early-thread.js';
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
// Starting a thread costs it ~200 ms of its own core (Node's bootstrap, then the evaluator's ≈100
// modules), and a sandbox run first needs it when its checks send their calls. dist/boot.js spawns
// it at process start when the command line reads as a run on the sandbox
// (src/core/code-cache/early-thread.ts); otherwise prestartEmulator() does, as soon as the CLI has
// parsed its words, before the session has loaded its command's code or its program.
// startEmulator() then hands it the workspace it serves.

export interface Emulator {
  endpoint: string;
  /** The scenario's region, read from the state the emulator serves. */
  region: string;
  /** AWS calls received so far, per service:Action, with round trips and peak concurrency. */
  stats(): Promise<CallStats>;
  close(): Promise<void>;
}

const threadWanted = (env: NodeJS.ProcessEnv) => BUILD_ID !== undefined && sandboxThreadWanted(env);

export function startEmulator(options: EmulatorOptions, env: NodeJS.ProcessEnv = process.env): Promise<Emulator> {
  return threadWanted(env) ? startThread(options) : startInline(options);
}

let prestarted: EarlyThread | undefined;

// Beside the bundle's chunks: scripts/build.mjs emits the thread's entry as dist/sandbox-thread.js.
const THREAD_ENTRY = 'sandbox-thread.js';
/** The thread dist/boot.js spawned at process start, or a new one. */
const emulatorThread = () => takeEarly(THREAD_ENTRY) ?? spawnThread(fileURLToPath(new URL(`./${THREAD_ENTRY}`, import.meta.url)));

/**
 * Spawns the emulator's thread now, for the next startEmulator() of this process to use, unless
 * dist/boot.js spawned it already (at process start). Does nothing where startEmulator would not
 * use a thread; a thread never used never keeps the process alive (it is unref'd) and ends with it.
 */
export function prestartEmulator(env: NodeJS.ProcessEnv = process.env): void {
  if (threadWanted(env)) prestarted ??= emulatorThread();
}

async function startInline(options: EmulatorOptions): Promise<Emulator> {
  const { server, region } = await (await import('./server.js')).serveScenario(options);
  return { endpoint: server.endpoint, region, stats: async () => server.stats(), close: () => server.close() };
}

function fromThread(e: ThreadError): Error {
  return new GatewalkError(e.said, e.hint, e.exitCode, e.detail);
}

function startThread(options: EmulatorOptions): Promise<Emulator> {
  const spawned = prestarted ?? emulatorThread();
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
            // Not awaited: the server is closed, so nothing of the session's waits on the thread
            // any more, and its isolate's teardown took ~15 ms of a green M4.C's wall time. The
            // thread is unref'd: it never holds the process open while it stops.
            void worker.terminate();
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
