import { latestVerdict } from '../evidence/reader.js';
import type { Phase, RunbookDoc } from '../core/runbook-schema.js';
import type { PhaseState } from '../core/types.js';

export interface PhaseStatus {
  phase: Phase;
  state: PhaseState;
  /** Latest sealed verdict of this phase, if any. */
  last?: { path: string; overall_pass: boolean; blockers: Array<{ code: string; message: string }>; finished_at?: string };
  /** Required phases that are not green. */
  waitingFor: string[];
}

export function isGreen(v: { overall_pass?: unknown; blockers?: unknown } | undefined): boolean {
  return !!v && v.overall_pass === true && Array.isArray(v.blockers) && v.blockers.length === 0;
}

/** Derives every phase's state from sealed verdicts only (law 2: no skipping). */
export async function phaseStatuses(runbook: RunbookDoc, evidenceRoot: string): Promise<PhaseStatus[]> {
  const last = new Map<string, PhaseStatus['last']>();
  for (const p of runbook.phases) {
    const hit = await latestVerdict(evidenceRoot, p.evidence_dir, p.snapshot);
    if (hit) {
      const v = hit.verdict as Record<string, unknown>;
      last.set(p.id, {
        path: hit.path,
        overall_pass: v.overall_pass === true,
        blockers: Array.isArray(v.blockers) ? (v.blockers as Array<{ code: string; message: string }>) : [],
        ...(typeof v.finished_at === 'string' ? { finished_at: v.finished_at } : {}),
      });
    }
  }
  return runbook.phases.map((phase) => {
    const mine = last.get(phase.id);
    const waitingFor = phase.requires.filter((r) => !isGreen(last.get(r)));
    const state: PhaseState = waitingFor.length ? 'locked' : !mine ? 'ready' : isGreen(mine) ? 'green' : 'blocked';
    return { phase, state, ...(mine ? { last: mine } : {}), waitingFor };
  });
}
