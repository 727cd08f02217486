import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { App } from '../../src/console/App.js';
import { fakePort, phase, result, type FakePort } from './fake-port.js';
import { KEY, press, ready, waitForFrame } from './helpers.js';

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
  it('runs steps live, shows glyph + word + resource + reason, advances only when green, seals', async () => {
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
    frame = await press(app, KEY.enter, 'not green: fix it');
    expect(frame).toContain('step 1/2');
    frame = await press(app, 'r', 'ROLE_IG: FAIL → PASS');
    expect(frame).toMatch(/✔ PASS\s+ROLE_IG\s+materialized/);
    await press(app, KEY.enter, 'step 2/2');
    await waitForFrame(app.lastFrame, (f) => f.includes('SVC_IG') && f.includes('enter seals the verdict'));
    frame = await press(app, KEY.enter, 'verdict sealed');
    expect(frame).toContain('✔ GREEN');
    expect(frame).toContain('overall_pass: true');
    expect(frame).toContain('snapshot: /evidence/p1/stamp/snap.json');
    expect(port.runs[0]!.calls).toEqual(['run roles', 'run roles', 'run bindings', 'seal']);
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
    await press(app, KEY.tab, '[✘ FAIL]');
    await press(app, KEY.right, '[✔ PASS]');
    await press(app, 'stack checked, q and ? are text here', 'q and ? are text here');
    frame = await press(app, KEY.enter, 'attested pass: checked');
    expect(port.runs[0]!.calls).toEqual(['attest authority-lock pass: stack checked, q and ? are text here', 'run authority-lock']);
    expect(frame).toContain('attested pass: checked');
  });
});

describe('STOP / repin', () => {
  const conflicts = ['ROLE_IG', 'ROLE_SR'].map((h) => ({
    handle: h,
    kind: 'pending_offered' as const,
    offers: [{ source: `terraform:demo.${h.toLowerCase()}_arn`, value: `arn:aws:iam::111122223333:role/${h}` }],
  }));

  it('repin all offered by Terraform needs a rationale, is applied, and continues to the phase', async () => {
    const port = fakePort([P], { P1: { results: {}, conflicts } });
    const { app } = start(port);
    await ready(app, '› P1');
    let frame = await press(app, KEY.enter, '⏸ STOP P1');
    expect(frame).toContain('2 conflict(s)');
    expect(frame).toContain('registry pin: PENDING PIN');
    expect(frame).toContain('terraform:demo.role_ig_arn (observed: Terraform output):');
    expect(port.runs[0]!.calls).toEqual(['stop']); // the STOP itself is recorded
    await press(app, 'a', 'repin all 2 handle(s) offered by terraform');
    await press(app, KEY.enter, 'a rationale is required');
    frame = await press(app, `lane roles applied${KEY.enter}`, 'No conflicts remain'); // typed and confirmed in one burst
    expect(frame).toContain('REPINNED 2 handle(s)');
    expect(frame).toContain('✎ ROLE_IG: PENDING → arn:aws:iam::111122223333:role/ROLE_IG');
    expect(port.runs[0]!.calls).toEqual(['stop', 'decide terraform: lane roles applied']);
    await press(app, KEY.enter, 'enter run step');
  });

  it('repin one handle with a typed value, or abort with a reason', async () => {
    const port = fakePort([P], { P1: { results: {}, conflicts } });
    const { app } = start(port);
    await ready(app, '› P1');
    await press(app, KEY.enter, '⏸ STOP P1');
    await press(app, KEY.down, /› ROLE_SR/);
    await press(app, KEY.enter, 'Pick the value to pin for ROLE_SR');
    await press(app, KEY.down, /› type a value…/);
    await press(app, KEY.enter, 'enter use this value');
    await press(app, 'arn:x', '> arn:x');
    await press(app, KEY.enter, 'repin ROLE_SR → arn:x');
    await press(app, KEY.esc, 'enter repin this handle');
    await press(app, 'x', 'Abort: why?');
    await press(app, 'wrong account', '> wrong account');
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
    await press(app, 'a', 'repin all 1 handle(s) offered by live');
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
