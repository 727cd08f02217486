import type { GateContext } from '../core/context.js';
import { matchNames } from '../core/interpolate.js';
import type { HandleKind } from '../core/registry-schema.js';
import type { GateOutcome } from '../core/types.js';

// A gate that checks handles of one kind (ssm_parameter, iam_role) selects them by name or pattern.
// Every entry must select something, and only handles of that kind: a handle of another kind in
// the list would otherwise be dropped and the check pass on what is left (fail open).

/** Why one selection entry is wrong, or undefined. `kinds` maps every handle name to its kind. */
export function selectionProblem(pattern: string, kinds: Readonly<Record<string, string>>, kind: HandleKind): string | undefined {
  const matched = matchNames([pattern], Object.keys(kinds));
  if (!matched.length) return `"${pattern}" selects no handle`;
  const wrong = matched.filter((n) => kinds[n] !== kind);
  if (!wrong.length) return undefined;
  const what = wrong.map((n) => `${n} is ${kinds[n] === 'iam_role' || kinds[n] === 'account_id' ? 'an' : 'a'} ${kinds[n]}`).join(', ');
  return `"${pattern}" selects a handle of another kind (${what}); this check takes ${kind} handles only`;
}

/**
 * Handles named by `patterns` (ROLE_*, SSM_*_PATH), in registry order; or, when an entry selects
 * nothing or a handle of another kind, the `error` outcome that says so.
 */
export function selectHandles(
  ctx: GateContext,
  patterns: readonly string[],
  kind: HandleKind,
): { names: string[] } | { outcome: GateOutcome } {
  const kinds = Object.fromEntries(Object.entries(ctx.registry.handles).map(([n, h]) => [n, h.kind]));
  const problems = patterns.flatMap((p) => selectionProblem(p, kinds, kind) ?? []);
  if (problems.length) return { outcome: { results: problems.map((reason) => ({ resource: 'handles', status: 'error', reason })) } };
  return { names: matchNames(patterns, Object.keys(kinds)) };
}
