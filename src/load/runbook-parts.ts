import { Check } from '../core/runbook-schema.js';
import type { Path } from '../core/yaml-source.js';

// The runbook as the cross checks see it: every phase, step and check with its YAML path, kept
// even when siblings are malformed, so one bad check does not hide problems elsewhere.

export interface CheckPart {
  at: Path;
  id?: string;
  gate?: string;
  /** Present only when the check itself has a valid shape. */
  check?: Check;
}

export interface StepPart {
  at: Path;
  id?: string;
  checks: CheckPart[];
}

export interface PhasePart {
  at: Path;
  id?: string;
  requires: Array<{ id: string; at: Path }>;
  steps: StepPart[];
  /** `sealed_in` and which of the evidence-root fields are given (the rule between them is checked in validate-structure). */
  seal: { sealedIn: unknown; evidenceDir: boolean; snapshot: boolean };
  /** Declared key figures: the check each names and the value it declares, with their paths. */
  figures: Array<{ at: Path; check?: string; value?: unknown }>;
}

export interface RunbookParts {
  env?: string;
  blockers: Set<string>;
  phases: PhasePart[];
}

const obj = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function checkPart(raw: unknown, at: Path): CheckPart {
  const r = Check.safeParse(raw);
  const o = obj(raw);
  return { at, id: str(o.id), gate: str(o.gate), ...(r.success ? { check: r.data } : {}) };
}

export function runbookParts(data: unknown): RunbookParts {
  const raw = obj(data);
  const phases = list(raw.phases).map((p, i): PhasePart => {
    const phase = obj(p);
    const at: Path = ['phases', i];
    return {
      at,
      id: str(phase.id),
      requires: list(phase.requires).flatMap((r, j) => (typeof r === 'string' ? [{ id: r, at: [...at, 'requires', j] }] : [])),
      steps: list(phase.steps).map((s, j): StepPart => {
        const stepAt: Path = [...at, 'steps', j];
        const checks = list(obj(s).checks).map((c, k) => checkPart(c, [...stepAt, 'checks', k]));
        return { at: stepAt, id: str(obj(s).id), checks };
      }),
      seal: { sealedIn: phase.sealed_in, evidenceDir: phase.evidence_dir !== undefined, snapshot: phase.snapshot !== undefined },
      figures: list(phase.key_figures).map((f, j) => ({ at: [...at, 'key_figures', j], check: str(obj(f).check), value: obj(f).value })),
    };
  });
  return { env: str(raw.env), blockers: new Set(Object.keys(obj(raw.blockers))), phases };
}
