import { parseCli, type CliArgs } from './cli/args.js';
import { cliFace } from './cli/cli-face.js';
import { processIo, type Io } from './core/io.js';
import { helpText } from './cli/usage.js';
import { ExitCode, GatewalkError, ValidationError } from './core/errors.js';
import { sanitizeText } from './core/sanitize.js';
import { interruptNotice, LATE_INTERRUPT } from './cli/closing-session.js';
import { VERSION } from './core/version.js';

// The only place that decides the process exit code. Commands are loaded on demand so that
// `gatewalk run` never loads Ink/React and the TUI never pays for commands it does not use.

/**
 * A headless run on the sandbox talks to the emulator's thread, which takes ~200 ms of its own core
 * to start: it is spawned now, while the command's code and the program load on this thread (a
 * failure here is reported where the session starts the emulator).
 */
function prestartSandbox(args: CliArgs): void {
  if (args.sandbox)
    import('./substrate/sandbox/wire/emulator.js').then(
      (e) => e.prestartEmulator(),
      () => undefined,
    );
}

async function dispatch(args: CliArgs, io: Io, signal: AbortSignal): Promise<number> {
  const [cmd] = args.command;
  switch (cmd) {
    case undefined:
      return (await import('./cli/tui-command.js')).tuiCommand(args, io, signal);
    case 'run':
      prestartSandbox(args);
      return (await import('./cli/run-command.js')).runCommand(args, io, signal);
    case 'recheck':
      prestartSandbox(args);
      return (await import('./cli/recheck-command.js')).recheckCommand(args, io, signal);
    case 'status':
      return (await import('./cli/status-command.js')).statusCommand(args, io);
    case 'validate':
      return (await import('./cli/validate-command.js')).validateCommand(args, io);
    case 'history':
      return (await import('./cli/history-command.js')).historyCommand(args, io);
    case 'logbook':
      return (await import('./cli/logbook-command.js')).logbookCommand(args, io, signal);
    case 'init':
      return (await import('./cli/init-command.js')).initCommand(args, io);
    case 'sandbox':
      return (await import('./cli/sandbox-command.js')).sandboxCommand(args, io, signal);
    default:
      throw new GatewalkError(`unknown command "${cmd}"`, 'run `gatewalk --help`');
  }
}

let lateSignalHandled = false;

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const controller = new AbortController();
  let args: CliArgs | undefined;
  let interrupts = 0;
  const onSignal = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(ExitCode.interrupted); // second Ctrl-C: leave now
    io.err(interruptNotice(args?.command ?? []));
    controller.abort();
  };
  try {
    args = await parseCli(argv);
    if (args.help) return (io.out(helpText(args.command)), ExitCode.green);
    if (args.version) return (io.out(VERSION), ExitCode.green);
    // The TUI owns Ctrl-C itself (raw mode); headless commands cancel through the signal, from
    // their first moment: an interrupt while the session opens is logged like any other.
    if (args.command.length) {
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    }
    return await dispatch(args, io, controller.signal);
  } catch (err) {
    return reportError(err, io, controller.signal.aborted, args);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (argv.length && !lateSignalHandled) {
      // A Ctrl-C while the process winds down (the run's work already done) is said, not silent.
      lateSignalHandled = true;
      const late = () => {
        io.err(LATE_INTERRUPT);
        process.exitCode = ExitCode.interrupted;
      };
      process.once('SIGINT', late);
      process.once('SIGTERM', late);
    }
  }
}

/** Messages may quote a file, an AWS reply or an argument: sanitized before any Io sees them. */
/** `args`: the flags in effect, when they parsed: every command the hint suggests carries them. */
function reportError(err: unknown, io: Io, aborted: boolean, args?: CliArgs): number {
  const say = (text: string) => io.err(sanitizeText(text));
  if (err instanceof GatewalkError) {
    const { message, hint } = err.renderFor(cliFace(args));
    say(`gatewalk: ${message}`);
    if (hint) say(`  try: ${hint}`);
    return err instanceof ValidationError ? ExitCode.usage : err.exitCode;
  }
  if (aborted) {
    io.err('gatewalk: interrupted');
    return ExitCode.interrupted;
  }
  say(`gatewalk: internal error: ${(err as Error)?.stack ?? String(err)}`);
  io.err('  this is a bug in gatewalk; please report it with the command you ran');
  return ExitCode.internal;
}
