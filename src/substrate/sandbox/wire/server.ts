import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { dispatch, type Dependencies } from './dispatch.js';
import { FaultBook, type SandboxFault } from './faults.js';
import type { SandboxService } from './reply.js';
import { StateReader } from '../state/state-reader.js';
import { CallLog, type CallStats } from './call-stats.js';
import { kmsActions, SandboxKmsKey } from '../services/kms.js';
import { zlib } from '../../../core/code-cache/builtin.js';

// The embedded AWS emulator: a loopback HTTP server speaking STS/IAM Query, EC2 Query and SSM/KMS JSON 1.1, so
// the real SDK clients (and the `aws` CLI) talk to it unchanged through `endpoint`.

export interface SandboxServerOptions {
  /** state.json of a sandbox workspace; re-read whenever it changes on disk. */
  stateFile: string;
  /** 0 or absent: any free port. */
  port?: number;
  host?: string;
}

export interface SandboxServer {
  endpoint: string;
  port: number;
  /** The scenario's region, from the state as it is now. */
  region(): Promise<string>;
  close(): Promise<void>;
  inject(fault: SandboxFault): void;
  clearFaults(): void;
  /** AWS calls received, keyed `service:Action` (e.g. `iam:SimulatePrincipalPolicy`), retries included. */
  calls(): Record<string, number>;
  /** Calls, sequential round trips and peak concurrency since start (or the last reset). */
  stats(): CallStats;
  resetCalls(): void;
}

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The server a sandbox session talks to, wherever it runs (the emulator's thread or the session's
 * own): started on the scenario's state, the faults injected, the region read; closed again when
 * either fails, so a refused start never leaves a listener behind.
 */
export async function serveScenario(options: { stateFile: string; faults: SandboxFault[] }): Promise<{ server: SandboxServer; region: string }> {
  const server = await startSandboxServer({ stateFile: options.stateFile });
  try {
    for (const f of options.faults) server.inject(f);
    return { server, region: await server.region() };
  } catch (e) {
    await server.close();
    throw e;
  }
}

export async function startSandboxServer(options: SandboxServerOptions): Promise<SandboxServer> {
  const host = options.host ?? '127.0.0.1';
  const state = new StateReader(options.stateFile);
  await state.current(); // refuse to start on a missing or invalid state file, naming it
  const faults = new FaultBook();
  let log = new CallLog();
  const deps: Dependencies = {
    state,
    kms: kmsActions(SandboxKmsKey.beside(options.stateFile)),
    faults,
    count: (service: SandboxService, action: string) => log.begin(`${service}:${action || '(none)'}`),
    sleep: (ms: number) => sleep(ms),
  };

  const server = createServer((req, res) => {
    void serve(req, res, deps);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return {
    endpoint: `http://${hostPart}:${port}`,
    port,
    region: async () => (await state.current()).region,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections(); // SDK keep-alive sockets would otherwise hold close() open
      }),
    inject: (fault) => faults.inject(fault),
    clearFaults: () => faults.clear(),
    calls: () => log.calls(),
    stats: () => log.stats(),
    resetCalls: () => {
      log = new CallLog();
    },
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, deps: Dependencies): Promise<void> {
  try {
    const body = await readBody(req);
    const reply = await dispatch({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body }, deps);
    res.writeHead(reply.status, { ...reply.headers, 'content-length': Buffer.byteLength(reply.body) });
    res.end(reply.body);
  } catch (e) {
    // Only transport problems land here (oversized or unreadable body); AWS errors are replies.
    if (!res.headersSent) res.writeHead(e instanceof BodyTooLarge ? 413 : 400, { 'content-type': 'text/plain', 'x-amzn-requestid': randomUUID() });
    res.end((e as Error).message);
  }
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge('request body larger than 1 MiB');
    chunks.push(chunk);
  }
  const raw = Buffer.concat(chunks);
  // zlib is required only for a compressed body (no command gatewalk sends compresses): the
  // emulator's thread is what a run on the sandbox waits for first.
  return (req.headers['content-encoding'] === 'gzip' ? zlib().gunzipSync(raw) : raw).toString('utf8');
}
