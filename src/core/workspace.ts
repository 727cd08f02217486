import type { Substrate } from './types.js';

// Where a run reads and writes. Decided once by the substrate (src/substrate/open-substrate.ts):
// on `aws` the operator's files under the project root, on `sandbox` the sandbox workspace, so a
// rehearsal never touches them. Everything else only reads these paths.

export interface Workspace {
  root: string;
  env: string;
  substrate: Substrate;
  registryPath: string;
  evidenceRoot: string;
  /** Where authority document paths resolve (docs.pinned). */
  documentsRoot: string;
  logbookPath: string;
  implActualPath: string;
  terraformPaths: Record<string, string>;
}
