import { rm } from 'node:fs/promises';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, expect } from 'vitest';
import { systemClock, type Attestation } from '../../src/core/context.js';
import { App } from '../../src/console/App.js';
import { sessionPort } from '../../src/console/ports/session-port.js';
import { runPhase } from '../../src/session/run-phase.js';
import { openSession, type Session } from '../../src/session/session.js';
import { resize, waitForFrame } from './helpers.js';

// The console over a real sandbox session of a program root, for tests that drive it by keys:
// phases sealed green headless first, an optional terminal size, everything closed after each test.

type Until = string | RegExp | ((frame: string) => boolean);

export interface OpenOptions {
  /** Phases sealed headless before the console opens, each with its attestations by step. */
  green?: Record<string, Record<string, Attestation>>;
  size?: { columns: number; rows: number };
  /** Runs after the green phases, before the console opens (sandbox changes, decisions). */
  prepare?: (session: Session, root: string) => Promise<void>;
}

/** Registers the cleanup; `open` opens a sandbox session of `root`, closed (and `root` removed) after each test. */
export function sandboxSessions() {
  let session: Session | undefined;
  let tmp: string | undefined;
  afterEach(async () => {
    cleanup();
    await session?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
    session = undefined;
    tmp = undefined;
  });
  return async function open(root: string, env: string): Promise<Session> {
    tmp = root;
    return (session = await openSession({ root, env, substrate: 'sandbox' }));
  };
}

/** Registers the cleanup; `open` renders the console on a session of `root`. */
export function sandboxConsole() {
  const openSandbox = sandboxSessions();
  return async function open(root: string, env: string, options: OpenOptions = {}) {
    const s = await openSandbox(root, env);
    for (const [id, attest] of Object.entries(options.green ?? {})) {
      const out = await runPhase(s, id, {
        attestations: new Map(Object.entries(attest)),
        reporter: () => {},
        signal: new AbortController().signal,
        clock: systemClock,
      });
      expect(out.kind === 'sealed' && out.verdict.overall_pass, id).toBe(true);
    }
    await options.prepare?.(s, root);
    const app = render(<App port={sessionPort(s)} theme={{ color: false }} onExit={() => {}} />);
    if (options.size) resize(app, options.size.columns, options.size.rows);
    const press = (keys: string, until: Until) => {
      app.stdin.write(keys);
      const test = typeof until === 'function' ? until : (f: string) => (typeof until === 'string' ? f.includes(until) : until.test(f));
      return waitForFrame(app.lastFrame, test, 25_000);
    };
    return { app, press, session: s };
  };
}

/** Every row of the frame within `columns`×(`rows` - 1). */
export function expectFits(frame: string, columns = 80, rows = 24): void {
  const lines = frame.split('\n');
  expect(lines.length).toBeLessThanOrEqual(rows - 1);
  for (const l of lines) expect([...l].length).toBeLessThanOrEqual(columns);
}
