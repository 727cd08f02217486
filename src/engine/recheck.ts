import { ExitCode, GatewalkError } from '../core/errors.js';
import type { LoadedProgram } from '../load/load-program.js';
import type { LogbookRecord } from '../logbook/record.js';
import type { CheckResult } from '../core/types.js';
import type { AwsClients, Clock } from '../core/context.js';
import { callerIdentity, isVerified, unverifiedActor } from '../gates/caller-identity.js';
import { PhaseRun } from './phase-run.js';
import { Recorder } from './recorder.js';
import { isGreen, phaseStatuses, type PhaseStatus } from './phase-state.js';
import type { Reporter } from './reporter.js';
import { diffResults, type Change } from './result-changes.js';
import { readLedger } from './sealed-ledger.js';
import { rootRelative } from './verdict-sealed.js';
import type { Workspace } from '../core/workspace.js';

// Drift between closeouts: run the live checks of phases whose sealed verdict is green, in
// dependency order, without sealing anything, and say what no longer holds. One `recheck`
// record goes to the logbook; attestations are taken from the sealed verdict (a human's word is
// not a live check).

export interface RecheckedPhase {
  phase: string;
  /** The sealed verdict compared against, root-relative. */
  verdict: string;
  green: boolean;
  blockers: string[];
  changes: Change[];
}

export interface RecheckOutcome {
  phases: RecheckedPhase[];
  /** Named phases that were not rechecked, and why (not sealed green, tampered …). */
  skipped: Array<{ phase: string; why: string }>;
  /** Phases whose sealed verdict is green but whose checks no longer are. */
  drifted: string[];
  record: LogbookRecord;
}

export interface RecheckOptions {
  program: LoadedProgram;
  workspace: Workspace;
  clients: AwsClients;
  reporter: Reporter;
  clock: Clock;
  signal: AbortSignal;
  version: string;
  /** Phase ids; all sealed-green phases when empty. */
  only: string[];
}

export async function recheckPhases(o: RecheckOptions): Promise<RecheckOutcome> {
  const runbook = o.program.runbook.doc;
  for (const id of o.only) {
    if (!runbook.phases.some((p) => p.id === id))
      throw new GatewalkError(`no phase ${id} in ${o.program.runbook.path}`, `phases are: ${runbook.phases.map((p) => p.id).join(', ')}`);
  }
  const statuses = await phaseStatuses(runbook, o.workspace);
  const ledger = await readLedger(runbook, o.workspace);
  const wanted = (s: PhaseStatus) => !o.only.length || o.only.includes(s.phase.id);
  const sealedGreen = (s: PhaseStatus) => s.state !== 'tampered' && isGreen(ledger.phases.get(s.phase.id)?.latest?.verdict);
  const skipped = statuses
    .filter((s) => wanted(s) && o.only.length && !sealedGreen(s))
    .map((s) => ({ phase: s.phase.id, why: `its sealed verdict is not green (${s.state.toUpperCase()})` }));
  const phases: RecheckedPhase[] = [];
  let actor: string | undefined;
  for (const s of dependencyOrder(statuses.filter((x) => wanted(x) && sealedGreen(x)))) {
    if (o.signal.aborted) break;
    const sealed = ledger.phases.get(s.phase.id)!.latest!;
    const before = (Array.isArray(sealed.verdict.checks) ? sealed.verdict.checks : []) as CheckResult[];
    const run = await PhaseRun.open({ ...o, phaseId: s.phase.id, reload: async () => o.program, recheck: true });
    actor ??= await run.recorder.actor;
    for (const r of before)
      if (r.gate === 'attest' && (r.status === 'pass' || r.status === 'fail'))
        run.attestations.set(r.step, { status: r.status, note: r.reason });
    await run.runAll();
    const verdict = run.verdict(sealed.path, ledger.head);
    const blockers = [...verdict.blockers.map((b) => b.code), ...run.conflicts.map(() => 'GW-CONFLICT')];
    phases.push({
      phase: s.phase.id,
      verdict: rootRelative(o.workspace.root, sealed.path),
      green: blockers.length === 0,
      blockers,
      changes: diffResults(before, verdict.checks),
    });
  }
  if (o.signal.aborted) throw new GatewalkError('interrupted: recheck not recorded', undefined, ExitCode.interrupted);
  const drifted = phases.filter((p) => !p.green).map((p) => p.phase);
  if (actor === undefined) {
    const who = await callerIdentity(o.clients, new Map(), o.signal);
    actor = isVerified(who) ? who.arn : unverifiedActor();
  }
  const recorder = new Recorder(o.workspace, o.clock, actor);
  const record = await recorder.record({
    kind: 'recheck',
    data: {
      phases: phases.map((p) => ({
        phase: p.phase,
        verdict: p.verdict,
        now: p.green ? 'green' : 'not_green',
        blockers: p.blockers,
        changes: p.changes,
      })),
      skipped,
      drifted,
    },
  });
  return { phases, skipped, drifted, record };
}

/** Required phases first; program order otherwise. */
function dependencyOrder(list: PhaseStatus[]): PhaseStatus[] {
  const out: PhaseStatus[] = [];
  const left = [...list];
  while (left.length) {
    const i = left.findIndex((s) => !s.phase.requires.some((r) => left.some((l) => l.phase.id === r)));
    out.push(...left.splice(i < 0 ? 0 : i, 1));
  }
  return out;
}
