import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { BIG, generateProgram } from '../../bench/gen-program.mjs';
import { gatewalk, tempProgramRoot } from './cli-harness.js';

// AWS calls at their lower bound, counted by the sandbox (GATEWALK_SANDBOX_STATS) on the built
// binary: one GetCallerIdentity per run, one GetRole per role, one SimulatePrincipalPolicy per
// distinct principal per pass (all checks and cases merged), one DescribeParameters per 50 names;
// and the questions of a pass asked together, so latency costs round trips, not calls.

interface Stats {
  calls: Record<string, number>;
  round_trips: number;
}

/** `--json` results as `step/check/resource status` lines (durations and times left out). */
function statusesOf(stdout: string): string[] {
  const doc = JSON.parse(stdout) as { checks: Array<{ step: string; id: string; resource: string; status: string }> };
  return doc.checks.map((r) => `${r.step}/${r.id}/${r.resource} ${r.status}`);
}

describe('AWS calls of the shipped program (dev_min), counted by the sandbox', () => {
  let root: string;
  let statsDir: string;
  const run = async (phase: string, extra: string[] = [], env: Record<string, string> = {}) => {
    const stats = path.join(statsDir, `${phase}-${Math.random().toString(36).slice(2)}.json`);
    const r = await gatewalk(root, ['run', phase, '--env', 'dev_min', '--sandbox', ...extra], { GATEWALK_SANDBOX_STATS: stats, ...env });
    return { ...r, stats: JSON.parse(await readFile(stats, 'utf8')) as Stats };
  };
  beforeAll(async () => {
    root = await tempProgramRoot();
    statsDir = await mkdtemp(path.join(os.tmpdir(), 'gw-stats-'));
    await run('M0', ['--attest', 'authority-lock=pass:t', '--attest', 'governance=pass:t']);
    await run('M1');
  });

  it('M2.E: seven SSM handles in one DescribeParameters; two principals, one simulation each', async () => {
    const r = await run('M2.E');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stats.calls).toEqual({ 'iam:SimulatePrincipalPolicy': 2, 'ssm:DescribeParameters': 1, 'sts:GetCallerIdentity': 1 });
    for (const p of ['M2', 'M3']) expect((await run(p)).code).toBe(0);
  });

  it('blocked M4.C: a GetRole per role, one GetCallerIdentity, pending principals not asked', async () => {
    const r = await run('M4.C');
    expect(r.code).toBe(3);
    expect(r.stats.calls).toEqual({ 'iam:GetRole': 11, 'iam:SimulatePrincipalPolicy': 1, 'sts:GetCallerIdentity': 1 });
  });

  it('blocked M4.C with 4 calls in flight: its 11 roles from one ListRoles, the same verdicts', async () => {
    const byGetRole = await run('M4.C', ['--json']);
    const listed = await run('M4.C', ['--json'], { GATEWALK_AWS_CONCURRENCY: '4' });
    expect(listed.code).toBe(3);
    expect(listed.stats.calls).toEqual({ 'iam:ListRoles': 1, 'iam:SimulatePrincipalPolicy': 1, 'sts:GetCallerIdentity': 1 });
    expect(statusesOf(listed.stdout)).toEqual(statusesOf(byGetRole.stdout));
  });

  it('green M4.C: 22 calls (14 simulation cases over 10 principals → 10), in at most 3 round trips at +1 s a call', async () => {
    expect((await gatewalk(root, ['sandbox', 'apply', 'materialize-lane-roles', '--env', 'dev_min'])).code).toBe(0);
    // A long delay keeps the count about the run's structure, not the machine's load.
    const latency = { GATEWALK_SANDBOX_FAULTS: JSON.stringify([{ kind: 'latency', ms: 1000 }]) };
    const repinned = await run('M4.C', ['--repin-from', 'terraform', '--reason', 'roles materialized'], latency);
    expect(repinned.code, repinned.stderr).toBe(0);
    expect(repinned.stats.calls).toEqual({ 'iam:GetRole': 11, 'iam:SimulatePrincipalPolicy': 10, 'sts:GetCallerIdentity': 1 });
    expect(repinned.stats.round_trips).toBeLessThanOrEqual(3);
    const again = await run('M4.C', [], latency);
    expect(again.code).toBe(0);
    expect(again.stats.calls).toEqual(repinned.stats.calls);
    expect(again.stats.round_trips).toBeLessThanOrEqual(2);
  });
});

