import xterm from '@xterm/headless';
import * as pty from 'node-pty';

// A real terminal for end-to-end tests: the binary runs in a pseudo-terminal and its output is fed
// to a headless xterm, so assertions read the screen a person would see, not the raw byte stream.

export interface Terminal {
  screen(): string;
  /** Every byte the program wrote so far, as text. */
  raw(): string;
  press(keys: string): void;
  waitFor(predicate: string | RegExp | ((screen: string) => boolean), timeoutMs?: number): Promise<string>;
  exited: Promise<number>;
  kill(): void;
}

export const KEY = { enter: '\r', esc: '\x1b', up: '\x1b[A', down: '\x1b[B', ctrlC: '\x03', backspace: '\x7f' } as const;

export function openTerminal(
  file: string,
  args: string[],
  opts: { cwd: string; env: Record<string, string>; cols?: number; rows?: number },
): Terminal {
  const cols = opts.cols ?? 80;
  const rows = opts.rows ?? 24;
  const term = new xterm.Terminal({ cols, rows, allowProposedApi: true });
  const proc = pty.spawn(file, args, { name: 'xterm-256color', cols, rows, cwd: opts.cwd, env: opts.env });
  let raw = '';
  proc.onData((d) => {
    raw += d;
    term.write(d);
  });
  const exited = new Promise<number>((resolve) => proc.onExit(({ exitCode }) => resolve(exitCode)));
  const screen = () => {
    const buf = term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < rows; i++) lines.push(buf.getLine(buf.viewportY + i)?.translateToString(true) ?? '');
    return lines.join('\n');
  };
  const waitFor: Terminal['waitFor'] = (predicate, timeoutMs = 15_000) => {
    const test =
      typeof predicate === 'function'
        ? predicate
        : (s: string) => (typeof predicate === 'string' ? s.includes(predicate) : predicate.test(s));
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const tick = () => {
        // xterm parses asynchronously: flush pending writes before reading the buffer.
        term.write('', () => {
          const s = screen();
          if (test(s)) return resolve(s);
          if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${String(predicate)}; screen was:\n${s}`));
          setTimeout(tick, 50);
        });
      };
      tick();
    });
  };
  return { screen, raw: () => raw, press: (k) => proc.write(k), waitFor, exited, kill: () => proc.kill() };
}
