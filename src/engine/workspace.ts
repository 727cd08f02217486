import path from 'node:path';
import type { RegistryDoc } from '../core/registry-schema.js';
import { sandboxWorkspacePaths } from '../substrate/sandbox/workspace/workspace-paths.js';
import type { Substrate } from '../core/types.js';

// Where a run reads and writes. On `aws` these are the operator's files under the project root;
// on `sandbox` every path points into the sandbox workspace so a rehearsal never touches them.

export interface Workspace {
  root: string;
  env: string;
  substrate: Substrate;
  registryPath: string;
  evidenceRoot: string;
  logbookPath: string;
  implActualPath: string;
  terraformPaths: Record<string, string>;
}

/** The registry file a run loads (the sandbox keeps its own copy). */
export function registryPathFor(root: string, env: string, substrate: Substrate): string {
  return substrate === 'sandbox' ? sandboxWorkspacePaths(root, env).registry : path.join(root, 'registry', `${env}.yaml`);
}

export function resolveWorkspace(root: string, env: string, substrate: Substrate, registry: RegistryDoc): Workspace {
  const sources = Object.keys(registry.terraform?.sources ?? {});
  if (substrate === 'sandbox') {
    const ws = sandboxWorkspacePaths(root, env);
    return {
      root,
      env,
      substrate,
      registryPath: ws.registry,
      evidenceRoot: ws.evidence,
      logbookPath: ws.logbook,
      implActualPath: ws.implActual,
      terraformPaths: Object.fromEntries(sources.map((s) => [s, ws.terraformOutputs(s)])),
    };
  }
  const at = (p: string) => path.resolve(root, p);
  return {
    root,
    env,
    substrate,
    registryPath: registryPathFor(root, env, substrate),
    evidenceRoot: at(registry.paths.evidence_root),
    logbookPath: at(registry.paths.logbook),
    implActualPath: at(registry.paths.impl_actual),
    terraformPaths: Object.fromEntries(Object.entries(registry.terraform?.sources ?? {}).map(([s, v]) => [s, at(v.path)])),
  };
}
