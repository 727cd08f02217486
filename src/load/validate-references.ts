import { collectReferences, envFactHandle, referenceProblem, unmatchedPatterns } from '../core/interpolate.js';
import type { ResolvedRegistry } from '../core/context.js';
import type { Problem } from '../core/errors.js';
import { problemAt, type Path, type YamlSource } from '../core/yaml-source.js';

// How runbook params name registry entries: `${HANDLE}` / `${HANDLE.attr}` references, and
// `handles:` / `services:` name-pattern lists. A typo in either fails closed at load.

type Src = Pick<YamlSource, 'doc' | 'file'>;

export interface RegistryScope {
  resolved: ResolvedRegistry;
  /** Handle names that exist but are malformed: already reported, so never called "unknown". */
  malformed: ReadonlySet<string>;
  malformedServices: ReadonlySet<string>;
}

/** `.arn` is derived from the region and account handles, so those are used too. */
/** What `.arn` of an ssm_parameter needs: the env's region and account (by conventional name, or the only handle of that kind). */
const ARN_INPUTS = [
  { kind: 'region', name: 'REGION' },
  { kind: 'account_id', name: 'ACCOUNT_ID' },
] as const;

function strings(value: unknown, at: Path): Array<{ text: string; at: Path }> {
  if (typeof value === 'string') return [{ text: value, at }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, [...at, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, [...at, k]));
  return [];
}

/** Reference problems in `params`; handles referenced cleanly are added to `used`. */
export function referenceProblems(src: Src, params: unknown, paramsAt: Path, scope: RegistryScope, used: Set<string>): Problem[] {
  const { resolved, malformed } = scope;
  const problems: Problem[] = [];
  for (const s of strings(params, paramsAt)) {
    // `${lower}` or `${A.b.c}` would otherwise stay literal text and be compared as such.
    if (s.text.split('${').length - 1 > collectReferences(s.text).length) {
      problems.push(
        problemAt(src, s.at, `malformed reference in "${s.text}": write \${HANDLE} or \${HANDLE.attr} with an UPPER_SNAKE_CASE handle`),
      );
    }
  }
  for (const ref of collectReferences(params, paramsAt)) {
    if (malformed.has(ref.handle)) continue;
    const why = referenceProblem(ref, resolved);
    if (why) {
      problems.push(problemAt(src, ref.path, why));
      continue;
    }
    used.add(ref.handle);
    if (ref.attr !== 'arn') continue;
    for (const { kind, name } of ARN_INPUTS) {
      const handle = envFactHandle(resolved, kind, name);
      if (handle) used.add(handle);
      else if (!malformed.has(name))
        problems.push(problemAt(src, ref.path, `\${${ref.handle}.arn} needs the ${name} handle (kind ${kind}) in the registry`));
    }
  }
  return problems;
}

/** `handles:` and `services:` lists in any gate's params: a name or pattern matching nothing is a typo. */
export function patternProblems(src: Src, params: Record<string, unknown>, paramsAt: Path, scope: RegistryScope): Problem[] {
  const pools = {
    handles: [...Object.keys(scope.resolved.handles), ...scope.malformed],
    services: [...Object.keys(scope.resolved.services), ...scope.malformedServices],
  };
  return Object.entries(pools).flatMap(([key, pool]) => {
    const list = params[key];
    if (!Array.isArray(list)) return [];
    return list.flatMap((p, i) =>
      typeof p === 'string' && unmatchedPatterns([p], pool).length
        ? [
            problemAt(
              src,
              [...paramsAt, key, i],
              `${key} pattern "${p}" matches no ${key === 'handles' ? 'handle' : 'service'} in the registry`,
            ),
          ]
        : [],
    );
  });
}
