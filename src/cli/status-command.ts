import { phaseStatuses } from '../engine/phase-state.js';
import { sanitizeLine } from '../core/sanitize.js';
import { phaseStyle } from '../core/status-style.js';
import { loadWorkspace } from '../session/session.js';
import { sessionOptions, type CliArgs } from './args.js';
import type { Io } from '../core/io.js';

/** Phase table from sealed verdicts only; makes no AWS call. */
export async function statusCommand(args: CliArgs, io: Io): Promise<number> {
  const { program, workspace: ws } = await loadWorkspace(sessionOptions(args));
  const substrate = ws.substrate;
  const rows = await phaseStatuses(program.runbook.doc, ws.evidenceRoot);
  if (args.json) {
    io.out(JSON.stringify(rows.map((r) => ({ phase: r.phase.id, state: r.state, waiting_for: r.waitingFor, last: r.last ?? null })), null, 2));
    return 0;
  }
  io.out(`${program.runbook.doc.title} — env ${args.env} [${substrate.toUpperCase()}]`);
  for (const r of rows) {
    const s = phaseStyle(r.state);
    const tail = r.state === 'locked' ? `waits for ${r.waitingFor.join(', ')}` : r.last ? `last ${r.last.finished_at ?? ''} blockers: ${r.last.blockers.map((b) => b.code).join(', ') || '[]'}` : 'never run';
    io.out(`  ${s.glyph} ${s.word.padEnd(8)} ${r.phase.id.padEnd(6)} ${sanitizeLine(r.phase.title).padEnd(48)} ${sanitizeLine(tail)}`);
  }
  return 0;
}
