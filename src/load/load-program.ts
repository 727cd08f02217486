import path from 'node:path';
import { assertResolvesInside } from '../core/confine.js';
import type { ResolvedRegistry } from '../core/context.js';
import { GatewalkError, ValidationError } from '../core/errors.js';
import type { AnyGate } from '../gates/gate.js';
import { GATES } from '../gates/index.js';
import { findRunbook } from './find-runbook.js';
import type { AuthorityDecision, SameRankConflict } from './merge-authority.js';
import { readRegistry } from './read-registry.js';
import { OverlayDoc, RegistryDoc } from '../core/registry-schema.js';
import { RunbookDoc } from '../core/runbook-schema.js';
import { validateProgram } from './validate-program.js';
import { displayPath, readYamlSource } from '../core/yaml-source.js';

export type { AuthorityDecision, AuthorityValue, SameRankConflict } from './merge-authority.js';

export interface LoadOptions {
  /** Project root: registry/, runbooks/ and overlay paths are relative to it. */
  root: string;
  env: string;
  /** Default `<root>/registry/<env>.yaml`. */
  registryPath?: string;
  /** Default: the one runbook in `<root>/runbooks/` for this env (or `program`). */
  runbookPath?: string;
  program?: string;
  gates?: ReadonlyMap<string, AnyGate>;
}

/** A loaded input file; `path` is absolute. */
export interface LoadedFile<D> {
  path: string;
  text: string;
  sha256: string;
  doc: D;
}

export interface LoadedProgram {
  root: string;
  env: string;
  registry: LoadedFile<RegistryDoc>;
  overlays: Array<{ path: string; sha256: string; doc: OverlayDoc; rank: number }>;
  runbook: LoadedFile<RunbookDoc>;
  resolved: ResolvedRegistry;
  /** Higher rank won over a disagreeing lower one: the engine logs each (law 4). */
  authorityDecisions: AuthorityDecision[];
  /** Same-rank disagreement: the engine STOPs on any the phase uses (law 4). */
  sameRankConflicts: SameRankConflict[];
  /** Every handle a phase references, in registry order. */
  phaseHandles: Record<string, string[]>;
}

async function mustRead(file: string, root: string, what: string, tryMessage: string) {
  await assertResolvesInside(root, file, what);
  const src = await readYamlSource(file, root);
  if (!src) throw new GatewalkError(`${what} not found: ${displayPath(file, root)}`, tryMessage);
  return src;
}

/** Load, merge and validate a program; every problem in every file is thrown at once as a ValidationError. */
export async function loadProgram(opts: LoadOptions): Promise<LoadedProgram> {
  const root = path.resolve(opts.root);
  const { env, gates = GATES } = opts;
  const registryFile = path.resolve(root, opts.registryPath ?? path.join('registry', `${env}.yaml`));
  const registrySrc = await mustRead(registryFile, root, 'registry', `create registry/${env}.yaml, or pass --env with an env that has one`);
  const runbookFile = opts.runbookPath ? path.resolve(root, opts.runbookPath) : await findRunbook(root, env, opts.program);
  const runbookSrc = await mustRead(runbookFile, root, 'runbook', 'check the path, or omit it to pick the runbook for this env');

  const registry = await readRegistry(registrySrc, root, env);
  const { problems, resolved, phaseHandles } = validateProgram(registry, runbookSrc, gates, env);
  if (problems.length) throw new ValidationError(problems);

  // No problems means every document parses; parse again for defaults and exact types.
  const file = <D>(src: typeof registrySrc, schema: { parse(v: unknown): D }): LoadedFile<D> => ({
    path: src.path,
    text: src.text,
    sha256: src.sha256,
    doc: schema.parse(src.data),
  });
  return {
    root,
    env,
    registry: file(registrySrc, RegistryDoc),
    overlays: registry.overlays.map((o) => ({ path: o.src.path, sha256: o.src.sha256, doc: OverlayDoc.parse(o.src.data), rank: o.rank! })),
    runbook: file(runbookSrc, RunbookDoc),
    resolved,
    authorityDecisions: registry.authorityDecisions,
    sameRankConflicts: registry.sameRankConflicts,
    phaseHandles,
  };
}
