import path from 'node:path';
import type { Clock } from '../core/context.js';
import type { Phase } from '../core/runbook-schema.js';
import { evidenceRootOf } from '../core/sealed-in.js';
import type { CheckResult } from '../core/types.js';
import type { Workspace } from '../core/workspace.js';
import { withPhaseLock } from '../evidence/staging.js';
import { sealVerdict } from '../evidence/writer.js';
import type { LoadedProgram } from '../load/load-program.js';
import type { LogbookHead, LogbookRecord } from '../logbook/record.js';
import { verdictEntry, verdictFailedEntry } from './decision-records.js';
import { settlePhase } from './reconcile.js';
import type { Recorder } from './recorder.js';
import type { Reporter } from './reporter.js';
import { diffResults, type Change } from './result-changes.js';
import { readLedger } from './sealed-ledger.js';
import { sealInLogbook } from './seal-in-logbook.js';
import type { Verdict } from './verdict.js';

export interface SealInput {
  program: LoadedProgram;
  phase: Phase;
  workspace: Workspace;
  clock: Clock;
  reporter: Reporter;
  recorder: Recorder;
  /** Waits for the run's STS identity (the verdict names who sealed it). */
  identity: () => Promise<unknown>;
  /** The verdict as of now, given the previous vouched verdict and the logbook head. */
  verdictFor: (previous: string | null, head: LogbookHead) => Verdict;
}

export interface Sealed {
  verdict: Verdict;
  /** The snapshot file; for a docs-only phase `<logbook>#<seq>`, the record that is the seal. */
  path: string;
  /** Set when the verdict is sealed in its logbook record alone (sealed_in: logbook): no folder was written. */
  inLogbook?: true;
  changes: Change[];
  record: { seq: number; hash: string };
}

/** Records name files root-relative, as verdicts do: the same on every machine, no home folder in them. */
export function rootRelativeOf(program: LoadedProgram, file: string): string {
  return path.relative(program.root, file).split(path.sep).join('/');
}

/**
 * Seals the verdict as a new evidence root and records it, one seal of a phase at a time (the
 * phase lock). Write-ahead: the `verdict.sealed` record (path + SHA-256) is durable before the
 * folder is published.
 */
export async function sealPhase(s: SealInput): Promise<Sealed> {
  const root = evidenceRootOf(s.phase);
  if (!root) return sealInLogbook(s);
  const { evidenceRoot } = s.workspace;
  const phaseDir = root.dir;
  return withPhaseLock(evidenceRoot, phaseDir, async () => {
    await settlePhase(s.workspace, phaseDir); // a crashed seal's staging: published if recorded, else removed
    // The previous verdict is the last one the logbook vouches for, never the newest folder name.
    const ledger = await readLedger(s.program.runbook.doc, s.workspace);
    const last = ledger.phases.get(s.phase.id)?.latest;
    await s.identity();
    const verdict = s.verdictFor(last?.path ?? null, ledger.head);
    let rec: LogbookRecord | undefined;
    const beforePublish = async ({ file, sha256 }: { file: string; sha256: string }) =>
      void (rec = await s.recorder.log(verdictEntry(verdict, rootRelativeOf(s.program, file), sha256)));
    let sealed;
    try {
      sealed = await sealVerdict({ evidenceRoot, phaseDir, snapshotName: root.snapshot, verdict, clock: s.clock, beforePublish });
    } catch (err) {
      if (rec) await s.recorder.record(verdictFailedEntry(rec.seq, String((rec.data as { path: string }).path), (err as Error).message));
      throw err;
    }
    s.reporter({
      type: 'verdict.sealed',
      phase: s.phase.id,
      overall_pass: verdict.overall_pass,
      blockers: verdict.blockers.length,
      path: sealed.file,
    });
    await s.recorder.describe(rec!);
    return { verdict, path: sealed.file, changes: changesSince(last?.verdict, verdict), record: { seq: rec!.seq, hash: rec!.hash } };
  });
}

/** What moved since the previous vouched verdict (a first verdict has nothing to have changed against). */
export function changesSince(previous: Record<string, unknown> | undefined, verdict: Verdict): Change[] {
  if (!previous) return [];
  return diffResults(Array.isArray(previous.checks) ? (previous.checks as CheckResult[]) : [], verdict.checks);
}
