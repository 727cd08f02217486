import type * as z from '../core/zod-mini.js';
import type { Problem } from '../core/errors.js';
import { problemAt, type Path, type YamlSource } from '../core/yaml-source.js';

// zod issues → located problems. Messages name the field (`handles.ROLE_IG.value: …`) because a
// line number alone does not say which of several fields on a flow-style line is wrong.

export function dotted(at: readonly PropertyKey[]): string {
  return at.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : `${i ? '.' : ''}${String(seg)}`)).join('');
}

function valueAt(data: unknown, at: readonly PropertyKey[]): unknown {
  let v = data;
  for (const seg of at) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg as string];
  }
  return v;
}

export interface ZodProblemOptions {
  /** Where the parsed value sits in the YAML document. */
  base?: Path;
  /** The value that was parsed, to tell a missing field from a wrong one. */
  data?: unknown;
  /** Names fields relative to the parsed value (`check caller: params.`) instead of by full path. */
  prefix?: string;
}

export function zodProblems(
  src: Pick<YamlSource, 'doc' | 'file'>,
  issues: readonly z.core.$ZodIssue[],
  opts: ZodProblemOptions = {},
): Problem[] {
  const { base = [], data, prefix } = opts;
  return issues.flatMap((issue): Problem[] => {
    const rel = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
    const at = [...base, ...rel];
    const name = (p: Path) => {
      if (prefix === undefined) return dotted(p) || 'top level';
      const tail = dotted(p.slice(base.length));
      return tail ? prefix + tail : prefix.replace(/[.:\s]+$/, '');
    };
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => problemAt(src, [...at, k], `${name(at)}: unknown field "${k}"`, { key: true }));
    }
    if (issue.code === 'invalid_key') {
      const why = issue.issues.map((i) => i.message).join('; ');
      return [problemAt(src, at, `${name(at)}: invalid name "${String(rel.at(-1))}": ${why}`, { key: true })];
    }
    if (issue.code === 'invalid_type' && data !== undefined && valueAt(data, rel) === undefined && rel.length) {
      return [problemAt(src, at, `${name(at)}: missing required field "${String(rel.at(-1))}" (${issue.expected})`)];
    }
    if (issue.code === 'invalid_union' && issue.errors.length) {
      // Report the alternative that got furthest, not a bare "Invalid input".
      const best = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0]!;
      return zodProblems(
        src,
        best.map((i) => ({ ...i, path: [...issue.path, ...i.path] })),
        opts,
      );
    }
    return [problemAt(src, at, `${name(at)}: ${issue.message}`)];
  });
}

const depth = (issues: readonly z.core.$ZodIssue[]) => Math.max(0, ...issues.map((i) => i.path.length));
