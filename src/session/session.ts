import { confineWorkspace } from '../core/confine.js';
import type { AwsClients } from '../core/context.js';
import { envFact } from '../core/interpolate.js';
import type { Substrate } from '../core/types.js';
import type { Workspace } from '../core/workspace.js';
import { loadProgram, type LoadedProgram } from '../load/load-program.js';
import { openSubstrate, type OpenedSubstrate } from '../substrate/open-substrate.js';
import { refuseStaleRegistry, type RegistryCopyStatus } from '../substrate/sandbox/workspace/registry-copy.js';
import type { AwsTimeouts } from '../substrate/aws-timeouts.js';

export interface SessionOptions {
  root: string;
  env: string;
  substrate: Substrate;
  program?: string;
  profile?: string;
  region?: string;
  /** AWS calls in flight at once across the session (default: the substrate's). */
  awsConcurrency?: number;
  /** Longest waits for an AWS endpoint, per attempt (default: the substrate's). */
  awsTimeouts?: AwsTimeouts;
}

/** What every command needs: the loaded program, where to read/write, and clients for the substrate. */
export interface Session {
  options: SessionOptions;
  program: LoadedProgram;
  workspace: Workspace;
  /** The region checks run in, as the substrate decided it. */
  region: string | undefined;
  clients: AwsClients;
  reload(): Promise<LoadedProgram>;
  close(): Promise<void>;
}

/**
 * Reads (and re-reads) the program a session's options name, from the substrate's registry. A
 * session that runs checks refuses a sandbox registry copy that is not current, on every read (an
 * edit of registry/<env>.yaml while the console is open is caught at the next phase opened).
 */
function programLoader(
  options: SessionOptions,
  substrate: Pick<OpenedSubstrate, 'registryPath' | 'registryCopy'>,
  refuseStale: boolean,
): () => Promise<LoadedProgram> {
  const { root, env } = options;
  return async () => {
    const copy = refuseStale ? await substrate.registryCopy() : undefined;
    if (copy) refuseStaleRegistry(copy);
    return loadProgram({
      root,
      env,
      registryPath: substrate.registryPath,
      cache: true,
      ...(options.program ? { program: options.program } : {}),
    });
  };
}

/**
 * The program and where it reads/writes, without AWS clients: what offline commands (status,
 * validate, logbook verify) need. On the sandbox the workspace is created if missing.
 */
export async function loadWorkspace(
  options: SessionOptions,
): Promise<{ program: LoadedProgram; workspace: Workspace; registryCopy?: RegistryCopyStatus }> {
  const substrate = await openSubstrate(options);
  try {
    const program = await programLoader(options, substrate, false)();
    const workspace = substrate.workspace(program.registry.doc);
    await confineWorkspace(workspace);
    const registryCopy = await substrate.registryCopy();
    return { program, workspace, ...(registryCopy ? { registryCopy } : {}) };
  } finally {
    await substrate.close();
  }
}

export async function openSession(options: SessionOptions): Promise<Session> {
  const substrate = await openSubstrate(options);
  substrate.warm();
  const load = programLoader(options, substrate, true);
  let program: LoadedProgram;
  let region: string | undefined;
  let workspace: Workspace;
  try {
    program = await load();
    region = await substrate.region(envFact(program.resolved, 'region', 'REGION'));
    workspace = substrate.workspace(program.registry.doc);
    await confineWorkspace(workspace);
  } catch (err) {
    await substrate.close();
    throw err;
  }
  return {
    options,
    program,
    workspace,
    region,
    clients: substrate.clients(region),
    reload: load,
    close: () => substrate.close(),
  };
}
