import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import type { AwsClients } from '../core/context.js';
import type { RegistryDoc } from '../core/registry-schema.js';
import type { Substrate } from '../core/types.js';
import type { Workspace } from '../core/workspace.js';
import { createAwsClients, type AwsClientOptions } from './aws-clients.js';

// The one place that knows whether this is the sandbox or a real account. Everything that differs
// between the two (where the registry is read from, where evidence goes, the region, the AWS
// clients and what closing means) comes out of openSubstrate(); no other module branches on it.

export interface SubstrateOptions {
  root: string;
  env: string;
  substrate: Substrate;
  profile?: string;
  region?: string;
}

export interface OpenedSubstrate {
  kind: Substrate;
  /** The registry file the program is loaded from (the sandbox keeps its own copy). */
  registryPath: string;
  /** Where a run reads and writes, given the loaded registry's `paths:` and Terraform sources. */
  workspace(registry: RegistryDoc): Workspace;
  /** The region checks run in: the sandbox's, or --region, else the registry's REGION handle. */
  region(pinnedRegion: string | undefined): string | undefined;
  /** AWS clients, created on first use (on the sandbox the emulator starts with the first one). */
  clients(pinnedRegion: string | undefined): AwsClients;
  close(): Promise<void>;
}

export async function openSubstrate(options: SubstrateOptions): Promise<OpenedSubstrate> {
  return options.substrate === 'sandbox' ? openSandbox(options) : openAws(options);
}

function openAws(options: SubstrateOptions): OpenedSubstrate {
  const { root, env } = options;
  const at = (p: string) => path.resolve(root, p);
  const region = (pinned: string | undefined) => options.region ?? pinned;
  return {
    kind: 'aws',
    registryPath: path.join(root, 'registry', `${env}.yaml`),
    workspace: (registry) => ({
      root,
      env,
      substrate: 'aws',
      registryPath: path.join(root, 'registry', `${env}.yaml`),
      evidenceRoot: at(registry.paths.evidence_root),
      logbookPath: at(registry.paths.logbook),
      implActualPath: at(registry.paths.impl_actual),
      terraformPaths: Object.fromEntries(Object.entries(registry.terraform?.sources ?? {}).map(([s, v]) => [s, at(v.path)])),
    }),
    region,
    clients: (pinned) => {
      const r = region(pinned);
      return createAwsClients({ ...(r ? { region: r } : {}), ...(options.profile ? { profile: options.profile } : {}) });
    },
    close: async () => {},
  };
}

async function openSandbox(options: SubstrateOptions): Promise<OpenedSubstrate> {
  const { root, env } = options;
  const sandbox = await import('./sandbox/index.js');
  const paths = await sandbox.ensureSandbox(root, env);
  const faults = sandbox.faultsFromEnv(); // validated before anything starts
  let server: Promise<import('./sandbox/index.js').SandboxServer> | undefined;
  const started = () =>
    (server ??= sandbox.startSandboxServer({ stateFile: paths.state }).then((s) => {
      for (const f of faults) s.inject(f);
      return s;
    }));
  const config = async (): Promise<AwsClientOptions> => ({
    endpoint: (await started()).endpoint,
    region: sandbox.SANDBOX_REGION,
    credentials: { accessKeyId: sandbox.SANDBOX_ACCESS_KEY_ID, secretAccessKey: sandbox.SANDBOX_SECRET_ACCESS_KEY },
  });
  return {
    kind: 'sandbox',
    registryPath: paths.registry,
    workspace: (registry) => ({
      root,
      env,
      substrate: 'sandbox',
      registryPath: paths.registry,
      evidenceRoot: paths.evidence,
      logbookPath: paths.logbook,
      implActualPath: paths.implActual,
      terraformPaths: Object.fromEntries(Object.keys(registry.terraform?.sources ?? {}).map((s) => [s, paths.terraformOutputs(s)])),
    }),
    region: () => sandbox.SANDBOX_REGION,
    clients: () => createAwsClients(config),
    close: async () => {
      const s = await server;
      // Debug/benchmark hook: how many AWS calls this session made, per service:action.
      const stats = process.env.GATEWALK_SANDBOX_STATS;
      if (stats) await writeFile(stats, JSON.stringify(s ? s.calls() : {}));
      await s?.close();
    },
  };
}
