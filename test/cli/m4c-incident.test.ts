import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gatewalk, tempProgramRoot } from './cli-harness.js';

// The acceptance walk, end to end through the real binary on the sandbox.
describe('M4.C incident, headless, on the sandbox', { timeout: 120_000 }, () => {
  let root: string;
  const ws = () => path.join(root, '.gatewalk', 'sandbox', 'dev_min');
  beforeAll(async () => {
    root = await tempProgramRoot();
  });

  it('validates the shipped program', async () => {
    const r = await gatewalk(root, ['validate', '--env', 'dev_min']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('refuses to skip: M4.C before M3 is green exits 3', async () => {
    expect((await gatewalk(root, ['sandbox', 'reset', '--env', 'dev_min'])).code).toBe(0);
    const r = await gatewalk(root, ['run', 'M4.C', '--env', 'dev_min', '--sandbox']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/requires M3/);
  });

  it('M0 without attestations is blocked and names the flag; with them it is green', async () => {
    const blocked = await gatewalk(root, ['run', 'M0', '--env', 'dev_min', '--sandbox']);
    expect(blocked.code).toBe(3);
    expect(blocked.stderr).toContain('--attest authority-lock=pass:');
    const green = await gatewalk(root, [
      'run',
      'M0',
      '--env',
      'dev_min',
      '--sandbox',
      '--attest',
      'authority-lock=pass:stack pinned in build plan',
      '--attest',
      'governance=pass:single status owner',
    ]);
    expect(green.stdout).toContain('M0 GREEN');
    expect(green.code).toBe(0);
  });

  it('M1, M2.E, M2 and M3 close green in order', async () => {
    for (const phase of ['M1', 'M2.E', 'M2', 'M3']) {
      const r = await gatewalk(root, ['run', phase, '--env', 'dev_min', '--sandbox']);
      expect(r.stdout, `${phase}\n${r.stderr}`).toContain(`${phase} GREEN`);
      expect(r.code).toBe(0);
    }
  }, 120_000); // four binary runs; the live guardrails load three more SDK clients

  it('M4.C fails closed with the seed blockers while lane roles are missing', async () => {
    const r = await gatewalk(root, ['run', 'M4.C', '--env', 'dev_min', '--sandbox', '--json']);
    expect(r.code).toBe(3);
    const verdict = JSON.parse(r.stdout);
    expect(verdict.overall_pass).toBe(false);
    const codes = new Set(verdict.blockers.map((b: { code: string }) => b.code));
    for (const code of ['M4C-B4', 'M4C-B1', 'M4C-B2']) expect(codes).toContain(code);
    expect(verdict.substrate).toBe('sandbox');
    expect(verdict.inputs.registry).toMatchObject({
      path: '.gatewalk/sandbox/dev_min/registry/dev_min.yaml',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(verdict.requires).toEqual([
      {
        phase: 'M3',
        verdict: expect.stringMatching(/^\.gatewalk\/sandbox\/dev_min\/evidence\/m3\/\d{8}T\d{6}Z\/m3_f_verdict_snapshot\.json$/),
      },
    ]);
    expect(verdict.checks[0]).toEqual(
      expect.objectContaining({ id: 'caller', gate: 'sts.identity', status: 'pass', duration_ms: expect.any(Number) }),
    );
    expect(verdict.operator.arn).toMatch(/assumed-role\/fraud-platform-dev-min-operator/);
  });

  it('after the sandbox apply, M4.C STOPs on every PENDING role with the offered ARN', async () => {
    expect((await gatewalk(root, ['sandbox', 'apply', 'materialize-lane-roles', '--env', 'dev_min'])).code).toBe(0);
    const r = await gatewalk(root, ['run', 'M4.C', '--env', 'dev_min', '--sandbox']);
    expect(r.code).toBe(4);
    for (const role of ['ROLE_ORACLE_JOBS', 'ROLE_IG', 'ROLE_ENV_CONFORMANCE']) expect(r.stdout).toContain(role);
    expect(r.stdout).toContain('terraform:demo.role_ig_arn: arn:aws:iam::111122223333:role/fraud-platform-dev-min-ig');
    expect(r.stdout).toContain('--repin-from terraform');
  });

  it('a repin from Terraform with a reason edits the registry copy, keeps comments, and the rerun is green', async () => {
    const before = await readFile(path.join(ws(), 'registry', 'dev_min.yaml'), 'utf8');
    const r = await gatewalk(root, [
      'run',
      'M4.C',
      '--env',
      'dev_min',
      '--sandbox',
      '--repin-from',
      'terraform',
      '--reason',
      'lane roles materialized by the demo stack',
    ]);
    expect(r.stdout, r.stderr).toContain('M4.C GREEN');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('changed since the previous M4.C verdict:');
    expect(r.stderr).not.toMatch(/Warning/); // no Node or SDK warnings interleaved with progress
    expect(r.stderr).toContain('roles-exist ROLE_ORACLE_JOBS: FAIL → PASS');
    const after = await readFile(path.join(ws(), 'registry', 'dev_min.yaml'), 'utf8');
    expect(after).not.toContain('pending: true');
    expect(after).toContain('value: arn:aws:iam::111122223333:role/fraud-platform-dev-min-ig');
    expect(after.split('\n').filter((l) => l.trim().startsWith('#'))).toEqual(before.split('\n').filter((l) => l.trim().startsWith('#')));
    // the operator's real registry is untouched
    expect(await readFile(path.join(root, 'registry', 'dev_min.yaml'), 'utf8')).toContain('pending: true');
    const impl = await readFile(path.join(ws(), 'impl_actual.md'), 'utf8');
    expect(impl).toContain('REPIN ROLE_IG');
    expect(impl).toContain('lane roles materialized by the demo stack');
  });

  it('history tells the incident as one arc, as text, Markdown and JSON', async () => {
    const text = await gatewalk(root, ['history', 'M4.C', '--env', 'dev_min', '--sandbox']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/history of M4\.C: FAIL \[M4C-B4, M4C-B1, M4C-B2\] → STOP 9 conflicts → 9 repins → PASS/);
    expect(text.stdout).toContain('lane roles materialized by the demo stack');
    expect(text.stdout).toMatch(/changed (roles-exist )?ROLE_IG: FAIL → PASS/);
    const md = await gatewalk(root, ['history', 'M4.C', '--env', 'dev_min', '--sandbox', '--markdown']);
    expect(md.stdout).toContain('| # | when (UTC) | event | details |');
    const json = JSON.parse((await gatewalk(root, ['history', 'M4.C', '--env', 'dev_min', '--sandbox', '--json'])).stdout);
    expect(json.events.map((e: { kind: string }) => e.kind)).toEqual(['verdict', 'stop', ...Array(9).fill('repin'), 'verdict']);
  });

  it('M4 closes green once the daemons run; P12 (requires M4) is blocked while the demo stands and green after destroy-demo', async () => {
    const sb = ['--env', 'dev_min', '--sandbox'];
    expect((await gatewalk(root, ['sandbox', 'apply', 'start-daemons', '--env', 'dev_min'])).code).toBe(0);
    const m4 = await gatewalk(root, ['run', 'M4', ...sb]);
    expect(m4.stdout, m4.stderr).toContain('M4 GREEN');
    const standing = await gatewalk(root, ['run', 'P12', ...sb, '--json']);
    expect(standing.code).toBe(3);
    expect(JSON.parse(standing.stdout).blockers.map((b: { code: string }) => b.code)).toEqual(['P12-B1', 'P12-B3', 'P12-B4']);
    expect((await gatewalk(root, ['sandbox', 'apply', 'destroy-demo', '--env', 'dev_min'])).code).toBe(0);
    const r = await gatewalk(root, ['run', 'P12', ...sb]);
    expect(r.stdout, r.stderr).toContain('P12 GREEN');
    expect(r.code).toBe(0);
  });

  it('a regression upstream makes everything downstream STALE and a run of it is refused (issue 7.1)', { timeout: 120_000 }, async () => {
    const sb = ['--env', 'dev_min', '--sandbox'];
    expect((await gatewalk(root, ['sandbox', 'apply', 'drop-db-password-parameter', '--env', 'dev_min'])).code).toBe(0);
    expect((await gatewalk(root, ['run', 'M2.E', ...sb])).code).toBe(3);
    const json = await gatewalk(root, ['status', ...sb, '--json']);
    expect(JSON.parse(json.stdout).map((p: { state: string }) => p.state)).toEqual([
      'green',
      'green',
      'blocked',
      'stale',
      'stale',
      'stale',
      'stale',
      'stale',
    ]);
    const text = await gatewalk(root, ['status', ...sb]);
    expect(text.stdout).toMatch(/STALE\s+M4\.C .*M2\.E/);
    expect(text.stdout).not.toMatch(/GREEN\s+M3/);
    const m4Folders = async () => (await readdir(path.join(ws(), 'evidence', 'm4'))).length;
    const before = await m4Folders();
    const refused = await gatewalk(root, ['run', 'M4.C', ...sb]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/M2\.E is not green \(latest verdict is not green\)/);
    expect(await m4Folders()).toBe(before); // nothing sealed
    // Fixing the root cause and rerunning it makes the downstream verdicts count again.
    expect((await gatewalk(root, ['sandbox', 'apply', 'restore-db-password-parameter', '--env', 'dev_min'])).code).toBe(0);
    expect((await gatewalk(root, ['run', 'M2.E', ...sb])).code).toBe(0);
  });

  it('status shows every phase green; the logbook verifies, and one flipped byte breaks it', async () => {
    const s = await gatewalk(root, ['status', '--env', 'dev_min', '--sandbox', '--json']);
    expect(JSON.parse(s.stdout).map((p: { state: string }) => p.state)).toEqual([
      'green',
      'green',
      'green',
      'green',
      'green',
      'green',
      'green',
      'green',
    ]);
    const ok = await gatewalk(root, ['logbook', 'verify', '--env', 'dev_min', '--sandbox']);
    expect(ok.code).toBe(0);
    const file = path.join(ws(), 'logbook.jsonl');
    const bytes = await readFile(file);
    const i = bytes.indexOf('"repin"');
    bytes[i + 2] = bytes[i + 2]! ^ 0x01;
    await writeFile(file, bytes);
    const bad = await gatewalk(root, ['logbook', 'verify', '--env', 'dev_min', '--sandbox']);
    expect(bad.code).not.toBe(0);
    expect(bad.stdout).toMatch(/logbook\.jsonl:\d+:/);
    // Phase state comes from the logbook: a broken chain vouches for nothing (exit 3, names the line).
    const status = await gatewalk(root, ['status', '--env', 'dev_min', '--sandbox']);
    expect(status.code).toBe(3);
    expect(status.stderr).toMatch(/tampering: .*logbook\.jsonl:\d+:/);
  });
});
