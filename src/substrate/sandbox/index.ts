// The sandbox's public surface. Importing it loads neither iam-simulate (AGPL, loaded on the first
// simulation) nor anything that listens: the server starts only through startSandboxServer.

export { SANDBOX_ACCESS_KEY_ID, SANDBOX_SECRET_ACCESS_KEY } from './credentials.js';
export type { SandboxFault, SandboxFaultKind } from './faults.js';
export type { SandboxService } from './reply.js';
export { startSandboxServer, type SandboxServer, type SandboxServerOptions } from './server.js';
export { readState, writeState, type SandboxState } from './state.js';
export { SandboxFileError } from './yaml-file.js';
export { formatSandboxStatus, sandboxStatus, type SandboxStatus } from './status.js';
export { sandboxWorkspacePaths, type SandboxWorkspacePaths } from './workspace-paths.js';
export {
  applySandboxChange,
  ensureSandbox,
  listSandboxChanges,
  resetSandbox,
  type SandboxChangeInfo,
  type SandboxChangeResult,
} from './workspace.js';
export { faultsFromEnv, FAULTS_ENV } from './fault-spec.js';
