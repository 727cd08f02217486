import path from 'node:path';
import { stat, writeFile } from 'node:fs/promises';
import { resolveInside } from '../core/confine.js';
import type { AwsClients } from '../core/context.js';
import { GatewalkError } from '../core/errors.js';
import type { RegistryDoc } from '../core/registry-schema.js';
import type { Substrate } from '../core/types.js';
import type { Workspace } from '../core/workspace.js';
import { createAwsClients, type AwsClientOptions } from './aws-clients.js';
import type { AwsTimeouts } from './aws-timeouts.js';
import { advice, cmd } from '../core/advice.js';
import { SANDBOX_ACCESS_KEY_ID, SANDBOX_SECRET_ACCESS_KEY } from './sandbox/wire/credentials.js';
import { FAULTS_ENV } from './sandbox/wire/fault-env.js';
import type { Emulator } from './sandbox/wire/emulator.js';
import { registryCopyStatus, type RegistryCopyStatus } from './sandbox/workspace/registry-copy.js';
import { sandboxWorkspacePaths } from './sandbox/workspace/workspace-paths.js';

// The one place that knows whether this is the sandbox or a real account. Everything that differs
// between the two (where the registry is read from, where evidence goes, the region, the AWS
// clients and what closing means) comes out of openSubstrate(); no other module branches on it.

export interface SubstrateOptions {
  root: string;
  env: string;
  substrate: Substrate;
  profile?: string;
  region?: string;
  /** AWS calls in flight at once across the session (default: DEFAULT_AWS_CONCURRENCY). */
  awsConcurrency?: number;
  /** Longest waits for an AWS endpoint, per attempt (default: DEFAULT_AWS_TIMEOUTS). */
  awsTimeouts?: AwsTimeouts;
}

export interface OpenedSubstrate {
  kind: Substrate;
  /** The registry file the program is loaded from (the sandbox keeps its own copy). */
  registryPath: string;
  /**
   * Whether the sandbox's registry copy was made from what registry/<env>.yaml holds now (read
   * afresh on each call); undefined on a real account, which reads that file itself.
   */
  registryCopy(): Promise<RegistryCopyStatus | undefined>;
  /** Where a run reads and writes, given the loaded registry's `paths:` and Terraform sources. */
  workspace(registry: RegistryDoc): Workspace;
  /**
   * The region checks run in, given the region the registry pins: the sandbox scenario's (which
   * must equal the pin: a mismatch would rehearse the wrong place), or --region, else the pin.
   */
  region(pinnedRegion: string | undefined): Promise<string | undefined>;
  /**
   * Starts, in the background, what the session's AWS calls will need (the sandbox's emulator), so
   * that it boots while the program loads; a session that makes no call pays nothing on its own thread.
   */
  warm(): void;
  /** AWS clients for the decided region, created on first use (on the sandbox the emulator starts with the first one). */
  clients(region: string | undefined): AwsClients;
  /** Aborts every AWS call still in flight and frees its sockets (then stops the emulator). */
  close(): Promise<void>;
}

export async function openSubstrate(options: SubstrateOptions): Promise<OpenedSubstrate> {
  return options.substrate === 'sandbox' ? openSandbox(options) : openAws(options);
}

/** Clients made by one substrate, closed with it: an AWS call still hanging must not outlive the session. */
function clientFactory(options: SubstrateOptions) {
  const made: { close(): void }[] = [];
  return {
    make(config: AwsClientOptions | (() => Promise<AwsClientOptions>)): AwsClients {
      const clients = createAwsClients(config, options.awsConcurrency, options.awsTimeouts);
      made.push(clients);
      return clients;
    },
    close: () => made.forEach((c) => c.close()),
  };
}

function openAws(options: SubstrateOptions): OpenedSubstrate {
  const { root, env } = options;
  const factory = clientFactory(options);
  const at = (p: string) => resolveInside(root, p, 'registry path');
  const region = async (pinned: string | undefined) => options.region ?? pinned;
  return {
    kind: 'aws',
    registryPath: path.join(root, 'registry', `${env}.yaml`),
    registryCopy: async () => undefined,
    workspace: (registry) => ({
      root,
      env,
      substrate: 'aws',
      registryPath: path.join(root, 'registry', `${env}.yaml`),
      evidenceRoot: at(registry.paths.evidence_root),
      documentsRoot: root,
      logbookPath: at(registry.paths.logbook),
      implActualPath: at(registry.paths.impl_actual),
      terraformPaths: Object.fromEntries(Object.entries(registry.terraform?.sources ?? {}).map(([s, v]) => [s, at(v.path)])),
    }),
    region,
    warm: () => undefined,
    clients: (r) => factory.make({ ...(r ? { region: r } : {}), ...(options.profile ? { profile: options.profile } : {}) }),
    close: async () => factory.close(),
  };
}

