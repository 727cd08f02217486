import { ExitCode, GatewalkError } from '../errors.js';
import { sessionOptions, type CliArgs } from './args.js';
import type { Io } from './io.js';

/** The interactive session. Refuses without a terminal instead of crashing on raw mode. */
export async function tuiCommand(args: CliArgs, io: Io, _signal: AbortSignal): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new GatewalkError(
      'the interactive session needs a terminal (stdin and stdout must be a TTY)',
      `run headless instead: gatewalk run PHASE${args.sandbox ? ' --sandbox' : ''} (or gatewalk status)`,
      ExitCode.usage,
    );
  }
  const { startTui } = await import('../screens/start-tui.js');
  return startTui(sessionOptions(args), io);
}
