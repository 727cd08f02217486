import { beforeAll, describe, expect, it } from 'vitest';
import { gatewalk, tempProgramRoot } from './cli-harness.js';

// The shipped program M0 → P12, headless through the built binary on the sandbox: every live
// guardrail fails for its sandbox change and recovers (a conflict STOPs and is repinned or undone).
describe('the whole program, headless, on the sandbox', { timeout: 600_000 }, () => {
  let root: string;
  const run = (phase: string, ...more: string[]) => gatewalk(root, ['run', phase, '--sandbox', ...more]);
  const apply = async (change: string) => expect((await gatewalk(root, ['sandbox', 'apply', change])).code).toBe(0);
  const ATTEST = ['--attest', 'authority-lock=pass:stack pinned', '--attest', 'governance=pass:single status owner'];
  beforeAll(async () => {
    root = await tempProgramRoot();
    expect((await gatewalk(root, ['sandbox', 'reset'])).code).toBe(0);
  });

  it('M0: a changed authority document STOPs on its pinned hash; a repin with a reason closes M0 green with every hash in the verdict', async () => {
    await apply('edit-authority-doc');
    const stop = await run('M0', ...ATTEST, '--json');
    expect(stop.code, stop.stderr).toBe(4);
    const held = JSON.parse(stop.stdout);
    expect(held.blockers.map((b: { code: string }) => b.code).sort()).toEqual(['GW-CONFLICT', 'M0-B3']);
    const changed = held.conflicts.find((c: { handle: string }) => c.handle === 'DOC_PLATFORM_BUILD_PLAN_SHA256');
    expect(changed.offers).toEqual([{ source: 'live:docs.sha256', value: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    const repinned = await run(
      'M0',
      ...ATTEST,
      '--repin',
      `DOC_PLATFORM_BUILD_PLAN_SHA256=${changed.offers[0].value}`,
      '--reason',
      'M5 soak test accepted into the build plan',
      '--json',
    );
    expect(repinned.code, repinned.stderr).toBe(0);
    const green = JSON.parse(repinned.stdout);
    const hashes = green.checks
      .filter((c: { id: string }) => c.id === 'authority-docs-pinned')
      .map((c: { details: { sha256: string } }) => c.details.sha256);
    expect(hashes).toHaveLength(8);
    expect(hashes).toContain(changed.offers[0].value);
  });

  it('M1: a retagged image STOPs on IMAGE_DIGEST (tag → other digest, tags MUTABLE); restoring the tag closes it green', async () => {
    await apply('retag-image');
    const stop = await run('M1', '--json');
    expect(stop.code, stop.stderr).toBe(4);
    const held = JSON.parse(stop.stdout);
    expect(held.conflicts).toEqual([
      expect.objectContaining({
        handle: 'IMAGE_DIGEST',
        kind: 'pinned_vs_live',
        offers: [{ source: 'live:ecr.DescribeImages', value: expect.stringMatching(/^sha256:0b5e/) }],
      }),
    ]);
    expect(held.blockers.map((b: { code: string }) => b.code)).toEqual(['M1-B4', 'GW-CONFLICT']);
    await apply('restore-image-tag');
    const green = await run('M1');
    expect(green.stdout, green.stderr).toContain('M1 GREEN');
  });

  it('M2.E, M2 and M3 close green; M4.C closes after the lane roles are materialized and repinned', async () => {
    const figures: Record<string, unknown> = {};
    for (const phase of ['M2.E', 'M2', 'M3']) {
      const r = await run(phase, '--json');
      expect(r.code, `${phase}\n${r.stderr}`).toBe(0);
      Object.assign(figures, JSON.parse(r.stdout).key_figures);
    }
    // The seed's key snapshots, declared in the runbook (issue 9.12).
    expect(figures).toEqual({
      'checks.iam_simulation.app_role_allowed_count': 6,
      'checks.iam_simulation.execution_role_allowed_count': 0,
      pinned_platform_run_id: 'platform_20260213T214223Z',
      verdict: 'ADVANCE_TO_M4',
    });
    await apply('materialize-lane-roles');
    const m4c = await run('M4.C', '--repin-from', 'terraform', '--reason', 'lane roles materialized by demo stack');
    expect(m4c.code, m4c.stdout + m4c.stderr).toBe(0);
  });

  it('M4: blocked until the daemons run; a deploy by tag blocks it again; redeploying by digest recovers', async () => {
    const before = await run('M4', '--json');
    expect(before.code).toBe(3);
    expect(JSON.parse(before.stdout).blockers.map((b: { code: string }) => b.code)).toEqual(['M4-B2']);
    await apply('start-daemons');
    const up = await run('M4', '--json');
    expect(up.code, up.stderr).toBe(0);
    expect(JSON.parse(up.stdout).checks.filter((c: { gate: string }) => c.gate === 'ecs.services')).toHaveLength(14);
    await apply('deploy-by-tag');
    const byTag = await run('M4', '--json');
    expect(byTag.code).toBe(3);
    const failed = JSON.parse(byTag.stdout).checks.filter((c: { status: string }) => c.status !== 'pass');
    expect(failed).toEqual([
      expect.objectContaining({
        resource: 'SVC_IG (fraud-platform-dev-min-ig)',
        reason: expect.stringContaining('by tag: no mutable tags at runtime'),
      }),
    ]);
    await apply('redeploy-by-digest');
    expect((await run('M4')).code).toBe(0);
  });

  it('M4 guardrails: an always-on load balancer (M4-B3) and an overspend (M4-B4) block it; the demo-scoped ALB does not', async () => {
    await apply('add-load-balancer');
    const lb = JSON.parse((await run('M4', '--json')).stdout);
    expect(lb.blockers.map((b: { code: string }) => b.code)).toEqual(['M4-B3']);
    const lbs = lb.checks.filter((c: { id: string }) => c.id === 'no-always-on-lb');
    expect(lbs).toEqual([
      expect.objectContaining({
        resource: 'fraud-platform-dev-min-demo-edge',
        status: 'pass',
        reason: expect.stringContaining('tagged lifetime=demo'),
      }),
      expect.objectContaining({
        resource: 'fraud-platform-dev-min-ig-edge',
        status: 'fail',
        reason: expect.stringContaining('not tagged lifetime=demo'),
      }),
    ]);
    await apply('remove-load-balancer');
    await apply('overspend');
    const over = JSON.parse((await run('M4', '--json')).stdout);
    expect(over.blockers.map((b: { code: string }) => b.code)).toEqual(['M4-B4']);
    expect(over.checks.find((c: { status: string }) => c.status === 'fail').reason).toMatch(/41\.80.* is not under the cap/);
    await apply('rein-in-spend');
    const green = await run('M4');
    expect(green.stdout, green.stderr).toContain('M4 GREEN');
  });

  it('P12: blocked while the demo stands; destroy-demo closes it; a leftover log group fails it naming the resource', async () => {
    const standing = JSON.parse((await run('P12', '--json')).stdout);
    expect(standing.blockers.map((b: { code: string }) => b.code)).toEqual(['P12-B1', 'P12-B3', 'P12-B4']);
    await apply('destroy-demo');
    expect((await run('P12')).stdout).toContain('P12 GREEN');
    await apply('leave-demo-resource');
    const left = await run('P12', '--json');
    expect(left.code).toBe(3);
    expect(JSON.parse(left.stdout).checks.filter((c: { status: string }) => c.status === 'fail')).toEqual([
      expect.objectContaining({
        id: 'no-demo-resources',
        resource: 'arn:aws:logs:eu-west-2:111122223333:log-group:/fraud-platform/dev_min/demo',
      }),
    ]);
    await apply('destroy-demo');
    expect((await run('P12')).stdout).toContain('P12 GREEN');
  });

  it('status shows every phase green and the logbook verifies', async () => {
    const status = await gatewalk(root, ['status', '--sandbox']);
    for (const phase of ['M0', 'M1', 'M2.E', 'M2', 'M3', 'M4.C', 'M4', 'P12'])
      expect(status.stdout).toMatch(new RegExp(`GREEN\\s+${phase.replace('.', '\\.')}\\s`));
    expect((await gatewalk(root, ['logbook', 'verify', '--sandbox'])).code).toBe(0);
  });
});
