import { systemClock } from '../../core/context.js';
import { callerIdentity } from '../../gates/caller-identity.js';
import { PhaseRun } from '../../engine/phase-run.js';
import { phaseStatuses } from '../../engine/phase-state.js';
import { preflightConflicts } from '../../engine/preflight-conflicts.js';
import { readLedger, verifyLedgerChain } from '../../engine/sealed-ledger.js';
import { recheckPhases } from '../../engine/recheck.js';
import type { LoadedProgram } from '../../load/load-program.js';
import { readLogbookTail } from '../../logbook/index.js';
import type { Session } from '../../session/session.js';
import type { CheckResult } from '../../core/types.js';
import { VERSION } from '../../core/version.js';
import { describeError } from './describe-error.js';
import type { ConsolePort } from './engine-port.js';
import { timelineItems } from '../../engine/history-text.js';
import { loadPhaseHistory } from '../../session/phase-history.js';

/** The console over a real session: the same PhaseRun the headless runner drives. */
export function sessionPort(session: Session, shellCommand?: (argv: readonly string[]) => string): ConsolePort {
  // A repin reloads the program inside the run; keep the newest so the next run starts from it.
  let program: LoadedProgram = session.program;
  const reload = async () => (session.program = program = await session.reload());
  const phaseOf = (id: string) => program.runbook.doc.phases.find((p) => p.id === id);

  return {
    ...(shellCommand ? { shellCommand } : {}),
    info: () => ({
      env: session.options.env,
      substrate: session.workspace.substrate,
      region: session.region ?? '?',
      program: program.runbook.doc.title,
    }),
    authority: () =>
      (program.resolved.documents ?? []).map((d) => ({
        id: d.id,
        rank: d.rank,
        path: d.path,
        ...(d.sha256_pin ? { pin: d.sha256_pin } : {}),
        ...(d.sha256_pin && program.resolved.handles[d.sha256_pin]?.value ? { sha256: program.resolved.handles[d.sha256_pin]!.value } : {}),
      })),
    identity: (signal) => callerIdentity(session.clients, new Map(), signal),
    phaseStatuses: () => phaseStatuses(program.runbook.doc, session.workspace),
    async sealedResults(phaseId) {
      if (!phaseOf(phaseId)) return [];
      const last = (await readLedger(program.runbook.doc, session.workspace)).phases.get(phaseId)?.latest;
      const checks = last?.verdict.checks;
      return Array.isArray(checks) ? (checks as CheckResult[]) : [];
    },
    async freshConflicts(phaseId) {
      return (await preflightConflicts(await reload(), session.workspace.terraformPaths, phaseId)).conflicts;
    },
    async openRun(phaseId, reporter, signal) {
      await reload(); // pick up edits made in another terminal since the last run
      const run = await PhaseRun.open({
        program,
        phaseId,
        workspace: session.workspace,
        clients: session.clients,
        reporter,
        clock: systemClock,
        signal,
        reload,
        version: VERSION,
      });
      await run.identity(); // the console shows who runs the phase from its first screen
      return run;
    },
    async recheck(signal) {
      await reload();
      return recheckPhases({
        program,
        workspace: session.workspace,
        clients: session.clients,
        reporter: () => {},
        clock: systemClock,
        signal,
        version: VERSION,
        only: [],
      });
    },
    async logbook(count) {
      const path = session.workspace.logbookPath;
      try {
        return { path, records: await readLogbookTail(path, count) };
      } catch (err) {
        return { path, records: [], unreadable: describeError(err) }; // a torn tail: the chain's verdict says where
      }
    },
    // From the checkpoint status keeps: opening the screen on 100k records parses only what came after it.
    verifyChain: () => verifyLedgerChain(session.workspace),
    async history(phaseId) {
      return timelineItems((await loadPhaseHistory(session.workspace, phaseId)).events);
    },
  };
}
