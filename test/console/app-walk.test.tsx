import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { App } from '../../src/console/App.js';
import { fakePort, phase, result, type FakePort } from './fake-port.js';
import { hasText, KEY, press, ready, waitForFrame } from './helpers.js';

afterEach(() => cleanup());

function start(port: FakePort) {
  const exit: { code?: number } = {};
  const app = render(<App port={port} theme={{ color: false }} onExit={(c) => (exit.code = c)} />);
  return { app, exit };
}

const P = phase('P1', [
  { id: 'roles', checks: ['roles-exist'] },
  { id: 'bindings', checks: ['service-bindings'] },
]);

describe('walking a phase', () => {
  it('runs steps live, shows glyph + word + resource + reason, a red step goes on (phase stays BLOCKED), seals', async () => {
    const port = fakePort([P], {
      P1: {
        results: {
          roles: [
            [result('roles', 'roles-exist', 'ROLE_IG', 'fail', 'role is not materialized')],
            [result('roles', 'roles-exist', 'ROLE_IG', 'pass', 'materialized')],
          ],
          bindings: [[result('bindings', 'service-bindings', 'SVC_IG', 'pass', 'bound')]],
        },
      },
    });
    const { app } = start(port);
    await ready(app, '› P1');
    await press(app, KEY.enter, 'enter run step');
    let frame = await press(app, KEY.enter, '✘ FAIL');
    expect(frame).toMatch(/✘ FAIL\s+ROLE_IG\s+GW-CHECK role is not materialized/);
    expect(frame).toContain('step not green');
    // A red step goes on, as headless does (issue 7.6); the phase stays blocked and the next step says so.
    frame = await press(app, KEY.enter, /step 2\/2[\s\S]*SVC_IG/);
    expect(frame).toContain('step 1 (roles) failed — phase stays BLOCKED; continuing to step 2');
    // The last step is green but the phase is not: enter does not seal it green.
    expect(frame).toContain('enter seals the verdict');
    await press(app, KEY.esc, '› 1. roles');
    await press(app, KEY.enter, 'step 1/2');
    frame = await press(app, 'r', 'ROLE_IG: FAIL → PASS');
    expect(frame).toMatch(/✔ PASS\s+ROLE_IG\s+materialized/);
    frame = await press(app, KEY.enter, 'step 2/2');
    expect(frame).not.toContain('phase stays BLOCKED');
    frame = await press(app, KEY.enter, 'verdict sealed');
    expect(frame).toContain('✔ GREEN');
    expect(frame).toContain('overall_pass: true');
    expect(frame).toContain('snapshot: /evidence/p1/stamp/snap.json');
    expect(port.runs[0]!.calls).toEqual(['run roles', 'run bindings', 'run roles', 'seal']);
  });

  it('sealing now with blockers shows them and says the phase cannot be marked done', async () => {
    const port = fakePort([P], { P1: { results: { roles: [[result('roles', 'roles-exist', 'ROLE_IG', 'fail')]] } } });
    const { app } = start(port);
    await ready(app, '› P1');
    await press(app, KEY.enter, 'enter run step');
    await press(app, KEY.enter, '✘ FAIL');
    const frame = await press(app, 's', 'verdict sealed');
    expect(frame).toContain('✘ BLOCKED');
    expect(frame).toContain('overall_pass: false');
    expect(frame).toContain('cannot be marked done while blockers remain');
    expect(frame).toMatch(/✘ B-1\s+\[roles-exist\]/);
    await press(app, KEY.enter, '› P1');
  });

  it('an attestation step asks first; the note is required; the attestation is recorded, then checks run', async () => {
    const M0 = phase('M0', [{ id: 'authority-lock', checks: ['env-facts'], attest: true }]);
    const port = fakePort([M0], {
      M0: {
        results: {
          'authority-lock': [
            [
              result('authority-lock', 'env-facts', 'ACCOUNT_ID', 'pass'),
              result('authority-lock', 'authority-lock-attest', 'operator', 'pass', 'attested pass: checked'),
            ],
          ],
        },
      },
    });
    const { app } = start(port);
    await ready(app, '› M0');
    await press(app, KEY.enter, 'enter run step');
    let frame = await press(app, KEY.enter, 'Attest M0');
    expect(frame).toContain('“attest authority-lock”');
    await press(app, KEY.enter, 'a note is required');
    await press(app, KEY.down, '› ✘ FAIL');
    await press(app, KEY.up, '› ✔ PASS');
    await press(app, 'stack checked, q and ? are text here', 'q and ? are text here');
    frame = await press(app, KEY.enter, 'attested pass: checked');
    expect(port.runs[0]!.calls).toEqual(['attest authority-lock pass: stack checked, q and ? are text here', 'run authority-lock']);
    expect(frame).toContain('attested pass: checked');
  });
  it('attest is a pass/fail menu beside the note: ↓, the note and ⏎ written back to back record a fail; j and 2 are text', async () => {
    const M0 = phase('M0', [{ id: 'authority-lock', checks: ['env-facts'], attest: true }]);
    const port = fakePort([M0], { M0: { results: { 'authority-lock': [[result('authority-lock', 'env-facts', 'ACCOUNT_ID', 'pass')]] } } });
    const { app } = start(port);
    await ready(app, '› M0');
    await press(app, KEY.enter, 'enter run step');
    const frame = await press(app, KEY.enter, 'Your attestation:');
    expect(frame).toMatch(/› ✔ PASS\s+what is asked holds/);
    expect(frame).toContain('↑↓ pass ⇄ fail');
    for (const k of [KEY.down, 'j2 docs differ', KEY.enter]) app.stdin.write(k);
    await waitForFrame(app.lastFrame, () => port.runs[0]!.calls.length > 0);
    expect(port.runs[0]!.calls[0]).toBe('attest authority-lock fail: j2 docs differ');
  });
});

