import type { Phase, RunbookDoc } from '../core/runbook-schema.js';
import type { PhaseState } from '../core/types.js';
import { readLedger, type Ledger, type Tamper, type TrustedVerdict } from './sealed-ledger.js';
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
    // A requirement the runbook does not define is never green, whatever the ledger holds.
    const p = byId.get(id);
    const g = !!p && ownGreen(id) && p.requires.every((r) => isPhaseGreen(r, seen));
    green.set(id, g);
    return g;
  };
  return runbook.phases.map((phase) => {
    const l = ledger.phases.get(phase.id);
    const latest = l?.latest;
    const tamper = l?.tamper ?? [];
    const stop = pendingStop(ledger.records, phase.id);
    const notGreenAncestors = ancestorsOf(runbook, phase.id).filter((a) => !isPhaseGreen(a));
    const state: PhaseState = tamper.length
      ? 'tampered'
      : notGreenAncestors.length
        ? ownGreen(phase.id)
          ? 'stale'
          : 'locked'
        : !latest
          ? 'ready'
          : isGreen(latest.verdict)
            ? 'green'
            : 'blocked';
    return {
      phase,
      state,
      ...(latest ? { last: lastOf(latest) } : {}),
      waitingFor: phase.requires.filter((r) => !isPhaseGreen(r)),
      notGreenAncestors,
      tamper,
      ...(stop ? { pendingStop: stop } : {}),
    };
  });
}

function lastOf({ path, seq, verdict: v }: TrustedVerdict): NonNullable<PhaseStatus['last']> {
  return {
    path,
    seq,
    overall_pass: v.overall_pass === true,
    blockers: Array.isArray(v.blockers) ? (v.blockers as Array<{ code: string; message: string }>) : [],
    ...(typeof v.finished_at === 'string' ? { finished_at: v.finished_at } : {}),
  };
}

/** Every phase `id` requires, directly or through others, in program order (then any the runbook does not define). */
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
  // A requirement the runbook does not define (validate refuses it) comes last: it is never green.
  return [...runbook.phases.map((p) => p.id).filter((p) => found.has(p)), ...[...found].filter((p) => !byId.has(p))];
}
