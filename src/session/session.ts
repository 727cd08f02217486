import { writeFile } from 'node:fs/promises';
import type { AwsClients } from '../core/context.js';
import { registryPathFor, resolveWorkspace, type Workspace } from '../engine/workspace.js';
import { loadProgram, type LoadedProgram } from '../load/load-program.js';
import { createAwsClients } from '../substrate/aws-clients.js';
import type { Substrate } from '../core/types.js';

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
  if (options.substrate === 'sandbox') await (await import('../substrate/sandbox/index.js')).ensureSandbox(options.root, options.env);
  const program = await programLoader(options)();
  return { program, workspace: resolveWorkspace(options.root, options.env, options.substrate, program.registry.doc) };
}

export async function openSession(options: SessionOptions): Promise<Session> {
  const { root, env, substrate } = options;
  let stopServer = async () => {};
  let clients: AwsClients;
  if (substrate === 'sandbox') {
    const sandbox = await import('../substrate/sandbox/index.js');
    await sandbox.ensureSandbox(root, env);
    const faults = sandbox.faultsFromEnv(); // validated before anything starts
    const server = await sandbox.startSandboxServer({ stateFile: sandbox.sandboxWorkspacePaths(root, env).state });
    for (const f of faults) server.inject(f);
    stopServer = async () => {
      // Debug/benchmark hook: how many AWS calls this session made, per service:action.
      const stats = process.env.GATEWALK_SANDBOX_STATS;
      if (stats) await writeFile(stats, JSON.stringify(server.calls()));
      await server.close();
    };
    clients = createAwsClients({
      endpoint: server.endpoint,
      region: sandbox.SANDBOX_REGION,
      credentials: { accessKeyId: sandbox.SANDBOX_ACCESS_KEY_ID, secretAccessKey: sandbox.SANDBOX_SECRET_ACCESS_KEY },
    });
  }
  const load = programLoader(options);
  let program: LoadedProgram;
  try {
    program = await load();
  } catch (err) {
    await stopServer();
    throw err;
  }
  clients ??= createAwsClients({
    region: options.region ?? program.resolved.handles.REGION?.value,
    ...(options.profile ? { profile: options.profile } : {}),
  });
  return {
    options,
    program,
    workspace: resolveWorkspace(root, env, substrate, program.registry.doc),
    clients,
    reload: load,
    close: stopServer,
  };
}