async function openSandbox(options: SubstrateOptions): Promise<OpenedSubstrate> {
  const { root, env } = options;
  // The emulator (its state machine, services, the scenario's YAML and their schemas) loads only when
  // something needs it: a missing workspace to build, faults to inject, the region, an AWS call.
  // `status` and `validate` read an existing workspace's paths and registry copy without it.
  // Each part is its own module: a run on an existing workspace never loads the scenario's YAML.
  let paths = sandboxWorkspacePaths(root, env);
  if (
    !(await stat(paths.state).then(
      (s) => s.isFile(),
      () => false,
    ))
  )
    paths = await (await import('./sandbox/workspace/workspace.js')).ensureSandbox(root, env);
  const faults = process.env[FAULTS_ENV] ? (await import('./sandbox/wire/fault-spec.js')).faultsFromEnv() : []; // validated before anything starts
  const factory = clientFactory(options);
  let emulator: Promise<Emulator> | undefined;
  // A closed session never starts the emulator: a lookup still in flight when the command ended
  // (an error mid-run) would otherwise start a server nobody closes and the process would hang.
  let closed = false;
  let scenarioRegion: Promise<string> | undefined; // the scenario's region, never a constant
  const region = () =>
    (scenarioRegion ??= import('./sandbox/state/state-vouch.js').then(
      async ({ readCheckedState }) => (await readCheckedState(paths.state)).region,
    ));
  const started = () =>
    closed
      ? Promise.reject(new GatewalkError('the sandbox session is already closed'))
      : (emulator ??= import('./sandbox/wire/emulator.js').then(({ startEmulator }) => startEmulator({ stateFile: paths.state, faults })));
  const scenarioFile = path.relative(root, paths.scenarioFile);
  const config = async (): Promise<AwsClientOptions> => {
    const [e, r] = await Promise.all([started(), region()]);
    // Both read the scenario's state; one replaced in between must not mix two places.
    if (e.region !== r)
      throw new GatewalkError(`the sandbox's state changed region while the session opened (${r} → ${e.region}): ${scenarioFile}`);
    return {
      endpoint: e.endpoint,
      region: r,
      credentials: { accessKeyId: SANDBOX_ACCESS_KEY_ID, secretAccessKey: SANDBOX_SECRET_ACCESS_KEY },
      hermetic: true,
    };
  };
  return {
    kind: 'sandbox',
    registryPath: paths.registry,
    registryCopy: () => registryCopyStatus(paths),
    workspace: (registry) => ({
      root,
      env,
      substrate: 'sandbox',
      registryPath: paths.registry,
      evidenceRoot: paths.evidence,
      documentsRoot: paths.documents,
      logbookPath: paths.logbook,
      implActualPath: paths.implActual,
      terraformPaths: Object.fromEntries(Object.keys(registry.terraform?.sources ?? {}).map((s) => [s, paths.terraformOutputs(s)])),
    }),
    region: async (pinned) => {
      const served = await region();
      if (pinned !== undefined && pinned !== served) {
        throw new GatewalkError(
          `the sandbox serves region ${served} (${scenarioFile}) but the registry pins region ${pinned}`,
          advice`make the scenario's region: and the registry's region handle agree, then \`${cmd('sandbox', 'reset')}\``,
        );
      }
      return served;
    },
    warm: () => void started().catch(() => undefined), // a failure to start is reported where the emulator is awaited
    clients: () => factory.make(config),
    close: async () => {
      closed = true;
      factory.close();
      const e = await emulator?.catch(() => undefined); // one that failed to start said so already
      // Debug/benchmark hook: the AWS calls this session made, per service:action, and round trips.
      const stats = process.env.GATEWALK_SANDBOX_STATS;
      if (stats) await writeFile(stats, JSON.stringify(e ? await e.stats() : { calls: {}, round_trips: 0, max_in_flight: 0 }));
      await e?.close();
    },
  };
}
