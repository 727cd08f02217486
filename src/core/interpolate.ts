import { globToRegExp } from './glob.js';
import type { ResolvedRegistry } from './context.js';

// `${HANDLE}` and `${HANDLE.attr}` references inside runbook params. Attributes derive a value
// from a pinned handle: `.arn` of an ssm_parameter path, `.name` of an iam_role ARN.

const REF = /\$\{([A-Z][A-Z0-9_]*)(?:\.([a-z_]+))?\}/g;

export interface Reference {
  handle: string;
  attr?: string;
  /** Path of the string inside the params object, for error locations. */
  path: (string | number)[];
}

export function collectReferences(value: unknown, path: (string | number)[] = []): Reference[] {
  if (typeof value === 'string') {
    return [...value.matchAll(REF)].map((m) => ({ handle: m[1]!, ...(m[2] ? { attr: m[2] } : {}), path }));
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => collectReferences(v, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => collectReferences(v, [...path, k]));
  }
  return [];
}

/** Why a reference cannot be substituted, or undefined when it can. */
export function referenceProblem(ref: Pick<Reference, 'handle' | 'attr'>, registry: ResolvedRegistry): string | undefined {
  const h = registry.handles[ref.handle];
  if (!h) return `unknown handle ${ref.handle}`;
  if (ref.attr === undefined) return undefined;
  if (ref.attr === 'arn' && h.kind === 'ssm_parameter') return undefined;
  if (ref.attr === 'name' && h.kind === 'iam_role') return undefined;
  return `\${${ref.handle}.${ref.attr}}: .${ref.attr} is not defined for a ${h.kind} handle (use .arn on ssm_parameter, .name on iam_role)`;
}

/** The value a reference stands for, or the handles missing to derive it (never a guessed account). */
function attrValue(registry: ResolvedRegistry, name: string, attr: string | undefined): string | { missing: string[] } {
  const value = registry.handles[name]!.value!;
  if (attr === 'name') return value.slice(value.lastIndexOf('/') + 1);
  if (attr === 'arn') {
    const region = envFact(registry, 'region', 'REGION');
    const account = envFact(registry, 'account_id', 'ACCOUNT_ID');
    if (!region || !account) return { missing: [...(region ? [] : ['REGION']), ...(account ? [] : ['ACCOUNT_ID'])] };
    return `arn:aws:ssm:${region}:${account}:parameter${value}`;
  }
  return value;
}

/**
 * The env's region or account: the handle named `name` when it has that kind, else the registry's
 * only handle of that kind (a program may call it HOME_REGION). Several and none named: undefined.
 */
export function envFact(registry: ResolvedRegistry, kind: 'region' | 'account_id', name: string): string | undefined {
  const handle = envFactHandle(registry, kind, name);
  return handle === undefined ? undefined : registry.handles[handle]!.value;
}

/** The name of the handle envFact reads. */
export function envFactHandle(registry: ResolvedRegistry, kind: 'region' | 'account_id', name: string): string | undefined {
  if (registry.handles[name]?.kind === kind) return name;
  const all = Object.entries(registry.handles).filter(([, h]) => h.kind === kind);
  return all.length === 1 ? all[0]![0] : undefined;
}

export interface Interpolated<T> {
  value: T;
  /** Handles referenced while still PENDING PIN (their `${…}` is left in place). */
  pending: string[];
  unknown: string[];
}

/** Substitute every reference; pending or unknown handles are reported, never guessed. */
export function interpolate<T>(value: T, registry: ResolvedRegistry): Interpolated<T> {
  const pending = new Set<string>();
  const unknown = new Set<string>();
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      return v.replace(REF, (_m, name: string, attr: string | undefined) => {
        const h = registry.handles[name];
        if (!h) {
          unknown.add(name);
          return '';
        }
        if (h.pending || h.value === undefined) {
          pending.add(name);
          return _m; // left as written: a gate that accepts pending handles sees which one
        }
        const v = attrValue(registry, name, attr);
        if (typeof v === 'string') return v;
        v.missing.forEach((m) => unknown.add(m));
        return _m;
      });
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  const out = walk(value) as T;
  return { value: out, pending: [...pending], unknown: [...unknown] };
}

/** Expand handle-name patterns (`ROLE_*`, `SSM_*_PATH`) against the registry, in registry order. */
export function matchNames(patterns: readonly string[], names: readonly string[]): string[] {
  const res = patterns.map(globToRegExp);
  return names.filter((n) => res.some((re) => re.test(n)));
}

/** Patterns that match no name at all (a typo in the runbook fails closed at load). */
export function unmatchedPatterns(patterns: readonly string[], names: readonly string[]): string[] {
  return patterns.filter((p) => matchNames([p], names).length === 0);
}

/** Pending references left in a string after interpolation (`${ROLE_IG}` → ROLE_IG). */
export function pendingIn(text: string): string[] {
  return [...text.matchAll(REF)].map((m) => m[1]!);
}
