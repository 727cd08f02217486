import { readFile } from 'node:fs/promises';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/context.js';
import { readLogbookTail, verifyLogbook } from '../../src/logbook/index.js';
import { runPhase } from '../../src/session/run-phase.js';
import { App } from '../../src/console/App.js';
import { sessionPort } from '../../src/console/ports/session-port.js';
import type { Session } from '../../src/session/session.js';
import { applySandboxChange } from '../../src/substrate/sandbox/index.js';
import { KEY, tempRoot, waitForFrame } from './helpers.js';
import { sandboxSessions } from './sandbox-console.js';

// The console over a real session on the embedded sandbox: the same PhaseRun, evidence and
// logbook as the headless runner.

const openSandbox = sandboxSessions();

async function open(prepare?: (s: Session) => Promise<void>) {
  const root = await tempRoot();
  const session = await openSandbox(root, 'dev_min');
  await prepare?.(session);
  const exit: { code?: number } = {};
  const app = render(<App port={sessionPort(session)} theme={{ color: false }} onExit={(c) => (exit.code = c)} />);
  const press = async (keys: string, until: string | RegExp) => {
    app.stdin.write(keys);
    return waitForFrame(app.lastFrame, (f) => (typeof until === 'string' ? f.includes(until) : until.test(f)), 25_000);
  };
  return { root, session, app, exit, press };
}

const kinds = async (s: Session) => (await readLogbookTail(s.workspace.logbookPath, 100)).map((r) => r.kind);

