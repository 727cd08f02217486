import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, gatewalk, tempProgramRoot } from '../cli/cli-harness.js';
import { KEY, openTerminal, type Terminal } from './terminal.js';

// The whole M4.C incident as an operator lives it: the real binary in a pseudo-terminal at 80×24,
// driven only by keys, with the "terraform apply" made from a second terminal (a separate process).
describe('TUI session in a real terminal: the M4.C incident', () => {
  let root: string;
  let t: Terminal;
  beforeAll(async () => {
    root = await tempProgramRoot();
    // M0–M3 are closed headless first: this test is about the incident, not the walk up to it.
    await gatewalk(root, ['sandbox', 'reset']);
    await gatewalk(root, ['run', 'M0', '--sandbox', '--attest', 'authority-lock=pass:pty test', '--attest', 'governance=pass:pty test']);
    for (const p of ['M1', 'M2.E', 'M2', 'M3']) expect((await gatewalk(root, ['run', p, '--sandbox'])).code).toBe(0);
    t = openTerminal(process.execPath, [BIN, '--sandbox', '--root', root], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: root, TERM: 'xterm-256color', LANG: 'C.UTF-8' },
    });
  }, 240_000); // five headless phases first: slow on a loaded machine
  afterAll(() => t?.kill());

  it('walks fail → apply → STOP → repin all from Terraform → green, and the logbook verifies', async () => {
    // The table is there at once; the identity fills in the header when STS answers.
    const home = await t.waitFor((s) => /M4\.C\s+▶ READY/.test(s) && s.includes('operator assumed-role/'));
    expect(home).toContain('SANDBOX');
    expect(home).toContain('operator assumed-role/fraud-platform-dev-min-operator/'); // role kept whole at 80 columns

    t.press(KEY.enter); // open M4.C (the cursor starts on the phase that needs work)
    await t.waitFor('1. identity');
    t.press(KEY.enter); // run step 1
    await t.waitFor('step green');
    t.press(KEY.enter); // step 2: the lane roles
    const failed = await t.waitFor('step not green');
    expect(failed).toMatch(/✘ FAIL\s+ROLE_ORACLE_JOBS/);

    t.press('s'); // seal now, with the blockers recorded
    const blocked = await t.waitFor(/M4\.C verdict sealed/);
    expect(blocked).toContain('overall_pass: false');
    expect(blocked).toContain('M4C-B4');

    // Another terminal: the Terraform apply that materializes the lane roles.
    const apply = await gatewalk(root, ['sandbox', 'apply', 'materialize-lane-roles']);
    expect(apply.code).toBe(0);

    t.press('r'); // run the phase again: preflight now sees Terraform offering the ARNs
    const stop = await t.waitFor('Repin all that terraform offers');
    expect(stop).toContain('STOP M4.C');
    expect(stop).toMatch(/ROLE_\w+\s+PENDING PIN ⇄ terraform/);
    expect(stop).toContain('Abort the run…');

    t.press('j'); // the STOP menu: down to "Repin all that terraform offers…"
    t.press(KEY.enter);
    const preview = await t.waitFor('these 9 value(s) will be written'); // every value, before the rationale
    expect(preview).toMatch(/✎ ROLE_\w+: PENDING → \(terraform:demo\.role_\w+_arn\)/);
    t.press(KEY.enter);
    await t.waitFor('why is this value right');
    t.press('lane roles materialized by the demo stack');
    t.press(KEY.enter);
    await t.waitFor('No conflicts remain');
    t.press(KEY.enter);
    await t.waitFor('1. identity');
    for (const step of ['step 1/4', 'step 2/4', 'step 3/4']) {
      t.press(KEY.enter);
      await t.waitFor((s) => s.includes(step) && s.includes('step green'));
    }
    t.press(KEY.enter); // step 4
    await t.waitFor((s) => s.includes('step 4/4') && s.includes('step green'));
    t.press(KEY.enter); // seal
    const green = await t.waitFor(/M4\.C verdict sealed/);
    expect(green).toContain('overall_pass: true');
    expect(green).toContain('blockers: []');

    t.press('q');
    expect(await t.exited).toBe(0);

    const verify = await gatewalk(root, ['logbook', 'verify', '--sandbox']);
    expect(verify.code).toBe(0);
    const status = await gatewalk(root, ['status', '--sandbox', '--json']);
    expect(JSON.parse(status.stdout).find((p: { phase: string }) => p.phase === 'M4.C')).toMatchObject({ phase: 'M4.C', state: 'green' });
  }, 120_000);
});
