import { cp, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Keys as a terminal sends them, and waiting for the frame instead of sleeping.

export const KEY = {
  enter: '\r',
  esc: '\x1b',
  up: '\x1b[A',
  down: '\x1b[B',
  left: '\x1b[D',
  right: '\x1b[C',
  tab: '\t',
  backspace: '\x7f',
  ctrlC: '\x03',
} as const;

/** Polls until the frame satisfies `predicate`; fails with the last frame on timeout. */
export async function waitForFrame(
  lastFrame: () => string | undefined,
  predicate: (frame: string) => boolean,
  timeoutMs = 10_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = lastFrame() ?? '';
    if (predicate(frame)) return frame;
    if (Date.now() > deadline) throw new Error(`frame never matched within ${timeoutMs} ms; last frame:\n${frame}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const hasText = (text: string | RegExp) => (frame: string) => (typeof text === 'string' ? frame.includes(text) : text.test(frame));

interface Driven {
  stdin: { write(data: string): void };
  lastFrame: () => string | undefined;
}

/** Types `keys`, then waits until the frame shows `until` (every key must lead somewhere visible). */
export async function press(app: Driven, keys: string, until: string | RegExp | ((frame: string) => boolean)): Promise<string> {
  app.stdin.write(keys);
  return waitForFrame(app.lastFrame, typeof until === 'function' ? until : hasText(until));
}

/** Ink subscribes to stdin in an effect: wait for the first frame before typing. */
export const ready = (app: Driven, text: string | RegExp) => waitForFrame(app.lastFrame, hasText(text));

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A throwaway program root with the shipped registry, runbooks and sandbox scenario. */
export async function tempRoot(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'gw-screens-'));
  for (const dir of ['registry', 'runbooks', 'sandbox']) await cp(path.join(REPO, dir), path.join(root, dir), { recursive: true });
  return root;
}

/** Gives the rendered app a terminal of `columns`×`rows` (ink-testing-library's is 100 columns) and redraws. */
export function resize(app: { stdout: NodeJS.EventEmitter }, columns: number, rows: number): void {
  Object.defineProperty(app.stdout, 'columns', { value: columns, configurable: true });
  Object.defineProperty(app.stdout, 'rows', { value: rows, configurable: true });
  app.stdout.emit('resize');
}
