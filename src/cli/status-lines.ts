import { sanitizeLine } from '../core/sanitize.js';
import { phaseStyle } from '../core/status-style.js';
import type { Substrate } from '../core/types.js';
import type { PhaseStatus } from '../engine/phase-state.js';

/** The phase table as plain lines: `gatewalk status`, and the console's first frame before Ink is up. */
export function statusLines(title: string, env: string, substrate: Substrate, rows: readonly PhaseStatus[]): string[] {
  const lines = [`${sanitizeLine(title)} — env ${sanitizeLine(env)} [${substrate.toUpperCase()}]`];
  for (const r of rows) {
    const s = phaseStyle(r.state);
    const tail =
      r.state === 'tampered'
        ? `tampering: ${r.tamper.map((t) => t.file).join(', ')}`
        : r.state === 'locked'
          ? `waits for ${r.waitingFor.join(', ')}`
          : r.state === 'stale'
            ? `own verdict green, but ${r.notGreenAncestors.join(', ')} not green: rerun after them`
            : r.last
              ? `last ${r.last.finished_at ?? ''} blockers: ${r.last.blockers.map((b) => b.code).join(', ') || '[]'}`
              : 'never run';
    lines.push(`  ${s.glyph} ${s.word.padEnd(8)} ${r.phase.id.padEnd(6)} ${sanitizeLine(r.phase.title).padEnd(48)} ${sanitizeLine(tail)}`);
  }
  return lines;
}
