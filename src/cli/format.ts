import type { Conflict } from '../engine/conflicts.js';
import type { Verdict } from '../engine/verdict.js';
import { sanitizeLine } from '../core/sanitize.js';

export function formatVerdict(v: Verdict, path: string): string {
  const lines = [
    `${v.phase} ${v.overall_pass ? 'GREEN' : 'BLOCKED'}  overall_pass=${v.overall_pass}  verdict=${v.verdict}  substrate=${v.substrate}`,
    `checks: ${count(v, 'pass')} pass, ${count(v, 'fail')} fail, ${count(v, 'error')} error, ${count(v, 'manual')} manual, ${count(v, 'skip')} skip`,
  ];
  if (v.blockers.length) {
    lines.push(`blockers (${v.blockers.length}):`);
    for (const b of v.blockers) lines.push(`  ${b.code}  [${b.check}]  ${sanitizeLine(b.message)}`);
  } else lines.push('blockers: []');
  lines.push(`snapshot: ${sanitizeLine(path)}`);
  return lines.join('\n');
}

function count(v: Verdict, status: string): number {
  return v.checks.filter((c) => c.status === status).length;
}

export function formatConflicts(phase: string, conflicts: readonly Conflict[]): string {
  const lines = [`STOP ${phase}: ${conflicts.length} conflict(s) between sources of truth. Nothing was guessed.`];
  for (const c of conflicts) {
    lines.push(`  ${c.handle}  [${c.kind}]`);
    lines.push(`    registry: ${c.pinned === undefined ? 'PENDING PIN' : sanitizeLine(c.pinned)}`);
    for (const o of c.offers) lines.push(`    ${sanitizeLine(o.source)}${o.rank ? ` (rank ${o.rank})` : ''}: ${sanitizeLine(o.value)}`);
  }
  lines.push('Decide, then rerun with one of:');
  if (conflicts.some((c) => c.offers.some((o) => o.source.startsWith('terraform:')))) {
    lines.push(`  gatewalk run ${phase} --repin-from terraform --reason "why Terraform is right"`);
  }
  lines.push(`  gatewalk run ${phase} --repin ${conflicts[0]?.handle ?? 'HANDLE'}=VALUE --reason "why"   (repeatable)`);
  lines.push('  or abort: change nothing; the STOP is recorded in the logbook and impl_actual.');
  return lines.join('\n');
}
