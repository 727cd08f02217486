import { jsonText } from '../core/json-text.js';
import { phaseStatuses } from '../engine/phase-state.js';
import { formatTamper, type Tamper } from '../engine/sealed-ledger.js';
import { ExitCode } from '../core/errors.js';
import { sanitizeLine } from '../core/sanitize.js';
import { phaseStyle } from '../core/status-style.js';
import { loadWorkspace } from '../session/session.js';
import { registryCopyProblem } from '../substrate/sandbox/workspace/registry-copy.js';
import { sessionOptions, type CliArgs } from './args.js';
import type { Io } from '../core/io.js';

/** Phase table from sealed verdicts only; makes no AWS call. */
export async function statusCommand(args: CliArgs, io: Io): Promise<number> {
  const { program, workspace: ws, registryCopy } = await loadWorkspace(sessionOptions(args));
  // Before the table: runs refuse until the sandbox's registry copy is current again.
  const stale = registryCopy && registryCopyProblem(registryCopy);
  if (stale) io.err(`gatewalk: warning: ${stale.message}; runs are refused until then\n  try: ${stale.hint}`);
  const substrate = ws.substrate;
  const rows = await phaseStatuses(program.runbook.doc, ws);
  const tamper = rows.flatMap((r) => r.tamper);
  if (args.json) {
    io.out(
      jsonText(
        rows.map((r) => ({
          phase: r.phase.id,
          state: r.state,
          waiting_for: r.waitingFor,
          not_green_ancestors: r.notGreenAncestors,
          last: r.last ?? null,
          tamper: r.tamper,
        })),
      ),
    );
    return tamperExit(tamper, io);
  }
  io.out(`${sanitizeLine(program.runbook.doc.title)} — env ${sanitizeLine(args.env)} [${substrate.toUpperCase()}]`);
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
    io.out(`  ${s.glyph} ${s.word.padEnd(8)} ${r.phase.id.padEnd(6)} ${sanitizeLine(r.phase.title).padEnd(48)} ${sanitizeLine(tail)}`);
  }
  return tamperExit(tamper, io);
}

/** Tampering is a blocker (exit 3): every finding is named on stderr, file first. */
function tamperExit(tamper: Tamper[], io: Io): number {
  for (const t of tamper) io.err(`tampering: ${sanitizeLine(formatTamper(t))}`);
  if (tamper.length)
    io.err('  sealed evidence is never edited, added or removed by hand: restore the file from a backup, or move the folder aside');
  return tamper.length ? ExitCode.blockers : ExitCode.green;
}
