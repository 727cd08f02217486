import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedRegistry } from '../../src/core/context.js';
import { ecsServices } from '../../src/gates/ecs-services.js';
import { resetSandbox } from '../../src/substrate/sandbox/index.js';
import { ENV } from '../substrate/sandbox/helpers.js';
import { emptyAnswerEndpoint } from './empty-answer.js';
import { gateHarness, repinnedRegistry, type GateHarness } from './sandbox-context.js';

// ecs.services against the sandbox through the real ECS client (AWS JSON 1.1).
let h: GateHarness;
let registry: ResolvedRegistry;
beforeAll(async () => {
  h = await gateHarness();
  await h.apply('materialize-lane-roles');
  registry = repinnedRegistry(h.registry, (await h.context()).terraform);
});
afterAll(async () => {
  await resetSandbox(h.root, ENV);
  await h.close();
});

const DIGEST = 'sha256:d71cbe335ec0ced59a40721f0e1f6016b276ec17f34e52708d3fd02c04d79f56';
const PARAMS = {
  cluster: 'fraud-platform-dev-min',
  services: ['SVC_*'],
  lanes: ['control_ingress', 'rtdl_core', 'decision_lane', 'case_label'],
  name: 'fraud-platform-dev-min-{entrypoint}',
  expect: 'running' as const,
  image_digest: DIGEST,
  execution_role: 'arn:aws:iam::111122223333:role/fraud-platform-dev-min-ecs-task-execution',
  environment: { REQUIRED_PLATFORM_RUN_ID: 'platform_20260213T214223Z' },
};
const run = async (over: Partial<typeof PARAMS> | { expect: 'stopped' } = {}, reg = registry) =>
  (await ecsServices.run(await h.context({ registry: reg }), { ...PARAMS, ...over })).results;

