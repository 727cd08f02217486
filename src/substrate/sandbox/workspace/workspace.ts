import { cp, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { replaceFileAtomic } from '../../../core/fs/durable-fs.js';
import { basename, dirname, join } from 'node:path';
import { GatewalkError } from '../../../core/errors.js';
import { applyChange, CHANGE_NAME, loadChange, terraformSources } from '../state/changes.js';
import { loadScenario } from '../state/scenario.js';
import { readState, writeState } from '../state/state.js';
import { sandboxStatus, type SandboxStatus } from './status.js';
import { readTerraformOutputsFile, writeTerraformOutputs, type TerraformOutputs } from './terraform-outputs.js';
import { sandboxWorkspacePaths, type SandboxWorkspacePaths } from './workspace-paths.js';
import { replaceWorkspace, withWorkspaceLock } from './workspace-swap.js';
import { copyRegistry, registryCopyStatus, type RegistryCopyStatus } from './registry-copy.js';
import { withFileLock } from '../../../core/fs/file-lock.js';
import { advice, cmd, input } from '../../../core/advice.js';

// A sandbox session never touches the operator's registry, evidence or logbook: everything it
// reads and writes lives in <root>/.gatewalk/sandbox/<env>/, rebuilt from sandbox/<env>/ on reset.
// (The paths and status are re-exported: src/engine/workspace.ts imports the paths from here.)
export { sandboxWorkspacePaths, type SandboxWorkspacePaths } from './workspace-paths.js';
export { formatSandboxStatus, sandboxStatus, type SandboxStatus } from './status.js';

export interface SandboxChangeInfo {
  name: string;
  description: string;
  file: string;
}

export interface SandboxChangeResult {
  change: string;
  description: string;
  /** What each step did, in order (e.g. "created role fraud-platform-dev-min-sr"). */
  log: string[];
  /** One line for a terminal: the steps' log joined. */
  toString(): string;
}

/** Rebuilds the workspace from the scenario; a crash midway leaves the old workspace or the new one. */
export async function resetSandbox(root: string, env: string): Promise<SandboxStatus> {
  const paths = sandboxWorkspacePaths(root, env);
  await withWorkspaceLock(paths.dir, () => rebuild(paths));
  return sandboxStatus(root, env);
}

/** Creates the workspace only when it does not exist yet (an existing one keeps applied changes). */
export async function ensureSandbox(root: string, env: string): Promise<SandboxWorkspacePaths> {
  const paths = sandboxWorkspacePaths(root, env);
  if (await isFile(paths.state)) return paths;
  await withWorkspaceLock(paths.dir, async () => {
    if (!(await isFile(paths.state))) await rebuild(paths);
  });
  return paths;
}

async function rebuild(paths: SandboxWorkspacePaths): Promise<void> {
  const scenario = await loadScenario(paths.scenarioFile);
  if (scenario.state.env !== basename(paths.dir)) {
    throw new GatewalkError(`${paths.scenarioFile}: env is "${scenario.state.env}" but the scenario folder is for "${basename(paths.dir)}"`);
  }
  if (!(await isFile(paths.sourceRegistry))) {
    throw new GatewalkError(`cannot reset the sandbox: ${paths.sourceRegistry} does not exist`, advice`run it from the project root, or pass ${input('env')} for an env that has a registry`);
  }
  await replaceWorkspace(paths.dir, async (staging) => {
    const at = (p: string) => join(staging, p.slice(paths.dir.length + 1));
    await copyRegistry(paths, at);
    await writeState(at(paths.state), scenario.state);
    for (const [source, outputs] of Object.entries(scenario.terraform)) {
      await writeTerraformOutputs(at(paths.terraformOutputs(source)), outputs);
    }
    await mkdir(at(paths.evidence), { recursive: true });
    if (await isDirectory(scenario.evidenceDir)) await cp(scenario.evidenceDir, at(paths.evidence), { recursive: true });
    if (await isDirectory(scenario.documentsDir)) await cp(scenario.documentsDir, at(paths.documents), { recursive: true });
  });
}

/**
 * `sandbox sync-registry`: takes registry/<env>.yaml into the sandbox as it is now, keeping the
 * emulator state, Terraform outputs, evidence and logbook (repins made in the sandbox's copy are
 * replaced by the file's values). Under the workspace lock and the copy's own registry lock.
 */
export async function syncSandboxRegistry(root: string, env: string): Promise<RegistryCopyStatus> {
  const paths = await ensureSandbox(root, env);
  await withWorkspaceLock(paths.dir, () => withFileLock(paths.registry, () => copyRegistry(paths)));
  return registryCopyStatus(paths);
}

export async function listSandboxChanges(root: string, env: string): Promise<SandboxChangeInfo[]> {
  const paths = sandboxWorkspacePaths(root, env);
  const changes: SandboxChangeInfo[] = [];
  for (const name of await changeNames(paths)) {
    const file = join(paths.changesDir, `${name}.yaml`);
    changes.push({ name, description: (await loadChange(file)).description.trim(), file });
  }
  return changes;
}

async function changeNames(paths: SandboxWorkspacePaths): Promise<string[]> {
  const entries = await readdir(paths.changesDir).catch(() => [] as string[]);
  return entries
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .filter((n) => CHANGE_NAME.test(n))
    .sort();
}

/** Applies a named change from sandbox/<env>/changes/ to the workspace (creating it if needed). */
export async function applySandboxChange(root: string, env: string, change: string): Promise<SandboxChangeResult> {
  const paths = sandboxWorkspacePaths(root, env);
  const available = await changeNames(paths);
  if (!available.includes(change)) {
    throw new GatewalkError(
      `unknown sandbox change "${change}". Available changes: ${available.length > 0 ? available.join(', ') : `(none in ${paths.changesDir})`}`,
      advice`run \`${cmd('sandbox', 'apply', '<change>')}\` with one of the names above`,
    );
  }
  const file = join(paths.changesDir, `${change}.yaml`);
  const doc = await loadChange(file);
  await ensureSandbox(root, env);
  return withWorkspaceLock(paths.dir, async () => {
    const state = await readState(paths.state);
    const outputs = new Map<string, TerraformOutputs | undefined>();
    for (const source of terraformSources(doc)) outputs.set(source, await readTerraformOutputsFile(paths.terraformOutputs(source)));
    const result = applyChange(change, file, doc, state, outputs, new Date());
    // Outputs first, state last: the state records the change as applied only once all of it is on disk.
    for (const [source, value] of result.terraform) await writeTerraformOutputs(paths.terraformOutputs(source), value);
    for (const [doc, text] of result.documents) {
      const at = join(paths.documents, doc);
      if (text === undefined) await rm(at, { force: true });
      else await mkdir(dirname(at), { recursive: true }).then(() => replaceFileAtomic(at, text));
    }
    await writeState(paths.state, result.state);
    const log = result.log;
    return { change, description: doc.description.trim(), log, toString: () => log.join('; ') };
  });
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}
