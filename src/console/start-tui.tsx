import { render } from 'ink';
import type { Io } from '../core/io.js';
import type { Session, SessionOptions } from '../session/session.js';
import { Boot } from './Boot.js';
import type { ConsolePort } from './ports/engine-port.js';
import { themeFromEnv } from './theme/theme.js';
import { yogaReady } from './yoga-ready.js';

// The engine (zod, YAML, gates, the sandbox) loads after the first frame is drawn: importing it
// first would keep the terminal blank for a few hundred milliseconds.
type ShellCommand = (argv: readonly string[]) => string;

async function open(options: SessionOptions, shellCommand?: ShellCommand): Promise<{ session: Session; port: ConsolePort }> {
  await new Promise((resolve) => setImmediate(resolve)); // let Ink paint the boot frame first
  const [{ openSession }, { sessionPort }] = await Promise.all([import('../session/session.js'), import('./ports/session-port.js')]);
  const session = await openSession(options);
  return { session, port: sessionPort(session, shellCommand) };
}

/**
 * The interactive session: draw the first frame at once, open the session meanwhile (on sandbox
 * the emulator starts in-process), then run the console. Resolves with the exit code (0 quit,
 * 130 a run was interrupted); an error opening the session is rethrown for the CLI to report.
 * The session is always closed.
 */
export interface Splash {
  /** Lines the CLI printed before Ink loaded (erased before the first frame). */
  lines: number;
  /** The phase table among them, kept on screen while the session opens. */
  table: readonly string[];
}

export async function startTui(
  options: SessionOptions,
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
  splash: Splash = { lines: 0, table: [] },
  /** How the CLI spells a command with the flags in effect: the console suggests commands that way. */
  shellCommand?: ShellCommand,
): Promise<number> {
  const opening = open(options, shellCommand);
  opening.catch(() => {}); // reported through Boot's onFail
  let code = 0;
  let failure: { err: unknown } | undefined;
  const terminate = new AbortController();
  const onSignal = () => terminate.abort();
  process.on('SIGTERM', onSignal).on('SIGHUP', onSignal);
  try {
    await yogaReady; // Ink lays out with Yoga from its first render
    // Erase the plain splash the CLI printed before Ink loaded; Ink draws from the same place.
    if (splash.lines) process.stdout.write(`\x1b[${splash.lines}A\x1b[J`);
    const app = render(
      <Boot
        options={options}
        opening={opening.then((o) => o.port)}
        theme={themeFromEnv(env)}
        preview={splash.table}
        onExit={(c) => void (code = c)}
        onFail={(err) => void (failure = { err })}
        terminate={terminate.signal}
      />,
      { exitOnCtrlC: false, patchConsole: false }, // Ctrl-C cancels the checks first (App handles it)
    );
    await app.waitUntilExit();
    app.cleanup();
  } finally {
    process.off('SIGTERM', onSignal).off('SIGHUP', onSignal);
    await (await opening.catch(() => undefined))?.session.close();
  }
  if (failure) throw failure.err;
  if (code === 130) io.err('gatewalk: interrupted; the logbook records it and no verdict was sealed');
  return code;
}
