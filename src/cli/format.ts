import type { Conflict } from '../engine/conflicts.js';
import { checkStatuses, type Verdict } from '../engine/verdict.js';
import type { CheckStatus } from '../core/types.js';
import { sanitizeLine } from '../core/sanitize.js';
import { failingGrids, iamGridText } from '../engine/iam-grid.js';

/** `loggedAt`: a docs-only phase's verdict, sealed in that logbook record instead of a snapshot file. */
export function formatVerdict(v: Verdict, path: string, loggedAt?: number): string {
  const lines = [
    `${v.phase} ${v.overall_pass ? 'GREEN' : 'BLOCKED'}  overall_pass=${v.overall_pass}  verdict=${v.verdict}  substrate=${v.substrate}`,
    ...tallyLines(v),
  ];
  if (v.blockers.length) {
    const codes = [...new Set(v.blockers.map((b) => b.code))];
    const raisedBy = new Set(v.blockers.map((b) => b.check)).size;
    lines.push(`blockers: ${plural(codes.length, 'code')} (${codes.join(', ')}) raised by ${plural(raisedBy, 'check')}:`);
    for (const b of v.blockers) lines.push(`  ${b.code}  [${b.check}]  ${sanitizeLine(b.message)}`);
  } else lines.push('blockers: []');
  // The seed's "key snapshot": the declared figures as name=value, so nobody has to open the JSON.
  const figures = Object.entries(v.key_figures ?? {});
  if (figures.length) lines.push('key figures:', ...figures.map(([name, value]) => `  ${name}=${sanitizeLine(String(value))}`));
  for (const grid of failingGrids(v.checks)) lines.push(`matrix ${grid.check}:`, ...iamGridText(grid, sanitizeLine).map((l) => `  ${l}`));
  lines.push(
    loggedAt === undefined ? `snapshot: ${sanitizeLine(path)}` : `sealed in: logbook record ${loggedAt} (docs-only: no evidence folder)`,
  );
  return lines.join('\n');
}

const STATUSES: readonly CheckStatus[] = ['pass', 'fail', 'error', 'manual', 'skip'];

/**
 * Checks and their results counted apart: a check is one runbook entry (its status is its worst
 * result), a result is one resource it looked at. "56 pass" of results is not 56 checks.
 */
export function tallyLines(v: Pick<Verdict, 'checks'>): string[] {
  const perCheck = [...checkStatuses(v.checks).values()];
  const tally = (statuses: readonly CheckStatus[]) => STATUSES.map((s) => `${statuses.filter((x) => x === s).length} ${s}`).join(', ');
  return [`checks: ${perCheck.length} (${tally(perCheck)})`, `results: ${v.checks.length} (${tally(v.checks.map((c) => c.status))})`];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `flags`: the flags in effect (` --env X --sandbox …`), so a pasted hint acts where this run did. */
export function formatConflicts(phase: string, conflicts: readonly Conflict[], flags = ''): string {
  const lines = [`STOP ${phase}: ${conflicts.length} conflict(s) between sources of truth. Nothing was guessed.`];
  for (const c of conflicts) {
    lines.push(`  ${c.handle}  [${c.kind}]`);
    lines.push(`    registry: ${c.pinned === undefined ? 'PENDING PIN' : sanitizeLine(c.pinned)}`);
    for (const o of c.offers) lines.push(`    ${sanitizeLine(o.source)}${o.rank ? ` (rank ${o.rank})` : ''}: ${sanitizeLine(o.value)}`);
  }
  lines.push('Decide, then rerun with one of:');
  if (conflicts.some((c) => c.offers.some((o) => o.source.startsWith('terraform:')))) {
    lines.push(`  gatewalk run ${phase}${flags} --repin-from terraform --reason "why Terraform is right"`);
  }
  lines.push(`  gatewalk run ${phase}${flags} --repin ${conflicts[0]?.handle ?? 'HANDLE'}=VALUE --reason "why"   (repeatable)`);
  lines.push('  or abort: change nothing; the STOP is recorded in the logbook and impl_actual.');
  return lines.join('\n');
}
