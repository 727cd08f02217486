import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AwsClients } from './engine/context.js';
import { registryPathFor, resolveWorkspace, type Workspace } from './engine/workspace.js';
import { loadProgram, type LoadedProgram } from './load/load-program.js';
import { envFact } from './engine/interpolate.js';
import { GatewalkError } from './errors.js';
import { createAwsClients } from './substrate/aws-clients.js';
import type { Substrate } from './types.js';

export interface SessionOptions {
  root: string;
  env: string;
  substrate: Substrate;
  program?: string;
  profile?: string;
  region?: string;
}

/** What every command needs: the loaded program, where to read/write, and clients for the substrate. */
export interface Session {
  options: SessionOptions;
  program: LoadedProgram;
  workspace: Workspace;
  clients: AwsClients;
  /** The region the clients talk to: the sandbox scenario's, or --region / the registry's region handle. */
  region: string;
  reload(): Promise<LoadedProgram>;
  close(): Promise<void>;
}

/** Reads (and re-reads) the program a session's options name, from the substrate's registry copy. */
export function programLoader(options: SessionOptions): () => Promise<LoadedProgram> {
  const { root, env, substrate } = options;
  return () => loadProgram({ root, env, registryPath: registryPathFor(root, env, substrate), ...(options.program ? { program: options.program } : {}) });
}

/**
 * The program and where it reads/writes, without AWS clients or a server: what offline commands
 * (status, validate, logbook verify) need. On the sandbox the workspace is created if missing.
 */
export async function loadWorkspace(options: SessionOptions): Promise<{ program: LoadedProgram; workspace: Workspace }> {
  if (options.substrate === 'sandbox') await (await import('./substrate/sandbox/index.js')).ensureSandbox(options.root, options.env);
  const program = await programLoader(options)();
  return { program, workspace: resolveWorkspace(options.root, options.env, options.substrate, program.registry.doc) };
}

export async function openSession(options: SessionOptions): Promise<Session> {
  const { root, env, substrate } = options;
  let stopServer = async () => {};
  let clients: AwsClients;
  let sandboxRegion: string | undefined;
  let scenarioFile = '';
  if (substrate === 'sandbox') {
    const sandbox = await import('./substrate/sandbox/index.js');
    const paths = await sandbox.ensureSandbox(root, env);
    const faults = sandbox.faultsFromEnv(); // validated before anything starts
    sandboxRegion = (await sandbox.readState(paths.state)).region; // the scenario's region, never a constant
    scenarioFile = path.relative(root, paths.scenarioFile);
    const server = await sandbox.startSandboxServer({ stateFile: paths.state });
    for (const f of faults) server.inject(f);
    stopServer = async () => {
      // Debug/benchmark hook: how many AWS calls this session made, per service:action.
      const stats = process.env.GATEWALK_SANDBOX_STATS;
      if (stats) await writeFile(stats, JSON.stringify(server.calls()));
      await server.close();
    };
    clients = createAwsClients({
      endpoint: server.endpoint,
      region: sandboxRegion,
      credentials: { accessKeyId: sandbox.SANDBOX_ACCESS_KEY_ID, secretAccessKey: sandbox.SANDBOX_SECRET_ACCESS_KEY },
    });
  }
  const load = programLoader(options);
  let program: LoadedProgram;
  try {
    program = await load();
    if (sandboxRegion) sameRegion(sandboxRegion, program, scenarioFile);
  } catch (err) {
    await stopServer();
    throw err;
  }
  const region = sandboxRegion ?? options.region ?? envFact(program.resolved, 'region', 'REGION');
  clients ??= createAwsClients({ region, ...(options.profile ? { profile: options.profile } : {}) });
  return {
    options,
    program,
    workspace: resolveWorkspace(root, env, substrate, program.registry.doc),
    clients,
    region: region ?? '?',
    reload: load,
    close: stopServer,
  };
}

/** The sandbox serves the scenario's region; a registry pinning another one would test the wrong place. */
function sameRegion(sandboxRegion: string, program: LoadedProgram, scenarioFile: string): void {
  const pinned = envFact(program.resolved, 'region', 'REGION');
  if (pinned === undefined || pinned === sandboxRegion) return;
  throw new GatewalkError(
    `the sandbox serves region ${sandboxRegion} (${scenarioFile}) but the registry pins region ${pinned}`,
    'make the scenario\'s region: and the registry\'s region handle agree, then `gatewalk sandbox reset`',
  );
}
