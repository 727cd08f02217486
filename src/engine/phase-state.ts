import type { Phase, RunbookDoc } from '../core/runbook-schema.js';
import type { PhaseState } from '../core/types.js';
import { readLedger, type Ledger, type Tamper } from './sealed-ledger.js';
import type { Workspace } from '../core/workspace.js';
import { pendingStop, type PendingStop } from './pending-stop.js';

export interface PhaseStatus {
  phase: Phase;
  state: PhaseState;
  /** Latest sealed verdict of this phase that the logbook vouches for, if any. */
  last?: { path: string; seq: number; overall_pass: boolean; blockers: Array<{ code: string; message: string }>; finished_at?: string };
  /** Required phases (direct) that are not green. */
  waitingFor: string[];
  /** Every phase this one requires, transitively, that is not green, in program order. */
  notGreenAncestors: string[];
  /** What the evidence tree holds that the logbook does not vouch for. */
  tamper: Tamper[];
  /** A recorded STOP still waiting for a repin or an abort. */
  pendingStop?: PendingStop;
}

export function isGreen(v: { overall_pass?: unknown; blockers?: unknown } | undefined): boolean {
  return !!v && v.overall_pass === true && Array.isArray(v.blockers) && v.blockers.length === 0;
}

/** Every phase's state, from the logbook and the snapshots it vouches for (laws 2 and 8). */
export async function phaseStatuses(runbook: RunbookDoc, ws: Workspace): Promise<PhaseStatus[]> {
  return statusesFromLedger(runbook, await readLedger(runbook, ws));
}

/**
 * Law 2, transitively: a phase is green only while its own latest verdict is green, untampered, and
 * every phase it requires is green. A green verdict under a regressed ancestor is STALE.
 */
export function statusesFromLedger(runbook: RunbookDoc, ledger: Ledger): PhaseStatus[] {
  const byId = new Map(runbook.phases.map((p) => [p.id, p]));
  const ownGreen = (id: string) => {
    const l = ledger.phases.get(id);
    return !!l && !l.tamper.length && isGreen(l.latest?.verdict);
  };
  const green = new Map<string, boolean>();
  const isPhaseGreen = (id: string, seen = new Set<string>()): boolean => {
    const known = green.get(id);
    if (known !== undefined) return known;
    if (seen.has(id)) return false; // a cycle is a validation problem; never green meanwhile
    seen.add(id);
    const g = ownGreen(id) && (byId.get(id)?.requires ?? []).every((r) => isPhaseGreen(r, seen));
    green.set(id, g);
    return g;
  };
  return runbook.phases.map((phase) => {
    const l = ledger.phases.get(phase.id);
    const v = l?.latest?.verdict;
    const stop = pendingStop(ledger.records, phase.id);
    const notGreenAncestors = ancestorsOf(runbook, phase.id).filter((a) => !isPhaseGreen(a));
    const state: PhaseState = l?.tamper.length
      ? 'tampered'
      : notGreenAncestors.length
        ? ownGreen(phase.id)
          ? 'stale'
          : 'locked'
        : !v
          ? 'ready'
          : isGreen(v)
            ? 'green'
            : 'blocked';
    const last =
      l?.latest && v
        ? {
            path: l.latest.path,
            seq: l.latest.seq,
            overall_pass: v.overall_pass === true,
            blockers: Array.isArray(v.blockers) ? (v.blockers as Array<{ code: string; message: string }>) : [],
            ...(typeof v.finished_at === 'string' ? { finished_at: v.finished_at } : {}),
          }
        : undefined;
    return {
      phase,
      state,
      ...(last ? { last } : {}),
      waitingFor: phase.requires.filter((r) => !isPhaseGreen(r)),
      notGreenAncestors,
      tamper: l?.tamper ?? [],
      ...(stop ? { pendingStop: stop } : {}),
    };
  });
}

/** Every phase `id` requires, directly or through others, in program order. */
export function ancestorsOf(runbook: RunbookDoc, id: string): string[] {
  const byId = new Map(runbook.phases.map((p) => [p.id, p]));
  const found = new Set<string>();
  const walk = (p: string) => {
    for (const r of byId.get(p)?.requires ?? [])
      if (!found.has(r)) {
        found.add(r);
        walk(r);
      }
  };
  walk(id);
  return runbook.phases.map((p) => p.id).filter((p) => found.has(p));
}
