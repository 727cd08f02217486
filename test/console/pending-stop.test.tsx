import { rm } from 'node:fs/promises';
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/context.js';
import { readLogbook } from '../../src/logbook/index.js';
import { runPhase } from '../../src/session/run-phase.js';
import { App } from '../../src/console/App.js';
import { sessionPort } from '../../src/console/ports/session-port.js';
import { openSession, type Session } from '../../src/session/session.js';
import { applySandboxChange } from '../../src/substrate/sandbox/index.js';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { waitForFrame } from './helpers.js';

// Item 2 on the second program (shop_stage, us-east-1): a STOP left undecided shows on home, and
// opening the phase again shows the same STOP without recording it twice.

let session: Session | undefined;
let root: string | undefined;
afterEach(async () => {
  cleanup();
  await session?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('a pending STOP', { timeout: 180_000 }, () => {
  it('is shown on home after Leave; reopening does not append a second STOP record; a repin closes it', async () => {
    root = await copyProgram(SHOP);
    const s = (session = await openSession({ root, env: SHOP.env, substrate: 'sandbox' }));
    const quiet = { reporter: () => {}, signal: new AbortController().signal, clock: systemClock };
    await runPhase(s, 'release', { ...quiet, attestations: new Map([['notes', { status: 'pass' as const, note: 'qa' }]]) });
    // The docs-only go-live-notes is closed too, so stage-roles is the first READY phase home points at.
    await runPhase(s, 'go-live-notes', { ...quiet, attestations: new Map([['notes-agreed', { status: 'pass' as const, note: 'qa' }]]) });
    await runPhase(s, 'stage-account', { ...quiet, attestations: new Map() });
    await applySandboxChange(root, SHOP.env, 'create-worker-role');
    const stops = async () => (await readLogbook(s.workspace.logbookPath)).filter((r) => r.kind === 'conflict.stop').length;

    const app = render(<App port={sessionPort(s)} theme={{ color: false }} onExit={() => {}} />);
    const press = (keys: string, until: string | RegExp) => {
      app.stdin.write(keys);
      return waitForFrame(app.lastFrame, (f) => (typeof until === 'string' ? f.includes(until) : until.test(f)), 25_000);
    };
    await press('', /› stage-roles\s+▶ READY/);
    let frame = await press('\r', /⏸ STOP stage-roles[\s\S]*Decide:/);
    expect(frame).toContain('1 Repin WORKER_ROLE…');
    expect(await stops()).toBe(1);

    frame = await press('4', 'stage-roles has a STOP waiting for a decision (1 conflict(s): WORKER_ROLE)');
    expect(frame).toMatch(/stage-roles\s+▶ READY.*⏸ STOP 1 pending/);
    await press('\r', /⏸ STOP stage-roles[\s\S]*Decide:/);
    expect(await stops()).toBe(1); // the same STOP, still waiting: not recorded again

    await press('1', 'Pin WORKER_ROLE to:');
    await press('1', 'why is this value right');
    await press('worker role created by terraform\r', 'No conflicts remain for stage-roles');
    frame = await press('2', /› stage-roles/); // "Home"
    expect(frame).not.toContain('STOP 1 pending');
    expect(await stops()).toBe(1);
  });
});