describe('AWS calls of the second program (shop, us-east-1), counted by the sandbox', () => {
  let root: string;
  const run = async (phase: string, extra: string[] = [], env: Record<string, string> = {}) => {
    const stats = path.join(root, `stats-${phase}-${Math.random().toString(36).slice(2)}.json`);
    const r = await gatewalk(root, ['run', phase, '--sandbox', ...extra], { GATEWALK_SANDBOX_STATS: stats, ...env });
    return { ...r, stats: JSON.parse(await readFile(stats, 'utf8')) as Stats };
  };
  beforeAll(async () => {
    root = await copyProgram(SHOP);
    // A second check on the payment key's neighbour asks about the same two principals again.
    const file = path.join(root, 'runbooks', `${SHOP.program}.yaml`);
    const doc = await readFile(file, 'utf8');
    await writeFile(
      file,
      `${doc.trimEnd()}
          - id: db-url-read
            gate: iam.simulate
            params:
              actions: ["ssm:GetParameter", "ssm:GetParameters"]
              resources: ["\${DB_URL_PARAM.arn}"]
              cases:
                - { label: checkout, principal: "\${CHECKOUT_ROLE}", expect: allowed }
                - { label: worker, principal: "\${WORKER_ROLE}", expect: allowed }
            blocker: SEC-1
`,
    );
    expect((await gatewalk(root, ['run', 'release', '--sandbox', '--attest', 'notes=pass:qa'])).code).toBe(0);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('stage-account: three parameters in one DescribeParameters, one GetCallerIdentity', async () => {
    const r = await run('stage-account');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stats.calls).toEqual({ 'ssm:DescribeParameters': 1, 'sts:GetCallerIdentity': 1 });
  });

  it('access-review: two checks over two principals → one simulation per principal, in at most 3 round trips', async () => {
    expect((await gatewalk(root, ['sandbox', 'apply', 'create-worker-role'])).code).toBe(0);
    const roles = await run('stage-roles', ['--repin-from', 'terraform', '--reason', 'worker role created']);
    expect(roles.stats.calls).toEqual({ 'iam:GetRole': 2, 'sts:GetCallerIdentity': 1 });
    // One call in flight at a time: its two roles from one ListRoles, to the same green verdict.
    const listed = await run('stage-roles', [], { GATEWALK_AWS_CONCURRENCY: '1' });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stats.calls).toEqual({ 'iam:ListRoles': 1, 'sts:GetCallerIdentity': 1 });
    // A long delay keeps the count about the run's structure, not the machine's load.
    const latency = { GATEWALK_SANDBOX_FAULTS: JSON.stringify([{ kind: 'latency', ms: 1000 }]) };
    const r = await run('access-review', [], latency);
    expect(r.stdout).toMatch(/checks: \d+ \(\d+ pass/);
    expect(r.stats.calls).toEqual({ 'iam:SimulatePrincipalPolicy': 2, 'sts:GetCallerIdentity': 1 });
    expect(r.stats.round_trips).toBeLessThanOrEqual(3);
  });
});

describe('AWS calls of a synthetic program (40 roles, 10 parameters), counted by the sandbox', () => {
  let root: string;
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('its live phase: one ListRoles for 40 roles, one simulation per principal, one DescribeParameters, all in one round trip', async () => {
    root = generateProgram(await mkdtemp(path.join(os.tmpdir(), 'gw-synthetic-')), 40, 10, 2);
    const stats = path.join(root, 'stats.json');
    // A long delay keeps the count about the run's structure, not the machine's load.
    const latency = { GATEWALK_SANDBOX_FAULTS: JSON.stringify([{ kind: 'latency', ms: 1500 }]), GATEWALK_SANDBOX_STATS: stats };
    const r = await gatewalk(root, ['run', 'P1', '--env', BIG.env, '--sandbox'], latency);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(await readFile(stats, 'utf8')) as Stats;
    expect(s.calls).toEqual({
      'iam:ListRoles': 1,
      'iam:SimulatePrincipalPolicy': 15,
      'ssm:DescribeParameters': 1,
      'sts:GetCallerIdentity': 1,
    });
    expect(s.round_trips).toBe(1);
  });
});
