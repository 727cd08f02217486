import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { taggingNoResources } from '../../src/gates/tagging-no-resources.js';
import { sandboxWorkspacePaths } from '../../src/substrate/sandbox/index.js';
import { ENV } from '../substrate/sandbox/helpers.js';
import { emptyAnswerEndpoint } from './empty-answer.js';
import { useFreshGateHarness } from './sandbox-context.js';

// tagging.no_resources against the sandbox through the real Resource Groups Tagging API client.
const h = useFreshGateHarness();

const DEMO = { tag: { key: 'lifetime', value: 'demo' } };
const LOG_GROUP = 'arn:aws:logs:eu-west-2:111122223333:log-group:/fraud-platform/dev_min/demo';
const EVIDENCE = { path: 'm2_j/*/teardown_viability_snapshot.json', pointer: '/post_destroy_checks/cost_bearing_demo_resources_remaining' };
const VPC = 'vpc-0a1b2c3d4e5f60718';

async function change(name: string, steps: string[]): Promise<void> {
  await writeFile(
    join(sandboxWorkspacePaths(h.root, ENV).changesDir, `${name}.yaml`),
    `description: ${name}\nsteps:\n${steps.join('\n')}\n`,
  );
  await h.apply(name);
}

describe('tagging.no_resources', () => {
  it('passes on the shipped scenario (nothing tagged lifetime=demo)', async () => {
    h.server.resetCalls();
    expect((await taggingNoResources.run(await h.context(), { ...DEMO, evidence: EVIDENCE })).results).toEqual([
      { resource: 'tag lifetime=demo', status: 'pass', reason: 'no resource carries lifetime=demo' },
    ]);
    expect(h.server.calls()).toEqual({ 'tagging:GetResources': 1 });
  });

  it('fails naming what leave-demo-resource left behind, says the evidence disagrees, and destroy-demo recovers', async () => {
    await h.apply('leave-demo-resource');
    const out = await taggingNoResources.run(await h.context(), { ...DEMO, evidence: EVIDENCE });
    expect(out.results).toEqual([
      {
        resource: LOG_GROUP,
        status: 'fail',
        reason:
          'still tagged lifetime=demo: a demo resource left behind after teardown; destroy it; ' +
          'evidence says none (m2_j/20260213T205715Z/teardown_viability_snapshot.json#/post_destroy_checks/cost_bearing_demo_resources_remaining), account has 1',
      },
    ]);
    await h.apply('destroy-demo');
    expect((await taggingNoResources.run(await h.context(), DEMO)).results.map((r) => r.status)).toEqual(['pass']);
  });

  it('lists demo load balancers too, honours the value, any-value and resource type filters, and ignores other regions', async () => {
    await change('mixed', [
      `  - { op: put_load_balancer, name: demo-ig, vpc_id: ${VPC}, tags: { lifetime: demo } }`,
      `  - { op: put_tagged_resource, arn: ${LOG_GROUP}, tags: { lifetime: demo } }`,
      '  - { op: put_tagged_resource, arn: "arn:aws:ecs:eu-west-2:111122223333:cluster/keep", tags: { lifetime: core } }',
      '  - { op: put_tagged_resource, arn: "arn:aws:logs:us-east-1:111122223333:log-group:/elsewhere", tags: { lifetime: demo } }',
    ]);
    const demo = await taggingNoResources.run(await h.context(), DEMO);
    expect(demo.results.map((r) => r.resource)).toEqual([
      expect.stringMatching(/^arn:aws:elasticloadbalancing:eu-west-2:111122223333:loadbalancer\/app\/demo-ig\//),
      LOG_GROUP,
    ]);
    const any = await taggingNoResources.run(await h.context(), { tag: { key: 'lifetime' } });
    expect(any.results).toHaveLength(3);
    expect(any.results[0]!.reason).toMatch(/still tagged lifetime=\*/);
    const lbsOnly = await taggingNoResources.run(await h.context(), { ...DEMO, resource_types: ['elasticloadbalancing:loadbalancer'] });
    expect(lbsOnly.results.map((r) => r.resource)).toEqual([demo.results[0]!.resource]);
    await h.apply('destroy-demo');
    expect((await taggingNoResources.run(await h.context(), { tag: { key: 'lifetime' } })).results.map((r) => r.resource)).toEqual([
      'arn:aws:ecs:eu-west-2:111122223333:cluster/keep',
    ]);
  });

  it('follows PaginationToken across pages (230 resources, pages of 100)', async () => {
    const arns = Array.from({ length: 230 }, (_, i) => `arn:aws:ecs:eu-west-2:111122223333:service/demo/svc-${String(i).padStart(3, '0')}`);
    await change(
      'many-tagged',
      arns.map((a) => `  - { op: put_tagged_resource, arn: "${a}", tags: { lifetime: demo } }`),
    );
    h.server.resetCalls();
    const out = await taggingNoResources.run(await h.context(), DEMO);
    expect(h.server.calls()).toEqual({ 'tagging:GetResources': 3 });
    expect(out.results.map((r) => r.resource)).toEqual(arns);
  });

  it('is an error, never a pass, when denied, throttled, timed out or answered empty', async () => {
    await h.apply('leave-demo-resource');
    for (const [fault, pattern] of [
      [{ kind: 'access-denied', service: 'tagging' }, /AccessDeniedException.*tagging:GetResources.*not allowed/],
      [{ kind: 'throttling', service: 'tagging' }, /Throttl.*after 2 attempts.*throttled past the retry budget/],
    ] as const) {
      h.server.inject(fault);
      const out = await taggingNoResources.run(await h.context(), DEMO);
      h.server.clearFaults();
      expect(out.results).toEqual([{ resource: 'tag lifetime=demo', status: 'error', reason: expect.stringMatching(pattern) }]);
    }
    h.server.inject({ kind: 'latency', ms: 5_000, service: 'tagging' });
    const slow = await taggingNoResources.run(await h.context({ signal: AbortSignal.timeout(200) }), DEMO);
    h.server.clearFaults();
    expect(slow.results).toEqual([{ resource: 'tag lifetime=demo', status: 'error', reason: expect.stringMatching(/abort/i) }]);
    const empty = await emptyAnswerEndpoint('application/x-amz-json-1.1', '{"PaginationToken":""}');
    try {
      const out = await taggingNoResources.run(await h.context({ clients: empty.clients }), DEMO);
      expect(out.results).toEqual([
        { resource: 'tag lifetime=demo', status: 'error', reason: expect.stringMatching(/without a ResourceTagMappingList/) },
      ]);
    } finally {
      await empty.close();
    }
  });
});
