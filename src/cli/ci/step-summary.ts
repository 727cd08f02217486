import type { Conflict } from '../../engine/conflicts.js';
import { isBlocking } from '../../core/types.js';
import { sanitizeLine } from '../../core/sanitize.js';
import type { SealedRun } from './sealed-run.js';

// A Markdown summary for $GITHUB_STEP_SUMMARY: phase, verdict, blockers and the results that did
// not pass (at most MAX_ROWS), as table cells that a value from AWS cannot break out of.

const MAX_ROWS = 50;
const cell = (s: unknown) =>
  sanitizeLine(s)
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
const code = (s: unknown) => `\`${sanitizeLine(s).replace(/`/g, "'")}\``;

export function verdictSummary(run: SealedRun): string {
  const v = run.verdict;
  const failing = v.checks.filter((c) => isBlocking(c.status));
  const lines = [
    `### gatewalk ${cell(v.phase)}: ${v.overall_pass ? '✅ GREEN' : '❌ BLOCKED'} (${v.substrate})`,
    '',
    `${cell(v.phase_title)} · program ${code(v.program)} · env ${code(v.env)} · overall_pass: **${v.overall_pass}** · ${v.checks.length} results, ${failing.length} not passing`,
    '',
    `snapshot ${code(run.rootPath)} sha256 ${code(run.sha256)} · logbook record #${run.logbook.seq}`,
  ];
  if (v.blockers.length) {
    lines.push(
      '',
      '| blocker | check | why |',
      '|---|---|---|',
      ...v.blockers.map((b) => `| ${cell(b.code)} | ${cell(b.check)} | ${cell(b.message)} |`),
    );
  }
  if (failing.length) {
    lines.push('', '| status | check | resource | reason |', '|---|---|---|---|');
    lines.push(
      ...failing.slice(0, MAX_ROWS).map((c) => `| ${c.status.toUpperCase()} | ${cell(c.id)} | ${cell(c.resource)} | ${cell(c.reason)} |`),
    );
    if (failing.length > MAX_ROWS) lines.push('', `… ${failing.length - MAX_ROWS} more in the snapshot`);
  }
  return lines.join('\n') + '\n\n';
}

export function stopSummary(phase: string, conflicts: readonly Conflict[]): string {
  return (
    [
      `### gatewalk ${cell(phase)}: ⛔ STOP (no verdict sealed)`,
      '',
      'Sources of truth disagree; repin (`--repin` / `--repin-from` with `--reason`) or abort.',
      '',
      '| handle | pinned | offered |',
      '|---|---|---|',
      ...conflicts.map(
        (c) =>
          `| ${cell(c.handle)} | ${cell(c.pinned ?? 'PENDING')} | ${cell(c.offers.map((o) => `${o.source} = ${o.value}`).join(', '))} |`,
      ),
    ].join('\n') + '\n\n'
  );
}
