import { ExitCode, GatewalkError } from '../core/errors.js';
import { flagsInEffect, sessionOptions, type CliArgs } from './args.js';
import { cliFace } from './cli-face.js';
import type { Io } from '../core/io.js';
import { sanitizeLine } from '../core/sanitize.js';
import { SUBSTRATE_STYLE } from '../core/status-style.js';
import { statusLines } from './status-lines.js';

// Ink, React and yoga's WebAssembly take a few hundred milliseconds to load; the phase table is
// computed from local files in less. So the first frame is the real table, printed plainly, and the
// console erases exactly those lines before its own first frame: the operator reads where the
// program stands at once, and keys work the moment Ink is up.

/** The plain first frame: the header, the phase table (each line cut to the terminal's width) and a note. */
async function firstFrame(args: CliArgs, columns: number, rows: number): Promise<{ lines: string[]; table: string[] }> {
  const options = sessionOptions(args);
  const { badge } = SUBSTRATE_STYLE[options.substrate];
  const mark = process.env.NO_COLOR ? badge : `\x1b[7m${badge}\x1b[27m`;
  const header = `gatewalk  ${mark}  env ${sanitizeLine(args.env)}`;
  let status: string[];
  try {
    const [{ loadWorkspace }, { phaseStatuses }] = await Promise.all([import('../session/session.js'), import('../engine/phase-state.js')]);
    const { program, workspace } = await loadWorkspace(options);
    status = statusLines(program.runbook.doc.title, args.env, workspace.substrate, await phaseStatuses(program.runbook.doc, workspace));
  } catch {
    status = []; // the console opens the session itself and shows what is wrong
  }
  // One terminal row per line, so that erasing N lines erases exactly this frame.
  const fit = (l: string) => ([...l].length > columns - 1 ? [...l].slice(0, columns - 2).join('') + '…' : l);
  // …and never more rows than the screen has: a line scrolled away could not be erased.
  const room = Math.max(0, rows - 3);
  const shown = status.length > room ? [...status.slice(0, Math.max(0, room - 1)), `  … ${status.length - room + 1} more`] : status;
  const table = shown.map(fit);
  return { lines: [header, ...table, 'opening the console…'], table };
}

/** The interactive session. Refuses without a terminal instead of crashing on raw mode. */
export async function tuiCommand(args: CliArgs, io: Io, _signal: AbortSignal): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new GatewalkError(
      'the interactive session needs a terminal (stdin and stdout must be a TTY)',
      `run headless instead: gatewalk run PHASE${flagsInEffect(args)} (or gatewalk status${flagsInEffect(args, 'status')})`,
      ExitCode.usage,
    );
  }
  const { lines, table } = await firstFrame(args, process.stdout.columns || 80, process.stdout.rows || 24);
  process.stdout.write(lines.join('\n') + '\n');
  // Ink, React and the screens (~430 KB) load after the table is on screen, not alongside it: loading
  // is main-thread work, and on a busy machine it would only hold the first frame back.
  const { startTui } = await import('../console/start-tui.js');
  return startTui(sessionOptions(args), io, process.env, { lines: lines.length, table }, cliFace(args).command);
}
