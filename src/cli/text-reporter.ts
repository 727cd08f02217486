import type { Reporter } from '../engine/reporter.js';
import { sanitizeLine } from '../core/sanitize.js';
import { checkStyle } from '../core/status-style.js';

/** Headless progress: one line per event on stderr (results go to stdout separately). */
export function textReporter(write: (line: string) => void): Reporter {
  return (e) => {
    switch (e.type) {
      case 'phase.started':
        return write(`▶ ${e.phase} — ${sanitizeLine(e.title)} [${e.substrate.toUpperCase()}]`);
      case 'authority.resolved':
        return write(`  authority: ${e.handle} = ${sanitizeLine(e.value)} (${e.winner} outranks ${e.loser})`);
      case 'conflict':
        return write(`  ⏸ ${e.conflicts.length} conflict(s) between sources of truth`);
      case 'repin.applied':
        return write(`  ✎ repinned ${e.handle}: ${sanitizeLine(e.from)} → ${sanitizeLine(e.to)}`);
      case 'step.started':
        return write(`  ── ${e.step}: ${sanitizeLine(e.title)}`);
      case 'check.started':
        return;
      case 'check.finished':
        for (const r of e.results) {
          const s = checkStyle(r.status);
          write(`    ${s.glyph} ${s.word.padEnd(6)} ${e.check}  ${sanitizeLine(r.resource)}  ${sanitizeLine(r.reason)}`);
        }
        return;
      case 'verdict.sealed':
        return write(`  sealed ${e.overall_pass ? 'GREEN' : `BLOCKED (${e.blockers} blocker(s))`}: ${sanitizeLine(e.path)}`);
      default: {
        const never: never = e;
        return never;
      }
    }
  };
}