describe('ecs.services', () => {
  it('fails for every daemon before bring-up (14 services of four lanes, none deployed)', async () => {
    const results = await run();
    expect(results).toHaveLength(14);
    expect(results[0]).toEqual({
      resource: 'SVC_SR (fraud-platform-dev-min-sr)',
      status: 'fail',
      reason: 'service is not deployed on the cluster',
    });
    expect(new Set(results.map((r) => r.status))).toEqual(new Set(['fail']));
    expect((await run({ expect: 'stopped' })).every((r) => r.status === 'pass' && r.reason === 'no such service (gone)')).toBe(true);
  });

  it('passes once start-daemons runs them by digest as their lane roles; DescribeServices in batches of 10', async () => {
    await h.apply('start-daemons');
    h.server.resetCalls();
    const results = await run();
    expect(results.map((r) => r.status)).toEqual(Array(14).fill('pass'));
    expect(results.find((r) => r.resource.startsWith('SVC_IG '))!.reason).toBe(
      'running 1/1, fraud-platform-dev-min-ig:1, image by digest, task role ROLE_IG',
    );
    expect(h.server.calls()).toEqual({ 'ecs:DescribeServices': 2, 'ecs:DescribeTaskDefinition': 14 });
  });

  it('deploy-by-tag: a tag reference at runtime fails that service; redeploy-by-digest recovers', async () => {
    await h.apply('deploy-by-tag');
    const ig = (await run()).filter((r) => r.status !== 'pass');
    expect(ig).toHaveLength(1);
    expect(ig[0]!.resource).toBe('SVC_IG (fraud-platform-dev-min-ig)');
    expect(ig[0]!.reason).toMatch(/container ig runs .*:git-799d398a.* by tag: no mutable tags at runtime/);
    await h.apply('redeploy-by-digest');
    expect((await run()).every((r) => r.status === 'pass')).toBe(true);
  });

  it('fails on another pinned run id, another digest, or an unrepinned lane role', async () => {
    const run2 = await run({ environment: { REQUIRED_PLATFORM_RUN_ID: 'platform_20990101T000000Z' } });
    expect(run2[0]!.reason).toBe(
      'container sr: REQUIRED_PLATFORM_RUN_ID is "platform_20260213T214223Z", expected "platform_20990101T000000Z"',
    );
    const digest = await run({ image_digest: `sha256:${'0'.repeat(64)}` });
    expect(digest[0]!.reason).toMatch(/runs sha256:d71c.* not the pinned digest sha256:0000/);
    const pending = await run({}, h.registry); // lane roles still PENDING PIN
    expect(pending[0]).toMatchObject({ status: 'fail', reason: 'ROLE_SR is PENDING PIN: the bound task role is unresolved' });
  });

  it('expect: stopped fails while they run and passes after stop-daemons (scaled to zero)', async () => {
    expect((await run({ expect: 'stopped' }))[0]).toMatchObject({
      status: 'fail',
      reason: 'still running 1 of desired 1: scale it to zero or destroy it',
    });
    await h.apply('stop-daemons');
    expect((await run({ expect: 'stopped' })).every((r) => r.status === 'pass' && r.reason === 'scaled to zero')).toBe(true);
    expect((await run())[0]).toMatchObject({ status: 'fail', reason: 'running 0 of desired 0 (needs running = desired > 0)' });
  });

  it('is an error, never a pass, when denied, throttled, or the cluster is unknown', async () => {
    await h.apply('start-daemons');
    h.server.inject({ kind: 'access-denied', service: 'ecs', action: 'DescribeServices' });
    const denied = await run();
    h.server.clearFaults();
    expect(new Set(denied.map((r) => r.status))).toEqual(new Set(['error']));
    expect(denied[0]!.reason).toMatch(/AccessDenied.*ecs:DescribeServices.*not allowed/);

    h.server.inject({ kind: 'throttling', service: 'ecs', action: 'DescribeTaskDefinition' });
    const throttled = await run();
    h.server.clearFaults();
    expect(new Set(throttled.map((r) => r.status))).toEqual(new Set(['error']));

    const lost = await run({ cluster: 'no-such-cluster' });
    expect(lost[0]).toMatchObject({ status: 'error' });
    expect(lost[0]!.reason).toMatch(/ClusterNotFoundException.*Cluster not found/);
  });

  it('is an error, never a pass, when ECS answers too slowly for the run (timed out), for running and stopped alike', async () => {
    h.server.inject({ kind: 'latency', ms: 5_000, service: 'ecs' });
    const ctx = async () => h.context({ registry, signal: AbortSignal.timeout(200) });
    const running = (await ecsServices.run(await ctx(), PARAMS)).results;
    const stopped = (await ecsServices.run(await ctx(), { ...PARAMS, expect: 'stopped' })).results;
    h.server.clearFaults();
    for (const results of [running, stopped]) {
      expect(results).toHaveLength(14);
      expect(new Set(results.map((r) => r.status))).toEqual(new Set(['error']));
      expect(results[0]!.reason).toMatch(/abort/i);
    }
  });

  // expect: stopped passes only on ECS's own words: gone, INACTIVE, or zero desired and running.
  it.each([
    [
      'a DRAINING service that still runs tasks',
      { status: 'DRAINING', desiredCount: 0, runningCount: 2 },
      'fail',
      /still running 2 of desired 0 \(DRAINING\)/,
    ],
    ['a DRAINING service with no tasks left', { status: 'DRAINING', desiredCount: 0, runningCount: 0 }, 'pass', /^scaled to zero$/],
    ['an INACTIVE (deleted) service', { status: 'INACTIVE', desiredCount: 1, runningCount: 0 }, 'pass', /INACTIVE \(deleted\)/],
    [
      'a state ECS does not define',
      { status: 'PAUSED', desiredCount: 1, runningCount: 1 },
      'error',
      /status PAUSED.*cannot tell whether it runs/,
    ],
    ['no status', { desiredCount: 1, runningCount: 1 }, 'error', /status UNKNOWN.*cannot tell/],
    ['no task counts', { status: 'ACTIVE' }, 'error', /desired -1, running -1: cannot tell/],
  ])('expect: stopped, %s', async (_, service, status, reason) => {
    const name = 'shop-worker';
    const stub = await emptyAnswerEndpoint(
      'application/x-amz-json-1.1',
      JSON.stringify({ services: [{ serviceName: name, ...service }], failures: [] }),
    );
    try {
      const reg = { ...registry, services: { SVC_WORKER: { lane: 'shop_lane', role: 'ROLE_WORKER' } } } as unknown as ResolvedRegistry;
      const out = await ecsServices.run(await h.context({ registry: reg, clients: stub.clients }), {
        cluster: 'shop-stage',
        services: ['SVC_WORKER'],
        name,
        expect: 'stopped',
      } as unknown as typeof PARAMS);
      expect(out.results).toEqual([{ resource: `SVC_WORKER (${name})`, status, reason: expect.stringMatching(reason) }]);
    } finally {
      await stub.close();
    }
  });

  it('is an error, never a pass, when ECS answers empty (no services, no failures), for running and stopped alike', async () => {
    const empty = await emptyAnswerEndpoint('application/x-amz-json-1.1', '{}');
    try {
      for (const expect_ of ['running', 'stopped'] as const) {
        const results = (await ecsServices.run(await h.context({ registry, clients: empty.clients }), { ...PARAMS, expect: expect_ }))
          .results;
        expect(results, expect_).toHaveLength(14);
        expect(new Set(results.map((r) => r.status)), expect_).toEqual(new Set(['error']));
      }
    } finally {
      await empty.close();
    }
  });
});