describe('console on the sandbox', () => {
  it('home lists every phase; only M0 is ready, the others wait for their predecessor', async () => {
    const { app } = await open();
    const frame = await waitForFrame(app.lastFrame, (f) => f.includes('M4.C'), 25_000);
    expect(frame).toContain('dev_min Spine Green v0 — 8 phases');
    expect(frame).toMatch(/M0\s+▶ READY/);
    for (const [id, waits] of [
      ['M1', 'M0'],
      ['M2.E', 'M1'],
      ['M2', 'M2.E'],
      ['M3', 'M2'],
      ['M4.C', 'M3'],
      ['M4', 'M4.C'],
      ['P12', 'M4'],
    ] as const) {
      expect(frame).toMatch(new RegExp(`${id.replace('.', '\\.')}\\s+■ LOCKED.*waits for ${waits.replace('.', '\\.')}`));
    }
    expect(frame).toContain(' SANDBOX ');
    // The role stays whole; the account is shown beside it, so the ARN prefix goes first.
    await waitForFrame(
      app.lastFrame,
      (f) => f.includes('operator assumed-role/fraud-platform-dev-min-operator/gatewalk-sandbox  account 111122223333'),
      25_000,
    );
  });

  it('running M0 asks for each attestation, records it, and seals a green verdict', async () => {
    const { press, session: s } = await open();
    await press('', '› M0');
    await press(KEY.enter, 'enter run step');
    await press(KEY.enter, 'Attest M0 · authority-lock');
    await press('authority stack matches the pinned docs', 'authority stack matches the pinned docs');
    let frame = await press(KEY.enter, 'step green');
    // Twelve results (three pins, eight document hashes, the attestation): scroll to the last.
    expect(frame).toContain('12 results');
    frame = await press(KEY.down.repeat(11), 'operator: attested pass: authority stack matches the pinned docs');
    expect(frame).toMatch(/✔ PASS\s+authority-attested\s+operator\s+attested pass: authority stack m/);
    expect(frame).toContain('operator: attested pass: authority stack matches the pinned docs');
    await press(KEY.enter, 'Attest M0 · governance');
    await press('single status owner', '> single status owner');
    await press(KEY.enter, 'enter seals the verdict');
    frame = await press(KEY.enter, 'verdict sealed');
    expect(frame).toMatch(/✔ GREEN\s+overall_pass: true\s+verdict: ADVANCE_TO_M1/);
    expect(await kinds(s)).toEqual(['attest', 'attest', 'verdict.sealed']);
    frame = await press(KEY.enter, /M1\s+▶ READY/);
    expect(frame).toMatch(/M0\s+✔ GREEN/);
  });

  it('the M4.C incident: blockers, apply, rerun STOPs, repin all from Terraform with a rationale, green', async () => {
    const attestations = new Map([
      ['authority-lock', { status: 'pass' as const, note: 'pinned' }],
      ['governance', { status: 'pass' as const, note: 'owner' }],
    ]);
    const {
      root,
      press,
      session: s,
    } = await open(async (headless) => {
      for (const id of ['M0', 'M1', 'M2.E', 'M2', 'M3']) {
        const out = await runPhase(headless, id, {
          attestations: id === 'M0' ? attestations : new Map(),
          reporter: () => {},
          signal: new AbortController().signal,
          clock: systemClock,
        });
        expect(out.kind === 'sealed' && out.verdict.overall_pass, id).toBe(true);
      }
    });
    await press('', /M3\s+✔ GREEN/);
    await press('', /› M4\.C\s+▶ READY/); // the cursor starts on the phase that needs work
    await press(KEY.enter, 'M4.C IAM binding validation');
    await press(KEY.enter, /step green · enter for the next step/);
    let frame = await press(KEY.enter, 'step not green');
    expect(frame).toMatch(/✘ FAIL\s+ROLE_IG\s+M4C-B4 role fraud-platform-dev-min-ig is not materialized/);

    await applySandboxChange(root, 'dev_min', 'materialize-lane-roles');
    frame = await press('r', '⏸ STOP M4.C');
    expect(frame).toContain('9 conflict(s)');
    expect(frame).toContain('Sources changed since M4.C opened');
    expect(frame).toMatch(/› 1 Repin one handle…/);
    frame = await press('2', 'these 9 value(s) will be written'); // "Repin all that terraform offers…"
    expect(frame).toMatch(
      /✎ ROLE_IG: PENDING → \(terraform:demo\.role_ig_arn\)\s+arn:aws:iam::111122223333:role\/fraud-platform-dev-min-ig/,
    );
    frame = await press('j'.repeat(9), '6–9 of 9'); // scrolled to the last value
    expect(frame).toContain('✎ ROLE_ENV_CONFORMANCE: PENDING → (terraform:demo.role_env_conformance_arn)');
    await press(KEY.enter, 'repin all 9 handle(s) offered by terraform');
    await press('lane roles materialized by the demo stack apply', '> lane roles materialized');
    frame = await press(KEY.enter, 'No conflicts remain for M4.C');
    expect(frame).toContain('✎ ROLE_ORACLE_JOBS: PENDING → arn:aws:iam::111122223333:role/fraud-platform-dev-min-oracle-jobs');
    const registry = await readFile(s.workspace.registryPath, 'utf8');
    expect(registry).toContain('value: arn:aws:iam::111122223333:role/fraud-platform-dev-min-ig');

    await press(KEY.enter, 'enter run step');
    await press(KEY.enter, 'step 1/4');
    await press(KEY.enter, /step 2\/4[\s\S]*step green/);
    frame = await press('', 'Changed since the previous run');
    expect(frame).toContain('ROLE_ORACLE_JOBS: FAIL → PASS');
    await press(KEY.enter, /step 3\/4[\s\S]*step green/);
    await press(KEY.enter, /step 4\/4[\s\S]*enter seals the verdict/);
    frame = await press(KEY.enter, 'verdict sealed');
    expect(frame).toMatch(/✔ GREEN\s+overall_pass: true/);
    const log = await kinds(s);
    expect(log.slice(-12)).toEqual(['conflict.stop', ...Array(9).fill('repin'), 'repin.applied', 'verdict.sealed']);
    expect(await verifyLogbook(s.workspace.logbookPath)).toEqual({ ok: true, records: log.length });
    expect(await readFile(s.workspace.implActualPath, 'utf8')).toContain('REPIN ROLE_IG (M4.C)');
  });
});
