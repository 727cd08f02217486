import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ecrImageDigest } from '../../src/gates/ecr-image-digest.js';
import { resetSandbox } from '../../src/substrate/sandbox/index.js';
import { ENV } from '../substrate/sandbox/helpers.js';
import { emptyAnswerEndpoint } from './empty-answer.js';
import { gateHarness, type GateHarness } from './sandbox-context.js';

// ecr.image_digest against the sandbox through the real ECR client (AWS JSON 1.1).
let h: GateHarness;
beforeAll(async () => {
  h = await gateHarness();
});
afterAll(() => h.close());

const PARAMS = {
  repository: 'fraud-platform-dev-min',
  tag: 'git-799d398a7daf34857cf363c9a1a629c40ec25d5e',
  digest_handle: 'IMAGE_DIGEST',
  require_immutable: true,
};
const PINNED = 'sha256:d71cbe335ec0ced59a40721f0e1f6016b276ec17f34e52708d3fd02c04d79f56';
const OTHER = 'sha256:0b5e4f3a2d1c0b9a8f7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b3aee21';

describe('ecr.image_digest', () => {
  it('passes on the shipped scenario: IMMUTABLE repository, tag on the pinned digest', async () => {
    h.server.resetCalls();
    const out = await ecrImageDigest.run(await h.context(), PARAMS);
    expect(out.results.map((r) => `${r.status} ${r.resource}`)).toEqual([
      'pass fraud-platform-dev-min',
      `pass fraud-platform-dev-min:${PARAMS.tag}`,
    ]);
    expect(out.observations).toEqual([]);
    expect(h.server.calls()).toEqual({ 'ecr:DescribeRepositories': 1, 'ecr:DescribeImages': 1 });
  });

  it('retag-image: the tag resolves to another digest — a fail carrying the live digest as an observation (the engine STOPs on it)', async () => {
    await h.apply('retag-image');
    const out = await ecrImageDigest.run(await h.context(), PARAMS);
    expect(out.results.map((r) => r.status)).toEqual(['fail', 'fail']);
    expect(out.results[0]!.reason).toMatch(/tags are MUTABLE/);
    expect(out.results[1]!.reason).toContain(`tag resolves to ${OTHER} but IMAGE_DIGEST pins ${PINNED}`);
    expect(out.observations).toEqual([{ handle: 'IMAGE_DIGEST', value: OTHER, source: 'live:ecr.DescribeImages' }]);
    await h.apply('restore-image-tag');
    expect((await ecrImageDigest.run(await h.context(), PARAMS)).results.map((r) => r.status)).toEqual(['pass', 'pass']);
  });

  it('is an error, never a pass, when ECR answers too slowly for the run (timed out)', async () => {
    h.server.inject({ kind: 'latency', ms: 5_000, service: 'ecr' });
    const out = await ecrImageDigest.run(await h.context({ signal: AbortSignal.timeout(200) }), PARAMS);
    h.server.clearFaults();
    expect(out.results.length).toBeGreaterThan(0);
    expect(new Set(out.results.map((r) => r.status))).toEqual(new Set(['error']));
    expect(out.results[0]!.reason).toMatch(/abort/i);
    expect(out.observations ?? []).toEqual([]); // nothing observed: nothing to STOP on
  });

  it('fails for a tag or a repository that does not exist', async () => {
    const noTag = await ecrImageDigest.run(await h.context(), { ...PARAMS, tag: 'git-0000000' });
    expect(noTag.results[1]).toMatchObject({ status: 'fail', reason: 'tag git-0000000 is not in fraud-platform-dev-min' });
    const noRepo = await ecrImageDigest.run(await h.context(), { ...PARAMS, repository: 'nope' });
    expect(noRepo.results).toEqual([{ resource: 'nope', status: 'fail', reason: 'ECR repository nope does not exist' }]);
  });

  it('is an error, never a pass, when denied, throttled or the digest pin is pending', async () => {
    h.server.inject({ kind: 'access-denied', service: 'ecr' });
    const denied = await ecrImageDigest.run(await h.context(), PARAMS);
    h.server.clearFaults();
    expect(denied.results).toHaveLength(1);
    expect(denied.results[0]).toMatchObject({ status: 'error' });
    expect(denied.results[0]!.reason).toMatch(/AccessDenied.*ecr:DescribeRepositories.*not allowed/);

    h.server.inject({ kind: 'throttling', service: 'ecr', action: 'DescribeImages' });
    const throttled = await ecrImageDigest.run(await h.context(), PARAMS);
    h.server.clearFaults();
    expect(throttled.results.map((r) => r.status)).toEqual(['pass', 'error']);
    expect(throttled.results[1]!.reason).toMatch(/Throttl.*throttled past the retry budget/);

    const registry = { ...h.registry, handles: { ...h.registry.handles, IMAGE_DIGEST: { kind: 'string' as const, pending: true } } };
    const pending = await ecrImageDigest.run(await h.context({ registry }), PARAMS);
    expect(pending.results).toEqual([
      { resource: `fraud-platform-dev-min:${PARAMS.tag}`, status: 'error', reason: 'IMAGE_DIGEST is PENDING PIN: nothing to compare' },
    ]);
    await resetSandbox(h.root, ENV);
  });

  it('is an error, never a pass, when ECR answers empty (no repositories, no image details)', async () => {
    const empty = await emptyAnswerEndpoint('application/x-amz-json-1.1', '{}');
    try {
      const out = await ecrImageDigest.run(await h.context({ clients: empty.clients }), PARAMS);
      expect(out.results.map((r) => [r.status, r.reason])).toEqual([
        ['error', 'DescribeRepositories answered without the repository (fail closed)'],
        ['error', 'DescribeImages answered 0 digests for one tag (fail closed)'],
      ]);
      expect(out.observations).toEqual([]);
    } finally {
      await empty.close();
    }
  });
});
