import { systemClock } from '../core/context.js';
import { recheckPhases } from '../engine/recheck.js';
import { formatChange } from '../engine/result-changes.js';
import { ExitCode } from '../core/errors.js';
import { sanitizeLine } from '../core/sanitize.js';
import { openSession } from '../session/session.js';
import { VERSION } from '../core/version.js';
import { closingSession } from './closing-session.js';
import { sessionOptions, type CliArgs } from './args.js';
import type { Io } from '../core/io.js';
import { textReporter } from './text-reporter.js';
import { awsTimeoutHint } from './aws-timeout-hint.js';

/** `gatewalk recheck [PHASE…]`: drift in sealed-green phases, nothing sealed; exit 3 when some green no longer holds. */
export async function recheckCommand(args: CliArgs, io: Io, signal: AbortSignal): Promise<number> {
  const session = await openSession(sessionOptions(args));
  return closingSession(session, signal, io, async () => {
    const out = await recheckPhases({
      program: session.program,
      workspace: session.workspace,
      clients: session.clients,
      reporter: textReporter(io.err),
      clock: systemClock,
      signal,
      version: VERSION,
      only: args.command.slice(1),
    });
    if (args.json) {
      io.out(JSON.stringify({ phases: out.phases, skipped: out.skipped, drifted: out.drifted, logbook_seq: out.record.seq }, null, 2));
    } else {
      if (!out.phases.length) io.out('nothing to recheck: no phase has a sealed green verdict');
      for (const p of out.phases) {
        io.out(
          `${p.green ? '✔ STILL GREEN    ' : '✘ NO LONGER GREEN'} ${sanitizeLine(p.phase)}${p.green ? '' : `  blockers: ${sanitizeLine(p.blockers.join(', '))}`}  (vs ${sanitizeLine(p.verdict)})`,
        );
        for (const c of p.changes) io.out(`    ${formatChange(c)}`);
      }
      for (const s of out.skipped) io.out(`  skipped ${sanitizeLine(s.phase)}: ${s.why}`);
      io.out(`recorded as logbook record ${out.record.seq} (recheck); nothing sealed`);
    }
    const hint = awsTimeoutHint(out.phases);
    if (hint) io.err(hint);
    return out.drifted.length ? ExitCode.blockers : ExitCode.green;
  });
}
