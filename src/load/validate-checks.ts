import { collectReferences, interpolate, matchNames } from '../core/interpolate.js';
import type { Problem } from '../core/errors.js';
import type { AnyGate } from '../gates/gate.js';
import { selectionProblem } from '../gates/select-handles.js';
import type { Check } from '../core/runbook-schema.js';
import type { RunbookParts } from './runbook-parts.js';
import { patternProblems, referenceProblems, type RegistryScope } from './validate-references.js';
import { problemAt, type Path, type YamlSource } from '../core/yaml-source.js';
import { zodProblems } from './zod-problems.js';

export type { RegistryScope } from './validate-references.js';

// Checks against the gate list and the resolved registry: gate kinds, params validated after
// interpolation (as the gate will see them), references and name lists, and what each phase uses.

type Src = Pick<YamlSource, 'doc' | 'file'>;
type Gates = ReadonlyMap<string, AnyGate>;

function valueAt(value: unknown, at: readonly PropertyKey[]): unknown {
  return at.reduce<unknown>(
    (v, seg) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[seg as string] : undefined),
    value,
  );
}

/** The gate's own params schema over the interpolated params; handles it selects go to `used`. */
function paramProblems(src: Src, check: Check, gate: AnyGate, paramsAt: Path, scope: RegistryScope, used: Set<string>): Problem[] {
  const { resolved } = scope;
  const parsed = gate.params.safeParse(interpolate(check.params, resolved).value);
  if (!parsed.success) {
    // A param still holding a pending (or already reported) reference is the gate's to judge at run time.
    const unsettled = (name: string) => {
      const h = resolved.handles[name];
      return !h || h.pending || h.value === undefined;
    };
    const deferred = (v: unknown) => typeof v === 'string' && collectReferences(v).some((r) => unsettled(r.handle));
    const issues = parsed.error.issues.filter((i) => !deferred(valueAt(check.params, i.path)));
    return zodProblems(src, issues, { base: paramsAt, data: check.params, prefix: `check ${check.id} (${gate.kind}): params.` });
  }
  const names = [...Object.keys(resolved.handles), ...scope.malformed];
  const problems: Problem[] = [];
  for (const name of gate.handleNames?.(parsed.data, names) ?? []) {
    if (names.includes(name)) used.add(name);
    else problems.push(problemAt(src, paramsAt, `${gate.kind} selects unknown handle ${name}`));
  }
  return [...problems, ...kindProblems(src, gate, parsed.data, paramsAt, scope)];
}

/** Each `handles:` entry of a gate that checks one kind selects something, and only that kind. */
function kindProblems(src: Src, gate: AnyGate, params: { handles?: unknown }, paramsAt: Path, scope: RegistryScope): Problem[] {
  if (!gate.selectsKind || !Array.isArray(params.handles)) return [];
  const kinds: Record<string, string> = Object.fromEntries(Object.entries(scope.resolved.handles).map(([n, h]) => [n, h.kind]));
  for (const m of scope.malformed) kinds[m] ??= gate.selectsKind; // already reported; judge it no further
  return params.handles.flatMap((p: unknown, i) => {
    if (typeof p !== 'string' || !matchNames([p], Object.keys(kinds)).length) return []; // "matches no handle" is reported once, elsewhere
    const why = selectionProblem(p, kinds, gate.selectsKind!);
    return why ? [problemAt(src, [...paramsAt, 'handles', i], `check ${gate.kind}: ${why}`)] : [];
  });
}

function checkProblems(src: Src, check: Check, at: Path, gates: Gates, scope: RegistryScope, used: Set<string>): Problem[] {
  const paramsAt = [...at, 'params'];
  const problems = [...referenceProblems(src, check.params, paramsAt, scope, used), ...patternProblems(src, check.params, paramsAt, scope)];
  const gate = gates.get(check.gate);
  if (gate) return [...problems, ...paramProblems(src, check, gate, paramsAt, scope, used)];
  return [...problems, problemAt(src, [...at, 'gate'], `unknown gate kind "${check.gate}" (known: ${[...gates.keys()].join(', ')})`)];
}

/** Problems of every well-shaped check, and the handles each phase uses, in registry order. */
export function validateChecks(
  src: Src,
  runbook: RunbookParts,
  gates: Gates,
  scope: RegistryScope,
): { problems: Problem[]; phaseHandles: Record<string, string[]> } {
  const problems: Problem[] = [];
  const phaseHandles: Record<string, string[]> = {};
  const order = Object.keys(scope.resolved.handles);
  for (const phase of runbook.phases) {
    const used = new Set<string>();
    for (const { check, at } of phase.steps.flatMap((s) => s.checks)) {
      if (check) problems.push(...checkProblems(src, check, at, gates, scope, used));
    }
    for (const f of phase.figures) problems.push(...referenceProblems(src, f.value, [...f.at, 'value'], scope, used));
    if (phase.id !== undefined) phaseHandles[phase.id] = order.filter((n) => used.has(n));
  }
  return { problems, phaseHandles };
}
