import { describe, expect, it } from 'vitest';
import { interruptNotice } from '../../src/cli/closing-session.js';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { startServe } from '../support/serve.js';
import { tempProgramRoot } from './cli-harness.js';

// What the first Ctrl-C or SIGTERM says is what it does: a run cancels its running checks,
// `sandbox serve` stops serving (it used to print the run's "cancelling the running checks").

describe('the interrupt notice names what the command stops', () => {
  it('run and recheck cancel their checks; sandbox serve stops the server; anything else stops', () => {
    expect(interruptNotice(['run', 'M4.C'])).toBe('interrupt: cancelling the running checks (Ctrl-C again to quit at once)…');
    expect(interruptNotice(['recheck', 'M1'])).toContain('cancelling the running checks');
    expect(interruptNotice(['sandbox', 'serve'])).toBe('interrupt: stopping the sandbox server (Ctrl-C again to quit at once)…');
    for (const command of [['sandbox', 'reset'], ['logbook', 'verify'], ['status'], []]) {
      expect(interruptNotice(command)).toBe('interrupt: stopping (Ctrl-C again to quit at once)…');
    }
  });

  const PROGRAMS = [
    { name: 'dev_min', root: () => tempProgramRoot() },
    { name: 'shop', root: () => copyProgram(SHOP) },
  ];
  it.each(PROGRAMS)(
    'SIGTERM to sandbox serve on $name says it stops the server, and it exits 0',
    async (p) => {
      const root = await p.root();
      const { child, stderr } = await startServe(root, { HOME: root }, ['--port', '0']);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stderr()).toContain('interrupt: stopping the sandbox server (Ctrl-C again to quit at once)…');
      expect(stderr()).not.toContain('checks');
    },
    60_000,
  );
});
