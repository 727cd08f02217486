import type { Phase } from '../core/runbook-schema.js';
import { isBlocking, worstStatus, type Blocker, type CheckResult, type CheckStatus, type Substrate } from '../core/types.js';
import type { LoadedProgram } from '../load/load-program.js';
import type { Conflict } from './conflicts.js';
import { isVerified, type OperatorIdentity } from '../gates/caller-identity.js';
import { rootRelative } from './verdict-sealed.js';
import type { LogbookHead } from '../logbook/record.js';
import { keyFigures, type FigureValue } from './key-figures.js';

export const VERDICT_SCHEMA = 'gatewalk.verdict/v1';
/** Raised by a failing check that names no blocker code of its own. */
export const UNCODED_BLOCKER = 'GW-CHECK';
/** Raised when a phase with AWS checks ran without a verified caller identity (issue 8.6). */
export const IDENTITY_BLOCKER = 'GW-IDENTITY';
/** Raised when a live observation contradicts a pin during the run (the run STOPs). */
export const CONFLICT_BLOCKER = 'GW-CONFLICT';
/** Raised when a key figure the runbook declares cannot be read from the run. */
export const FIGURE_BLOCKER = 'GW-FIGURE';

export interface Verdict {
  schema: typeof VERDICT_SCHEMA;
  env: string;
  program: string;
  phase: string;
  phase_title: string;
  substrate: Substrate;
  operator: OperatorIdentity;
  tool: { name: 'gatewalk'; version: string };
  inputs: { registry: { path: string; sha256: string }; runbook: { path: string; sha256: string } };
  requires: Array<{ phase: string; verdict: string }>;
  started_at: string;
  finished_at: string;
  overall_pass: boolean;
  verdict: string;
  blockers: Blocker[];
  checks: CheckResult[];
  conflicts: Conflict[];
  previous_verdict: string | null;
  /** The runbook's declared key figures (present when the phase declares any). */
  key_figures?: Record<string, FigureValue>;
  /** The logbook head this verdict was sealed after: a truncated or re-forged tail no longer holds it. */
  logbook_head: LogbookHead;
}

/** Status of each check, folded from its results (worst wins). */
export function checkStatuses(results: readonly CheckResult[]): Map<string, CheckStatus> {
  const byCheck = new Map<string, CheckStatus[]>();
  for (const r of results) {
    const seen = byCheck.get(r.id);
    if (seen) seen.push(r.status);
    else byCheck.set(r.id, [r.status]);
  }
  return new Map([...byCheck].map(([id, s]) => [id, worstStatus(s)]));
}

/** One blocker per (code, check) whose check has a blocking status; live conflicts add GW-CONFLICT. */
export function computeBlockers(
  phase: Phase,
  codebook: Record<string, string>,
  results: readonly CheckResult[],
  liveConflicts: readonly Conflict[],
): Blocker[] {
  const statuses = checkStatuses(results);
  const blockers: Blocker[] = [];
  for (const step of phase.steps) {
    for (const check of step.checks) {
      const status = statuses.get(check.id);
      if (status !== undefined && !isBlocking(status)) continue; // a check never run blocks too
      const code = check.blocker ?? UNCODED_BLOCKER;
      const meaning = codebook[code] ?? `check ${check.id} did not pass`;
      // A blocking status is folded from a blocking result of this check, so one exists.
      const why =
        status === undefined ? 'check was not run' : `${status}: ${results.find((r) => r.id === check.id && isBlocking(r.status))!.reason}`;
      blockers.push({ code, message: `${meaning} — ${why}`, check: check.id });
    }
  }
  for (const c of liveConflicts) {
    blockers.push({
      code: CONFLICT_BLOCKER,
      message: `${c.handle}: pinned ${c.pinned ?? 'PENDING'} but ${c.offers.map((o) => `${o.source} = ${o.value}`).join(', ')}`,
      check: 'conflicts',
    });
  }
  return blockers;
}

export interface VerdictInput {
  program: LoadedProgram;
  phase: Phase;
  substrate: Substrate;
  operator: OperatorIdentity;
  version: string;
  requires: Verdict['requires'];
  startedAt: Date;
  finishedAt: Date;
  results: CheckResult[];
  liveConflicts: Conflict[];
  previous: string | null;
  logbookHead: LogbookHead;
  /** The phase calls AWS, so green needs a verified operator identity. */
  identityRequired?: boolean;
}

/** Green law: every check ran, nothing blocks, no conflict open. */
export function buildVerdict(i: VerdictInput): Verdict {
  const blockers = computeBlockers(i.phase, i.program.runbook.doc.blockers, i.results, i.liveConflicts);
  if (i.identityRequired && !isVerified(i.operator)) {
    blockers.push({
      code: IDENTITY_BLOCKER,
      message: `caller identity not verified (${i.operator.error}): a phase with AWS checks never seals green without knowing who ran it`,
      check: 'operator',
    });
  }
  // Paths inside evidence are relative to the project root, so a sealed root reads the same on
  // every machine (and in a durable mirror).
  const rel = (p: string) => rootRelative(i.program.root, p);
  const verdict = assemble(i, blockers, rel);
  if (!i.phase.key_figures?.length) return verdict;
  const first = keyFigures(i.phase, i.program.resolved, i.results, verdict);
  // An unreadable figure is null. It blocks a run that would otherwise close green (the snapshot
  // would lack what its consumers read); a blocked run already says why, so it adds nothing there.
  if (!verdict.overall_pass) return { ...verdict, key_figures: first.figures };
  // Figures read from the verdict then see it as it is sealed (the same verdict when all were read).
  const held = assemble(
    i,
    [...blockers, ...first.problems.map((message) => ({ code: FIGURE_BLOCKER, message, check: 'key_figures' }))],
    rel,
  );
  return { ...held, key_figures: keyFigures(i.phase, i.program.resolved, i.results, held).figures };
}

function assemble(i: VerdictInput, blockers: Blocker[], rel: (p: string) => string): Verdict {
  const overall_pass = blockers.length === 0;
  return {
    schema: VERDICT_SCHEMA,
    env: i.program.env,
    program: i.program.runbook.doc.program,
    phase: i.phase.id,
    phase_title: i.phase.title,
    substrate: i.substrate,
    operator: i.operator,
    tool: { name: 'gatewalk', version: i.version },
    inputs: {
      registry: { path: rel(i.program.registry.path), sha256: i.program.registry.sha256 },
      runbook: { path: rel(i.program.runbook.path), sha256: i.program.runbook.sha256 },
    },
    requires: i.requires.map((r) => ({ phase: r.phase, verdict: rel(r.verdict) })),
    started_at: i.startedAt.toISOString(),
    finished_at: i.finishedAt.toISOString(),
    overall_pass,
    verdict: overall_pass ? (i.phase.green_label ?? 'PASS') : 'HOLD',
    blockers,
    checks: i.results,
    conflicts: i.liveConflicts,
    previous_verdict: i.previous === null ? null : rel(i.previous),
    logbook_head: i.logbookHead,
  };
}
