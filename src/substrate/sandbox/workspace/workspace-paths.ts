import { join, resolve } from 'node:path';
import { GatewalkError } from '../../../core/errors.js';

// Where a sandbox workspace keeps each file. Pure: no file is touched here.

export interface SandboxWorkspacePaths {
  /** The program root (absolute). */
  root: string;
  env: string;
  /** <root>/.gatewalk/sandbox/<env> */
  dir: string;
  /** <root>/sandbox/<env>: scenario.yaml, changes/, evidence/ (owned by the repo, read only). */
  scenarioDir: string;
  scenarioFile: string;
  changesDir: string;
  /** <root>/registry/<env>.yaml, copied byte for byte on reset. */
  sourceRegistry: string;
  /** The workspace's own registry copy: repins made in a sandbox session land here. */
  registry: string;
  /** Which bytes of sourceRegistry the copy was made from (SHA-256), and when. */
  registryRecord: string;
  state: string;
  terraformDir: string;
  /** <dir>/terraform/<source>/outputs.json (`terraform output -json` format). */
  terraformOutputs(source: string): string;
  /** Evidence root, seeded with the scenario's evidence files. */
  evidence: string;
  /** Copy of the scenario's authority documents (docs.pinned reads them here). */
  documents: string;
  logbook: string;
  implActual: string;
}

export function sandboxWorkspacePaths(root: string, env: string): SandboxWorkspacePaths {
  if (!/^[a-z0-9_]+$/.test(env)) throw new GatewalkError(`invalid env name "${env}"`, 'env names are lower-case letters, digits and _');
  const base = resolve(root);
  const dir = join(base, '.gatewalk', 'sandbox', env);
  const scenarioDir = join(base, 'sandbox', env);
  const terraformDir = join(dir, 'terraform');
  return {
    root: base,
    env,
    dir,
    scenarioDir,
    scenarioFile: join(scenarioDir, 'scenario.yaml'),
    changesDir: join(scenarioDir, 'changes'),
    sourceRegistry: join(base, 'registry', `${env}.yaml`),
    registry: join(dir, 'registry', `${env}.yaml`),
    registryRecord: join(dir, 'registry-source.json'),
    state: join(dir, 'state.json'),
    terraformDir,
    terraformOutputs: (source: string) => {
      if (!/^[a-z0-9_-]+$/.test(source)) throw new GatewalkError(`invalid Terraform source name "${source}"`);
      return join(terraformDir, source, 'outputs.json');
    },
    evidence: join(dir, 'evidence'),
    documents: join(dir, 'documents'),
    logbook: join(dir, 'logbook.jsonl'),
    implActual: join(dir, 'impl_actual.md'),
  };
}
