import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/context.js';
import { runPhase } from '../../src/session/run-phase.js';
import { applySandboxChange } from '../../src/substrate/sandbox/index.js';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { KEY, tempRoot } from './helpers.js';
import { expectFits, sandboxConsole } from './sandbox-console.js';

// Item 4: the IAM grid at 80×24 on real sessions of both programs, opened by keys from the step:
// every row within 80 columns and 23 rows, the seed's M2.E picture whole (its 11 columns fit);
// the shop's payment-key matrix likewise.

const open = sandboxConsole();
const AT_80x24 = { size: { columns: 80, rows: 24 } };

describe('the IAM grid at 80×24', () => {
  it('dev_min M2.E: app role 6/6 allowed, execution role 0/6, every column on screen', { timeout: 120_000 }, async () => {
    const { press } = await open(await tempRoot(), 'dev_min', {
      ...AT_80x24,
      green: { M0: { 'authority-lock': { status: 'pass', note: 'pinned' }, governance: { status: 'pass', note: 'owner' } }, M1: {} },
    });
    await press('', /› M2\.E\s/);
    await press(KEY.enter, 'enter run step');
    await press(KEY.enter, /step 1\/2[\s\S]*step green/);
    await press(KEY.enter, /step 2\/2[\s\S]*step green/);
    let frame = await press('g', 'IAM simulation · secret-read-matrix');
    expectFits(frame);
    // 6 parameters and the 5 parent paths the by-path case asks about: 11 columns, all on screen.
    expect(frame).toMatch(/app_role\s+( ✔ ){6}( · ){5}\s+✔ PASS\s+6\/6 allowed/);
    expect(frame).toMatch(/execution_role\s+( ○ ){6}( · ){5}\s+✔ PASS\s+0\/6 allowed/);
    expect(frame).toMatch(/execution_role_by_path\s+( · ){6}( ○ ){5}\s+✔ PASS\s+0\/5 allowed/);
    expect(frame).toMatch(/^ +1 {2}2 {2}3 {2}4 {2}5 {2}6 {2}7 {2}8 {2}9 10 11$/m);
    expect(frame).not.toContain('columns 1–'); // nothing to scroll sideways
    expect(frame).toContain('  1  ssm:GetParameter on parameter/fraud-platform/dev_min/confluent/bootstrap');
    // The key of the columns takes the rows the three principals leave; the rest is a → away.
    expect(frame).toContain('  7  ssm:GetParametersByPath on parameter/fraud-platform/dev_min/confluent');
    expect(frame).toContain('… key of 9–11: → scrolls to it');
    frame = await press(KEY.right.repeat(3), ' 11  ssm:GetParametersByPath');
    expectFits(frame);
    expect(frame).toContain('  4  ssm:GetParameter on parameter/fraud-platform/dev_min/ig/api_key');
    await press(KEY.esc, 'g IAM grid');
  });

  it('shop access-review: checkout allowed, worker implicit deny, within 80 columns', { timeout: 120_000 }, async () => {
    const quiet = { reporter: () => {}, signal: new AbortController().signal, clock: systemClock };
    const { press } = await open(await copyProgram(SHOP), SHOP.env, {
      ...AT_80x24,
      // go-live-notes (docs-only) is closed too, so the first READY phase home points at is access-review.
      green: {
        release: { notes: { status: 'pass', note: 'qa' } },
        'go-live-notes': { 'notes-agreed': { status: 'pass', note: 'qa' } },
        'stage-account': {},
      },
      async prepare(s, root) {
        await applySandboxChange(root, SHOP.env, 'create-worker-role');
        const out = await runPhase(s, 'stage-roles', {
          ...quiet,
          attestations: new Map(),
          decision: { repins: [], fromSource: 'terraform', reason: 'worker role created by terraform' },
        });
        expect(out.kind === 'sealed' && out.verdict.overall_pass).toBe(true);
      },
    });
    await press('', /› access-review\s/);
    await press(KEY.enter, 'enter run step');
    await press(KEY.enter, /step green/);
    const frame = await press('g', 'IAM simulation · payment-key-read');
    expectFits(frame);
    expect(frame).toMatch(/checkout\s+ ✔ \s+✔ PASS\s+1\/1 allowed/);
    expect(frame).toMatch(/worker\s+ ○ \s+✔ PASS\s+0\/1 allowed/);
    expect(frame).toMatch(/^ +1 +parameter\/shop\/stage\//m);
    await press(KEY.esc, 'g IAM grid');
  });
});
