import { rm } from 'node:fs/promises';
import { cleanup, render } from 'ink-testing-library';
import { afterAll, describe, expect, it } from 'vitest';
import { App } from '../../src/console/App.js';
import { sessionPort } from '../../src/console/ports/session-port.js';
import { verifyLogbook } from '../../src/logbook/index.js';
import { openSession, type Session } from '../../src/session/session.js';
import { applySandboxChange } from '../../src/substrate/sandbox/index.js';
import { KEY, tempRoot, waitForFrame } from './helpers.js';

// The shipped program M0 → P12 in the console on a fresh sandbox, by keys only: every phase
// opened from the home screen, every step run and advanced, the M4.C STOP repinned from
// Terraform with a rationale, the daemons started for M4, and P12 blocked by the standing demo
// until it is destroyed and the step rerun.
const PHASES = ['M0', 'M1', 'M2.E', 'M2', 'M3', 'M4.C', 'M4', 'P12'];
const STEPS: Record<string, number> = { M1: 2, 'M2.E': 2, M2: 3, M3: 1, 'M4.C': 4, M4: 3, P12: 1 };
const re = (id: string) => id.replace('.', '\\.');

describe('the whole program in the console, on the sandbox', () => {
  let session: Session | undefined;
  let root: string | undefined;
  afterAll(async () => {
    cleanup();
    await session?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('walks M0 → P12 by keys, through the M4.C STOP and repin; every phase ends GREEN', { timeout: 600_000 }, async () => {
    root = await tempRoot();
    session = await openSession({ root, env: 'dev_min', substrate: 'sandbox' });
    const app = render(<App port={sessionPort(session)} theme={{ color: false }} onExit={() => {}} />);
    const press = (keys: string, until: string | RegExp) => {
      app.stdin.write(keys);
      return waitForFrame(app.lastFrame, (f) => (typeof until === 'string' ? f.includes(until) : until.test(f)), 60_000);
    };
    const select = async (id: string) => {
      const cursor = new RegExp(`› ${re(id)}\\s`);
      for (let i = 0; i < PHASES.length && !cursor.test(app.lastFrame() ?? ''); i++) await press('j', /›/);
      return press('', cursor);
    };
    /** From the phase screen: runs and advances through n green steps, seals, and is back home. */
    const walkSteps = async (id: string, n: number) => {
      for (let k = 1; k <= n; k++) await press(KEY.enter, new RegExp(`step ${k}/${n}[\\s\\S]*(step green|enter seals the verdict)`));
      const frame = await press(KEY.enter, 'verdict sealed');
      expect(frame, id).toMatch(/✔ GREEN\s+overall_pass: true/);
      return press(KEY.enter, new RegExp(`${re(id)}\\s+✔ GREEN`));
    };
    await waitForFrame(app.lastFrame, (f) => f.includes('› M0'), 30_000);

    // M0: two attestations, then the document hashes.
    await press(KEY.enter, 'enter run step');
    await press(KEY.enter, 'Attest M0 · authority-lock');
    await press('authority stack pinned', '> authority stack pinned');
    await press(KEY.enter, 'step green');
    await press(KEY.enter, 'Attest M0 · governance');
    await press('single status owner', '> single status owner');
    await press(KEY.enter, 'enter seals the verdict');
    // M0 is docs-only (issue 9.10): sealed in its logbook record, no evidence folder.
    expect(await press(KEY.enter, 'verdict sealed')).toMatch(/sealed in: logbook record \d+ \(docs-only: no evidence folder\)/);
    await press(KEY.enter, /M0\s+✔ GREEN/);

    for (const id of ['M1', 'M2.E', 'M2', 'M3']) {
      await select(id);
      await press(KEY.enter, 'enter run step');
      await walkSteps(id, STEPS[id]!);
    }

    // M4.C: the lane roles are missing; the apply makes Terraform offer them and the rerun STOPs.
    await select('M4.C');
    await press(KEY.enter, 'enter run step');
    await press(KEY.enter, /step green · enter for the next step/);
    await press(KEY.enter, 'step not green');
    await applySandboxChange(root, 'dev_min', 'materialize-lane-roles');
    await press('r', '⏸ STOP M4.C');
    await press('a', 'these 9 value(s) will be written'); // repin all from Terraform: every value, first
    await press(KEY.enter, 'repin all 9 handle(s) offered by terraform');
    await press('lane roles materialized by the demo stack', '> lane roles materialized');
    await press(KEY.enter, 'No conflicts remain for M4.C');
    await press(KEY.enter, 'enter run step');
    await walkSteps('M4.C', 4);

    // M4 once the daemons run (with the demo-scoped ALB); P12 once the demo is destroyed.
    await applySandboxChange(root, 'dev_min', 'start-daemons');
    await select('M4');
    await press(KEY.enter, 'enter run step');
    await walkSteps('M4', 3);
    // P12 while the demo stands: the leftovers are named; destroy-demo and `r` turn the step green.
    await select('P12');
    await press(KEY.enter, 'enter run step');
    const standing = await press(KEY.enter, 'step not green');
    for (const code of ['P12-B1', 'P12-B3', 'P12-B4']) expect(standing).toContain(code);
    expect(standing).toMatch(/✘ FAIL\s+no-load-balancers\s+fraud-platform-dev-min-demo-edge\s+P12-B3/);
    await applySandboxChange(root, 'dev_min', 'destroy-demo');
    await press('r', /step 1\/1[\s\S]*enter seals the verdict/);
    expect((await press(KEY.enter, 'verdict sealed')).replace(/\s+/g, ' ')).toMatch(/✔ GREEN overall_pass: true verdict: TEARDOWN_PROVEN/);
    const home = await press(KEY.enter, /P12\s+✔ GREEN/);

    for (const id of PHASES) expect(home).toMatch(new RegExp(`${re(id)}\\s+✔ GREEN`));
    const check = await verifyLogbook(session.workspace.logbookPath);
    expect(check.ok).toBe(true);
  });
});
