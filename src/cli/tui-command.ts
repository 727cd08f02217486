import { ExitCode, GatewalkError } from '../core/errors.js';
import { sessionOptions, type CliArgs } from './args.js';
import type { Io } from '../core/io.js';
import { sanitizeLine } from '../core/sanitize.js';
import { SUBSTRATE_STYLE } from '../core/status-style.js';

const SPLASH_LINES = 2;

function splash(args: CliArgs): string {
  const { badge } = SUBSTRATE_STYLE[sessionOptions(args).substrate];
  const mark = process.env.NO_COLOR ? badge : `\x1b[7m${badge}\x1b[27m`;
  return `gatewalk  ${mark}  env ${sanitizeLine(args.env)}\nopening the console…\n`;
}

/** The interactive session. Refuses without a terminal instead of crashing on raw mode. */
export async function tuiCommand(args: CliArgs, io: Io, _signal: AbortSignal): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new GatewalkError(
      'the interactive session needs a terminal (stdin and stdout must be a TTY)',
      `run headless instead: gatewalk run PHASE${args.sandbox ? ' --sandbox' : ''} (or gatewalk status)`,
      ExitCode.usage,
    );
  }
  // Ink, React and yoga's WebAssembly take ~200 ms to load: draw a plain header at once so the
  // operator sees where they are; the console erases it before its own first frame.
  process.stdout.write(splash(args));
  const { startTui } = await import('../console/start-tui.js');
  return startTui(sessionOptions(args), io, process.env, SPLASH_LINES);
}
