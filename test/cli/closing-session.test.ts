import { describe, expect, it } from 'vitest';
import { closingSession, LATE_INTERRUPT } from '../../src/cli/closing-session.js';
import { ExitCode } from '../../src/core/errors.js';
import type { Session } from '../../src/session/session.js';

// A Ctrl-C while a run's session closes (its result already settled) cancelled nothing: exit 130
// and say the results stand; never "cancelling…" and exit 0 (interrupt-points found the race).

function harness(abortDuringClose: boolean) {
  const controller = new AbortController();
  const err: string[] = [];
  let closed = 0;
  const session = {
    close: async () => {
      closed += 1;
      if (abortDuringClose) controller.abort();
    },
  } as unknown as Session;
  const io = { out: () => undefined, err: (s: string) => void err.push(s) } as unknown as Parameters<typeof closingSession>[2];
  return { controller, err, session, io, closed: () => closed };
}

describe('closingSession', () => {
  it('a Ctrl-C during the close turns a settled green or blocked result into 130, said once', async () => {
    for (const code of [ExitCode.green, ExitCode.blockers, ExitCode.stop]) {
      const h = harness(true);
      expect(await closingSession(h.session, h.controller.signal, h.io, async () => code)).toBe(ExitCode.interrupted);
      expect(h.err).toEqual([LATE_INTERRUPT]);
      expect(h.closed()).toBe(1);
    }
  });

  it('without a Ctrl-C the result stands; an interruption the work reported is not said twice', async () => {
    const quiet = harness(false);
    expect(await closingSession(quiet.session, quiet.controller.signal, quiet.io, async () => ExitCode.blockers)).toBe(ExitCode.blockers);
    expect(quiet.err).toEqual([]);
    const handled = harness(true);
    expect(await closingSession(handled.session, handled.controller.signal, handled.io, async () => ExitCode.interrupted)).toBe(
      ExitCode.interrupted,
    );
    expect(handled.err).toEqual([]);
  });

  it('the session closes when the work throws, and the error is the work’s', async () => {
    const h = harness(false);
    await expect(closingSession(h.session, h.controller.signal, h.io, async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect(h.closed()).toBe(1);
  });
});
