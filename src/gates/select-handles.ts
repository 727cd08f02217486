import type { GateContext } from '../core/context.js';
import { matchNames } from '../core/interpolate.js';
import type { HandleKind } from '../core/registry-schema.js';

/** Handles named by `patterns` (ROLE_*, SSM_*_PATH) that are of `kind`, in registry order. */
export function selectHandles(ctx: GateContext, patterns: readonly string[], kind: HandleKind): string[] {
  return matchNames(patterns, Object.keys(ctx.registry.handles)).filter((n) => ctx.registry.handles[n]!.kind === kind);
}
