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
  | {
      kind: 'sealed';
      verdict: Verdict;
      path: string;
      inLogbook?: true;
      changes: Change[];
      record: { seq: number; hash: string };
      stopped: Conflict[];
    }
  | { kind: 'stop'; conflicts: Conflict[] }
  /** `sealed`: the interrupt came while the verdict was being sealed, and the seal completed. */
  | { kind: 'interrupted'; sealed?: string };

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
 * carries them as blockers and STOP too. The engine decides both STOPs; this only runs the steps.
 */
export async function runPhase(session: Session, phaseId: string, o: RunPhaseOptions): Promise<RunOutcome> {
  let run: PhaseRun | undefined;
  const interrupted = async (sealed?: string): Promise<RunOutcome> => {
    if (run) await run.interrupted(sealed);
    else await PhaseRun.recordInterrupted(session.workspace, o.clock, phaseId);
    return { kind: 'interrupted', ...(sealed ? { sealed } : {}) };
  };
  try {
    run = await PhaseRun.open({
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
    if (o.signal.aborted) return await interrupted();
    if (o.decision) await run.decide(o.decision);
    if (o.signal.aborted) return await interrupted();
    const stop = await run.stopIfConflicted(); // the engine decides the STOP (law 4); this face only reports it
    if (stop.length) return { kind: 'stop', conflicts: stop };
    for (const [step, a] of o.attestations) await run.attest(step, a);
    await run.runAll();
    if (o.signal.aborted) return await interrupted();
    // Live conflicts the checks found: the seal records them as blockers and the engine STOPs on them.
    const sealed = await run.seal();
    // Ctrl-C while sealing: the seal completed (it is never left half-done); say so and log it.
    if (o.signal.aborted) return await interrupted(sealed.path);
    return { kind: 'sealed', ...sealed };
  } catch (err) {
    // Whatever an interrupt made fail (an aborted AWS call while opening, a refused seal) is an interruption.
    if (o.signal.aborted) return interrupted();
    throw err;
  }
}
