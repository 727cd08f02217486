import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Conflict } from '../../engine/conflicts.js';
import { GatewalkError } from '../../core/errors.js';
import type { Workspace } from '../../core/workspace.js';
import type { Io } from '../../core/io.js';
import { inTotoStatement } from './attestation.js';
import { readLoggedRun, readSealedRun } from './sealed-run.js';
import { stopSummary, verdictSummary } from './step-summary.js';

// The CI files a headless run writes besides its evidence: --junit, --attestation and the
// GitHub step summary. They are reports about the sealed evidence, written after it: a file that
// cannot be written is a usage error (exit 2) naming it, and the sealed verdict stays as it is.

export interface CiTargets {
  junit?: string;
  attestation?: string;
  /** $GITHUB_STEP_SUMMARY: appended to, never replaced. */
  stepSummary?: string;
}

export type CiOutcome =
  /** `inLogbook`: a docs-only phase, whose verdict is its logbook record (`file` is `<logbook>#<seq>`). */
  | { kind: 'sealed'; file: string; record: { seq: number; hash: string }; inLogbook?: boolean }
  | { kind: 'stop'; program: string; phase: string; conflicts: readonly Conflict[] };

async function guarded(file: string, what: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    throw new GatewalkError(
      `${what} ${file}: ${(err as Error).message}`,
      'the verdict is sealed and recorded; fix the path (or drop the flag) for the next run',
    );
  }
}

function write(file: string, what: string, text: () => string | Promise<string>): Promise<void> {
  return guarded(file, what, async () => {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, await text());
  });
}

// The JUnit builder (with lodash and xmlbuilder, ~160 KB) loads only for --junit.
const junit = () => import('./junit.js');

const append = (file: string, text: () => string) => guarded(file, '$GITHUB_STEP_SUMMARY', () => appendFile(file, text()));

export async function writeCiOutputs(ws: Workspace, outcome: CiOutcome, to: CiTargets, io: Io): Promise<void> {
  if (!to.junit && !to.attestation && !to.stepSummary) return;
  if (outcome.kind === 'stop') {
    if (to.junit)
      await write(to.junit, '--junit', async () => (await junit()).junitForStop(outcome.program, outcome.phase, outcome.conflicts));
    if (to.attestation) io.err(`--attestation: STOP sealed no verdict, so ${to.attestation} was not written`);
    if (to.stepSummary) await append(to.stepSummary, () => stopSummary(outcome.phase, outcome.conflicts));
    return;
  }
  const run = outcome.inLogbook ? await readLoggedRun(ws, outcome.record) : await readSealedRun(ws, outcome.file, outcome.record);
  if (to.junit) await write(to.junit, '--junit', async () => (await junit()).junitForVerdict(run));
  if (to.attestation) await write(to.attestation, '--attestation', () => JSON.stringify(inTotoStatement(run), null, 2) + '\n');
  if (to.stepSummary) await append(to.stepSummary, () => verdictSummary(run));
}
