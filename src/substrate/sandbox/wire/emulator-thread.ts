import { parentPort } from 'node:worker_threads';
import { GatewalkError } from '../../../core/errors.js';
import { preloadEvaluator } from '../services/iam-simulate.js';
import { serveScenario, type SandboxServer } from './server.js';
import type { EmulatorOptions, EmulatorReply, EmulatorRequest, ThreadError } from './emulator-messages.js';

// The body of the emulator's worker thread (dist/sandbox-thread.js): the loopback server of
// server.ts with its state reader, services and policy evaluator, on the machine's other core, so
// that serving a call (and loading iam-simulate) never holds up the session's own thread. It answers
// the few questions the session asks over the message port; AWS calls arrive over HTTP as always.
// The thread may start before the session knows its workspace (emulator.ts, prestartEmulator): it
// loads its server at once, starts serving on its first message, `start`, and then loads the
// policy evaluator.

const port = parentPort!;

function asThreadError(e: unknown): ThreadError {
  if (e instanceof GatewalkError)
    return { said: e.said, ...(e.hint !== undefined ? { hint: e.hint } : {}), exitCode: e.exitCode, ...(e.detail ? { detail: e.detail } : {}) };
  return { said: e instanceof Error ? e.message : String(e) };
}

async function main(input: EmulatorOptions): Promise<void> {
  let server: SandboxServer;
  let region: string;
  try {
    ({ server, region } = await serveScenario(input));
  } catch (e) {
    port.postMessage({ kind: 'failed', error: asThreadError(e) } satisfies EmulatorReply);
    return;
  }
  port.on('message', (m: EmulatorRequest) => {
    if (m.kind === 'start') return; // started already: a second start is ignored
    if (m.kind === 'stats') port.postMessage({ kind: 'stats', stats: server.stats() } satisfies EmulatorReply);
    else
      void server.close().then(
        () => port.postMessage({ kind: 'closed' } satisfies EmulatorReply),
        (e: unknown) => port.postMessage({ kind: 'closed', error: asThreadError(e) } satisfies EmulatorReply),
      );
  });
  port.postMessage({ kind: 'started', endpoint: server.endpoint, region } satisfies EmulatorReply);
  // This thread has a core of its own: the policy evaluator (≈100 modules) and the parser that
  // locates matched statements load now, while the session is still loading its checks and the
  // SDK, instead of when the first simulation waits on them. Not before `started`: loading them
  // takes the thread ~60 ms it cannot answer in, and the session waits on `started`, not on them.
  preloadEvaluator();
}

port.once('message', (m: EmulatorRequest) => {
  if (m.kind === 'start') void main(m.options);
  else port.postMessage({ kind: 'failed', error: { said: `the sandbox thread was asked ${m.kind} before start` } } satisfies EmulatorReply);
});
