import type { ResolvedRegistry } from '../core/context.js';
import { interpolate } from '../core/interpolate.js';
import type { Phase } from '../core/runbook-schema.js';
import type { CheckResult } from '../core/types.js';
import { resolvePointer } from '../gates/json-pointer.js';

// Key figures: the few named values a program's own consumers read from a sealed snapshot (the
// seed's "key snapshot": app_role_allowed_count = 6, pinned_platform_run_id, verdict). Each is
// declared in the runbook: a registry value, a field of one check result, or a field of the
// verdict. A figure that cannot be read is a problem, never a guess (the phase cannot close green).

export type FigureValue = string | number | boolean | null;

export interface KeyFigures {
  figures: Record<string, FigureValue>;
  problems: string[];
}

const isScalar = (v: unknown): v is FigureValue => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** The phase's declared figures from its results and the verdict as built so far. */
export function keyFigures(phase: Phase, registry: ResolvedRegistry, results: readonly CheckResult[], verdict: unknown): KeyFigures {
  const figures: Record<string, FigureValue> = {};
  const problems: string[] = [];
  for (const f of phase.key_figures ?? []) {
    const read = readFigure(f, registry, results, verdict);
    if ('problem' in read) {
      figures[f.name] = null;
      problems.push(`key figure ${f.name}: ${read.problem}`);
    } else figures[f.name] = read.value;
  }
  return { figures, problems };
}

function readFigure(
  f: NonNullable<Phase['key_figures']>[number],
  registry: ResolvedRegistry,
  results: readonly CheckResult[],
  verdict: unknown,
): { value: FigureValue } | { problem: string } {
  if (f.value !== undefined) {
    const { value, pending, unknown } = interpolate(f.value, registry);
    if (unknown.length) return { problem: `unknown handle ${unknown.join(', ')}` };
    if (pending.length) return { problem: `${pending.join(', ')} is PENDING PIN` };
    return { value };
  }
  let source: unknown = verdict;
  if (f.check !== undefined) {
    const where = Object.entries(f.where ?? {});
    const picked = results.filter((r) => r.id === f.check && where.every(([p, want]) => resolvePointer(r, p).value === want));
    const which = where.length ? ` where ${where.map(([p, v]) => `${p} = ${String(v)}`).join(', ')}` : '';
    if (picked.length !== 1) return { problem: `check ${f.check} has ${picked.length} results${which} (needs exactly one)` };
    source = picked[0];
  }
  const at = resolvePointer(source, f.pointer!);
  if (!at.found) return { problem: `${f.pointer} is not in ${f.check === undefined ? 'the verdict' : `the result of ${f.check}`}` };
  if (!isScalar(at.value)) return { problem: `${f.pointer} is not a string, number or boolean` };
  return { value: at.value };
}
