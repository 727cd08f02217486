import { render } from '../core/advice.js';
import { cliFace } from './cli-face.js';
import { jsonText } from '../core/json-text.js';
import { phaseStatuses } from '../engine/phase-state.js';
import { formatTamper, type Tamper } from '../engine/sealed-ledger.js';
import { ExitCode } from '../core/errors.js';
import { sanitizeLine } from '../core/sanitize.js';
import { loadWorkspace } from '../session/session.js';
import { registryCopyProblem } from '../substrate/sandbox/workspace/registry-copy.js';
import { sessionOptions, type CliArgs } from './args.js';
import { statusLines } from './status-lines.js';
import type { Io } from '../core/io.js';

/** Phase table from sealed verdicts only; makes no AWS call. */
export async function statusCommand(args: CliArgs, io: Io): Promise<number> {
  const { program, workspace: ws, registryCopy } = await loadWorkspace(sessionOptions(args));
  // Before the table: runs refuse until the sandbox's registry copy is current again.
  const stale = registryCopy && registryCopyProblem(registryCopy);
  if (stale) io.err(`gatewalk: warning: ${stale.message}; runs are refused until then\n  try: ${render(stale.hint, cliFace(args))}`);
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
  for (const line of statusLines(program.runbook.doc.title, args.env, substrate, rows)) io.out(line);
  return tamperExit(tamper, io);
}

/** Tampering is a blocker (exit 3): every finding is named on stderr, file first. */
function tamperExit(tamper: Tamper[], io: Io): number {
  for (const t of tamper) io.err(`tampering: ${sanitizeLine(formatTamper(t))}`);
  if (tamper.length)
    io.err('  sealed evidence is never edited, added or removed by hand: restore the file from a backup, or move the folder aside');
  return tamper.length ? ExitCode.blockers : ExitCode.green;
}
