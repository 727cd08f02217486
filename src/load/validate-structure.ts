import type { Problem } from '../core/errors.js';
import type { PhasePart, RunbookParts } from './runbook-parts.js';
import { locate, problemAt, type Path, type YamlSource } from '../core/yaml-source.js';

// Runbook rules that need no registry: unique ids, `requires` that name real earlier gates
// without cycles (law 2 would otherwise be unsatisfiable), known blocker codes, one attestation per step.

type Src = Pick<YamlSource, 'doc' | 'file'>;

/** Report every repeat of an id, pointing back at the first. */
function duplicates(src: Src, what: string, items: Array<{ id?: string; at: Path }>): Problem[] {
  const first = new Map<string, Path>();
  const problems: Problem[] = [];
  for (const item of items) {
    if (item.id === undefined) continue;
    const seen = first.get(item.id);
    if (!seen) first.set(item.id, item.at);
    else
      problems.push(problemAt(src, [...item.at, 'id'], `duplicate ${what} id "${item.id}" (first at line ${locate(src.doc, seen).line})`));
  }
  return problems;
}

function cycles(src: Src, phases: PhasePart[]): Problem[] {
  const byId = new Map(phases.filter((p) => p.id !== undefined).map((p) => [p.id!, p]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const problems: Problem[] = [];
  const visit = (phase: PhasePart) => {
    state.set(phase.id!, 'open');
    stack.push(phase.id!);
    for (const req of phase.requires) {
      if (req.id === phase.id || !byId.has(req.id)) continue; // reported on their own
      const s = state.get(req.id);
      if (s === 'open') {
        const loop = [...stack.slice(stack.indexOf(req.id)), req.id];
        // Point at the loop's first edge, in the phase where the walk entered it.
        const edge = byId.get(loop[0]!)!.requires.find((r) => r.id === loop[1]) ?? req;
        problems.push(problemAt(src, edge.at, `requires cycle: ${loop.join(' → ')} (a phase can never close green)`));
      } else if (s === undefined) visit(byId.get(req.id)!);
    }
    stack.pop();
    state.set(phase.id!, 'done');
  };
  for (const p of byId.values()) if (!state.has(p.id!)) visit(p);
  return problems;
}

/** A phase sealed into an evidence root names its folder and snapshot; a docs-only one (sealed_in: logbook) names neither. */
function sealProblems(src: Src, phase: PhasePart): Problem[] {
  const { sealedIn, evidenceDir, snapshot } = phase.seal;
  const fields = { evidence_dir: evidenceDir, snapshot };
  if (sealedIn === 'logbook') {
    return Object.entries(fields)
      .filter(([, given]) => given)
      .map(([field]) =>
        problemAt(
          src,
          [...phase.at, field],
          `phase ${phase.id}: ${field} is for phases sealed into an evidence root; a phase sealed_in: logbook writes no folder (remove ${field})`,
        ),
      );
  }
  if (sealedIn !== undefined && sealedIn !== 'evidence_root') return []; // the shape check reports it
  return Object.entries(fields)
    .filter(([, given]) => !given)
    .map(([field]) =>
      problemAt(
        src,
        phase.at,
        `phase ${phase.id}: missing ${field} (where its verdict is sealed); a docs-only phase declares sealed_in: logbook instead`,
      ),
    );
}

export function validateStructure(src: Src, runbook: RunbookParts): Problem[] {
  const { phases, blockers } = runbook;
  const ids = new Set(phases.flatMap((p) => (p.id === undefined ? [] : [p.id])));
  const problems = [...duplicates(src, 'phase', phases), ...cycles(src, phases)];
  for (const phase of phases) {
    problems.push(...sealProblems(src, phase));
    problems.push(...duplicates(src, `step (phase ${phase.id})`, phase.steps));
    problems.push(
      ...duplicates(
        src,
        `check (phase ${phase.id})`,
        phase.steps.flatMap((s) => s.checks),
      ),
    );
    const checkIds = new Set(phase.steps.flatMap((s) => s.checks.flatMap((c) => (c.id === undefined ? [] : [c.id]))));
    for (const f of phase.figures) {
      if (f.check !== undefined && !checkIds.has(f.check))
        problems.push(
          problemAt(
            src,
            [...f.at, 'check'],
            `key figure names unknown check "${f.check}" (checks of ${phase.id}: ${[...checkIds].join(', ')})`,
          ),
        );
    }
    for (const req of phase.requires) {
      if (req.id === phase.id) problems.push(problemAt(src, req.at, `phase ${phase.id} requires itself`));
      else if (!ids.has(req.id)) {
        problems.push(problemAt(src, req.at, `requires unknown phase "${req.id}" (phases: ${[...ids].join(', ')})`));
      }
    }
    for (const step of phase.steps) {
      const attests = step.checks.filter((c) => c.gate === 'attest');
      for (const extra of attests.slice(1)) {
        const line = locate(src.doc, attests[0]!.at).line;
        problems.push(
          problemAt(
            src,
            [...extra.at, 'gate'],
            `step ${step.id} has more than one attest check (first at line ${line}); one attestation per step`,
          ),
        );
      }
      for (const c of step.checks) {
        const code = c.check?.blocker;
        if (code !== undefined && !blockers.has(code)) {
          problems.push(problemAt(src, [...c.at, 'blocker'], `blocker ${code} is not in the runbook's blockers table`));
        }
      }
    }
  }
  return problems;
}
