import path from 'node:path';
import { assertResolvesInside } from '../core/confine.js';
import type { ResolvedRegistry } from '../core/context.js';
import type { AnyGate } from '../gates/gate.js';
import { programCacheEnabled, readCachedProgram, writeCachedProgram, type CacheRequest } from './program-cache.js';
import type { AuthorityDecision, SameRankConflict } from './merge-authority.js';
import type { OverlayDoc, RegistryDoc } from '../core/registry-schema.js';
import type { RunbookDoc } from '../core/runbook-schema.js';

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
  /** Use the validated-program cache (src/load/program-cache.ts); never with custom gates. */
  cache?: boolean;
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

/** Load, merge and validate a program; every problem in every file is thrown at once as a ValidationError. */
export async function loadProgram(opts: LoadOptions): Promise<LoadedProgram> {
  const root = path.resolve(opts.root);
  const registryFile = path.resolve(root, opts.registryPath ?? path.join('registry', `${opts.env}.yaml`));
  const req: CacheRequest = { root, env: opts.env, registryFile, program: opts.program, runbookPath: opts.runbookPath };
  const cached = opts.cache && !opts.gates && programCacheEnabled() ? readCachedProgram(req) : undefined;
  if (cached) {
    // Same confinement as a fresh load: a link swapped under an unchanged file still may not lead out.
    await assertResolvesInside(root, cached.registry.path, 'registry');
    await assertResolvesInside(root, cached.runbook.path, 'runbook');
    for (const o of cached.overlays) await assertResolvesInside(root, o.path, 'overlay');
    return cached;
  }
  // Parsing and validating (YAML, zod, every gate's schema) load only when the cache cannot answer.
  const { loadFresh } = await import('./load-fresh.js');
  const program = await loadFresh(root, registryFile, opts);
  if (opts.cache && !opts.gates && programCacheEnabled()) writeCachedProgram(req, program);
  return program;
}