describe('STOP / repin', () => {
  const conflicts = ['ROLE_IG', 'ROLE_SR'].map((h) => ({
    handle: h,
    kind: 'pending_offered' as const,
    offers: [{ source: `terraform:demo.${h.toLowerCase()}_arn`, value: `arn:aws:iam::111122223333:role/${h}` }],
  }));

  it('the decision is a menu; repin all shows every value it will write, then needs a rationale, and continues', async () => {
    const port = fakePort([P], { P1: { results: {}, conflicts } });
    const { app } = start(port);
    await ready(app, '› P1');
    let frame = await press(app, KEY.enter, '⏸ STOP P1');
    expect(frame).toContain('2 conflict(s)');
    expect(frame).toMatch(/› 1 Repin one handle…/);
    expect(frame).toContain('2 Repin all that terraform offers…  terraform: 2 handle(s)');
    expect(frame).toContain('3 Abort the run…');
    expect(frame).toContain('4 Leave');
    expect(frame).toMatch(/1-9 pick by number/);
    expect(port.runs[0]!.calls).toEqual(['stop']); // the STOP itself is recorded
    frame = await press(app, `j${KEY.enter}`, 'these 2 value(s) will be written');
    expect(frame).toContain('✎ ROLE_IG: PENDING → (terraform:demo.role_ig_arn)');
    expect(frame).toContain('arn:aws:iam::111122223333:role/ROLE_SR');
    expect(frame).not.toContain('why is this value right');
    await press(app, KEY.enter, 'repin all 2 handle(s) offered by terraform — why');
    await press(app, KEY.enter, 'a rationale is required');
    frame = await press(app, `lane roles applied${KEY.enter}`, 'No conflicts remain'); // typed and confirmed in one burst
    expect(frame).toContain('REPINNED 2 handle(s)');
    expect(frame).toContain('✎ ROLE_IG: PENDING → arn:aws:iam::111122223333:role/ROLE_IG');
    expect(port.runs[0]!.calls).toEqual(['stop', 'decide terraform: lane roles applied']);
    await press(app, KEY.enter, 'enter run step'); // "Continue to the phase" is first
  });

  it('keys written back to back walk the menus: j ⏎ ⏎ rationale ⏎ repins all, no key lost', async () => {
    const port = fakePort([P], { P1: { results: {}, conflicts } });
    const { app } = start(port);
    await ready(app, '› P1');
    await press(app, KEY.enter, '⏸ STOP P1');
    for (const k of ['j', KEY.enter, KEY.enter, 'fast hands', KEY.enter]) app.stdin.write(k);
    await waitForFrame(app.lastFrame, hasText('No conflicts remain'));
    expect(port.runs[0]!.calls).toEqual(['stop', 'decide terraform: fast hands']);
  });

  it('repin one handle: a typed value is checked as it is typed, and its error stays with that field', async () => {
    const port = fakePort([P], { P1: { results: {}, conflicts } });
    const { app } = start(port);
    await ready(app, '› P1');
    await press(app, KEY.enter, '⏸ STOP P1');
    await press(app, '1', 'Which handle?');
    let frame = await press(app, 'j', /› 2 ROLE_SR/);
    expect(frame).toContain('ROLE_SR — PENDING PIN, and a source offers a value');
    await press(app, KEY.enter, 'Pin ROLE_SR to:');
    await press(app, '2', 'New value for ROLE_SR:');
    await press(app, 'oops', 'malformed iam_role: expected an ARN, got "oops"'); // before enter
    await press(app, KEY.enter, '> oops'); // refused: nothing asked next
    frame = await press(app, KEY.esc, 'Pin ROLE_SR to:');
    expect(frame).not.toContain('malformed');
    await press(app, '2', 'New value for ROLE_SR:');
    frame = await press(app, 'arn:x', '> arn:x');
    expect(frame).not.toContain('malformed');
    frame = await press(app, KEY.enter, 'repin ROLE_SR → arn:x');
    expect(frame).not.toContain('✘');
    await press(app, `wrong role${KEY.enter}`, 'No conflicts remain');
    expect(port.runs[0]!.calls).toEqual(['stop', 'decide ROLE_SR=arn:x: wrong role']);
  });

  it('abort asks for a reason, then for confirmation; going back aborts nothing', async () => {
    const port = fakePort([P], { P1: { results: {}, conflicts } });
    const { app } = start(port);
    await ready(app, '› P1');
    await press(app, KEY.enter, '⏸ STOP P1');
    await press(app, 'x', 'Abort: why?');
    const frame = await press(app, `wrong account${KEY.enter}`, 'Abort P1? reason: wrong account');
    expect(frame).toContain('1 Abort the run');
    expect(frame).toContain('2 Go back to the STOP');
    await press(app, '2', 'Decide:');
    expect(port.runs[0]!.calls).toEqual(['stop']);
    await press(app, '3', 'Abort: why?'); // the menu item, as the x key
    await press(app, `wrong account${KEY.enter}`, 'Abort P1?');
    await press(app, KEY.enter, '› P1');
    expect(port.runs[0]!.calls).toEqual(['stop', 'abort: wrong account']);
  });

  it('pins contradicted by live AWS: a banner, then c STOPs on them (recorded) and offers repin from live', async () => {
    const live = [
      {
        handle: 'ROLE_APP',
        kind: 'pinned_vs_live' as const,
        pinned: 'arn:old',
        offers: [{ source: 'live:iam.GetRole', value: 'arn:new' }],
      },
    ];
    const port = fakePort([P], { P1: { results: { roles: [[result('roles', 'roles-exist', 'ROLE_APP', 'pass')]] }, liveConflicts: live } });
    const { app } = start(port);
    await ready(app, '› P1');
    await press(app, KEY.enter, 'enter run step');
    await press(app, KEY.enter, '1 live conflict(s)');
    const frame = await press(app, 'c', '⏸ STOP P1');
    expect(frame).toContain('the pin differs from what AWS shows');
    expect(frame).toContain('live:iam.GetRole (observed: live AWS):');
    await press(app, 'a', 'these 1 value(s) will be written');
    await press(app, KEY.enter, 'repin all 1 handle(s) offered by live');
    await press(app, 'role moved on purpose', '> role moved on purpose');
    await press(app, KEY.enter, 'No conflicts remain');
    expect(port.runs[0]!.calls).toEqual(['run roles', 'stop', 'decide live: role moved on purpose']);
  });

  it('a rerun after sources changed restarts the run at its preflight and STOPs', async () => {
    const port = fakePort([P], { P1: { results: { roles: [[result('roles', 'roles-exist', 'ROLE_IG', 'fail')]] } } }, undefined, conflicts);
    const { app } = start(port);
    await ready(app, '› P1');
    await press(app, KEY.enter, 'enter run step');
    await press(app, KEY.enter, '✘ FAIL');
    port.runs.length = 0;
    const next = fakePort([P], { P1: { results: {}, conflicts } });
    port.openRun = next.openRun;
    const frame = await press(app, 'r', '⏸ STOP P1');
    expect(frame).toContain('Sources changed since P1 opened (2 new conflict(s))');
  });
});
