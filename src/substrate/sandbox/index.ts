// The sandbox's public surface. Importing it loads neither iam-simulate (AGPL, loaded on the first
// simulation) nor anything that listens: the server starts only through startSandboxServer.

export { SANDBOX_ACCESS_KEY_ID, SANDBOX_SECRET_ACCESS_KEY } from './wire/credentials.js';
export type { SandboxFault, SandboxFaultKind } from './wire/faults.js';
export type { SandboxService } from './wire/reply.js';
export { startSandboxServer, type SandboxServer, type SandboxServerOptions } from './wire/server.js';
export { readState, writeState, type SandboxState } from './state/state.js';
export { SandboxFileError } from './state/yaml-file.js';
export { formatSandboxStatus, sandboxStatus, type SandboxStatus } from './workspace/status.js';
export { sandboxWorkspacePaths, type SandboxWorkspacePaths } from './workspace/workspace-paths.js';
export {
  applySandboxChange,
  ensureSandbox,
  listSandboxChanges,
  resetSandbox,
  syncSandboxRegistry,
  type SandboxChangeInfo,
  type SandboxChangeResult,
} from './workspace/workspace.js';
export { faultsFromEnv, FAULTS_ENV } from './wire/fault-spec.js';
export { preloadEvaluator } from './services/iam-simulate.js';
export { registryCopyProblem, registryCopyStatus, refuseStaleRegistry, type RegistryCopyStatus } from './workspace/registry-copy.js';
