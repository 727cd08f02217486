import path from 'node:path';
import { assertResolvesInside, relativePathProblem } from '../core/confine.js';
import { GatewalkError } from '../core/errors.js';
import type { Problem } from '../core/errors.js';
import { mergeByAuthority, type MergedHandles } from './merge-authority.js';
import { registryParts } from './registry-parts.js';
import { OverlayDoc, RegistryDoc } from '../core/registry-schema.js';
import { validateRegistry, type RegistryFile } from './validate-registry.js';
import { problemAt, readYamlSource, type YamlSource } from '../core/yaml-source.js';
import { zodProblems } from './zod-problems.js';

// The registry with its overlays: parsed, shape-checked, merged by authority rank and cross
// checked. Problems are collected, never thrown, so the caller reports them with the runbook's.

export interface OverlayFile extends RegistryFile {
  src: YamlSource;
  /** Rank of the authority document it speaks for; undefined when that is not in the stack. */
  rank?: number;
}

export interface RegistryRead extends MergedHandles {
  primary: RegistryFile & { src: YamlSource };
  overlays: OverlayFile[];
  /** False when a file could not be read as data: checks that need every handle are skipped. */
  complete: boolean;
  problems: Problem[];
}

function shapeProblems(src: YamlSource, schema: typeof RegistryDoc | typeof OverlayDoc): Problem[] {
  if (src.data === undefined) return [];
  const r = schema.safeParse(src.data);
  return r.success ? [] : zodProblems(src, r.error.issues, { data: src.data });
}

export async function readRegistry(src: YamlSource, root: string, env: string): Promise<RegistryRead> {
  const parts = registryParts(src.data);
  const problems = [...src.problems, ...shapeProblems(src, RegistryDoc)];
  let complete = src.data !== undefined;
  const overlays: OverlayFile[] = [];
  for (const ref of parts.overlays) {
    const at = ['overlays', ref.index, 'path'];
    // Never read outside the root: the shape check reports the value, the link check where it leads.
    const file = path.resolve(root, ref.path);
    if (relativePathProblem(ref.path)) {
      complete = false;
      continue;
    }
    const outside = await assertResolvesInside(root, file, 'overlay').then(
      () => undefined,
      (err: unknown) => {
        if (err instanceof GatewalkError) return err.message;
        throw err;
      },
    );
    if (outside) {
      problems.push(problemAt(src, at, outside));
      complete = false;
      continue;
    }
    const o = await readYamlSource(file, root);
    if (!o) {
      problems.push(problemAt(src, at, `overlay file not found: ${ref.path} (paths are relative to the project root)`));
      complete = false;
      continue;
    }
    problems.push(...o.problems, ...shapeProblems(o, OverlayDoc));
    complete &&= o.data !== undefined;
    const oParts = registryParts(o.data);
    overlays.push({ src: o, parts: oParts, rank: oParts.self === undefined ? undefined : parts.ranks.get(oParts.self) });
  }
  const primary = { src, parts };
  // An overlay without a rank of its own cannot be merged; validateRegistry reports why.
  const mergeable = overlays.filter((o) => o.rank !== undefined && o.parts.self !== parts.self);
  const merged = mergeByAuthority([
    { doc: parts.self ?? '(registry)', rank: parts.ranks.get(parts.self ?? '') ?? Number.MAX_SAFE_INTEGER, handles: parts.handles },
    ...mergeable.map((o) => ({ doc: o.parts.self!, rank: o.rank!, handles: o.parts.handles })),
  ]);
  problems.push(...validateRegistry(primary, overlays, merged.handles, env));
  return { ...merged, primary, overlays, complete, problems };
}
