import { ExitCode } from '../core/errors.js';
import type { Io } from '../core/io.js';
import type { Session } from '../session/session.js';

/**
 * What the first Ctrl-C (or SIGTERM) of a headless command says it does: a run cancels its checks,
 * `sandbox serve` stops serving, anything else stops. The second one quits at once.
 */
export function interruptNotice(command: readonly string[]): string {
  const [cmd, sub] = command;
  const doing =
    cmd === 'run' || cmd === 'recheck'
      ? 'cancelling the running checks'
      : cmd === 'sandbox' && sub === 'serve'
        ? 'stopping the sandbox server'
        : 'stopping';
  return `interrupt: ${doing} (Ctrl-C again to quit at once)…`;
}

/** What a Ctrl-C that cancelled nothing says: the command's work was already done. */
export const LATE_INTERRUPT = 'interrupted after the command had finished: its results above stand';

/**
 * Runs a command's work on an open session, then closes the session (its AWS clients, the
 * sandbox's emulator thread). A Ctrl-C that lands after the work settled its result, while the
 * session closes, cancelled nothing: the result stands, and the command says so and exits 130,
 * never 0 after "cancelling".
 */
export async function closingSession(session: Session, signal: AbortSignal, io: Io, work: () => Promise<number>): Promise<number> {
  let code: number;
  try {
    code = await work();
  } finally {
    await session.close();
  }
  if (signal.aborted && code !== ExitCode.interrupted) {
    io.err(LATE_INTERRUPT);
    return ExitCode.interrupted;
  }
  return code;
}
