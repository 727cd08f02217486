import type { Attestation, Clock } from '../core/context.js';
import type { Conflict } from '../engine/conflicts.js';
import type { RepinDecision } from '../engine/decisions.js';
import { PhaseRun } from '../engine/phase-run.js';
import type { Reporter } from '../engine/reporter.js';
import type { Change } from '../engine/result-changes.js';
import type { Verdict } from '../engine/verdict.js';
import type { Session } from './session.js';
import { VERSION } from '../core/version.js';

export type RunOutcome =
  /** `changes`: what moved since the previous sealed verdict of the phase. */
  /** `record`: the logbook record that vouches for the sealed snapshot. */
  | { kind: 'sealed'; verdict: Verdict; path: string; changes: Change[]; record: { seq: number; hash: string }; stopped: Conflict[] }
  | { kind: 'stop'; conflicts: Conflict[] }
  | { kind: 'interrupted' };

export interface RunPhaseOptions {
  attestations: Map<string, Attestation>;
  decision?: RepinDecision;
  reporter: Reporter;
  signal: AbortSignal;
  clock: Clock;
}

/**
 * The whole phase, no prompts: decisions must come in with the call. Conflicts without a decision
 * covering them STOP before any check runs; live conflicts found by checks seal a verdict that
 * carries them as blockers and STOP too.
 */
export async function runPhase(session: Session, phaseId: string, o: RunPhaseOptions): Promise<RunOutcome> {
  const run = await PhaseRun.open({
    program: session.program,
    phaseId,
    workspace: session.workspace,
    clients: session.clients,
    reporter: o.reporter,
    clock: o.clock,
    signal: o.signal,
    reload: session.reload,
    version: VERSION,
  });
  if (o.decision) await run.decide(o.decision);
  if (run.conflicts.length) {
    await run.stop();
    return { kind: 'stop', conflicts: run.conflicts };
  }
  for (const [step, a] of o.attestations) await run.attest(step, a);
  await run.runAll();
  if (o.signal.aborted) {
    await run.interrupted();
    return { kind: 'interrupted' };
  }
  const sealed = await run.seal();
  if (run.liveConflicts.length) {
    run.conflicts = run.liveConflicts;
    await run.stop();
  }
  return { kind: 'sealed', ...sealed, stopped: run.liveConflicts };
}
