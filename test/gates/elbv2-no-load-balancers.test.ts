import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { elbv2NoLoadBalancers } from '../../src/gates/elbv2-no-load-balancers.js';
import { sandboxWorkspacePaths } from '../../src/substrate/sandbox/index.js';
import { ENV } from '../substrate/sandbox/helpers.js';
import { emptyAnswerEndpoint } from './empty-answer.js';
import { useFreshGateHarness } from './sandbox-context.js';

// elbv2.no_load_balancers against the sandbox through the real ELBv2 client (Query protocol).
const h = useFreshGateHarness();

const LIVE = ['provisioning', 'active', 'active_impaired'] as Array<'provisioning' | 'active' | 'active_impaired'>;
const DEMO = { key: 'lifetime', value: 'demo' };
const VPC = 'vpc-0a1b2c3d4e5f60718';
const EVIDENCE = { path: 'm2_j/*/network_posture_snapshot.json', pointer: '/always_on_load_balancers' };

async function change(name: string, steps: string[]): Promise<void> {
  await writeFile(
    join(sandboxWorkspacePaths(h.root, ENV).changesDir, `${name}.yaml`),
    `description: ${name}\nsteps:\n${steps.join('\n')}\n`,
  );
  await h.apply(name);
}

describe('elbv2.no_load_balancers', () => {
  it('passes on the shipped scenario (no load balancer)', async () => {
    h.server.resetCalls();
    const out = await elbv2NoLoadBalancers.run(await h.context(), { states: LIVE, allow_tag: DEMO, evidence: EVIDENCE });
    expect(out.results).toEqual([
      { resource: 'all VPCs', status: 'pass', reason: 'no load balancer in state provisioning|active|active_impaired' },
    ]);
    expect(h.server.calls()).toEqual({ 'elbv2:DescribeLoadBalancers': 1 });
  });

  it('fails for add-load-balancer, naming it; the evidence that says none is contradicted; remove-load-balancer recovers', async () => {
    await h.apply('add-load-balancer');
    const out = await elbv2NoLoadBalancers.run(await h.context(), { states: LIVE, allow_tag: DEMO, evidence: EVIDENCE });
    expect(out.results).toHaveLength(1);
    expect(out.results[0]).toMatchObject({ resource: 'fraud-platform-dev-min-ig-edge', status: 'fail' });
    expect(out.results[0]!.reason).toBe(
      `application load balancer (internet-facing) in ${VPC}, state active, not tagged lifetime=demo: an always-on load balancer is prohibited; delete it to close the phase; ` +
        'evidence says none (m2_j/20260213T205715Z/network_posture_snapshot.json#/always_on_load_balancers), account has 1',
    );
    expect(out.results[0]!.details?.arn).toMatch(
      /^arn:aws:elasticloadbalancing:eu-west-2:111122223333:loadbalancer\/app\/fraud-platform-dev-min-ig-edge\/[0-9a-f]{16}$/,
    );
    // Scoped to another VPC: nothing to report.
    expect((await elbv2NoLoadBalancers.run(await h.context(), { states: LIVE, vpc_ids: ['vpc-11111111'] })).results[0]!.status).toBe(
      'pass',
    );
    await h.apply('remove-load-balancer');
    expect((await elbv2NoLoadBalancers.run(await h.context(), { states: LIVE, evidence: EVIDENCE })).results).toEqual([
      { resource: 'all VPCs', status: 'pass', reason: 'no load balancer in state provisioning|active|active_impaired' },
    ]);
  });

  it('allows a load balancer tagged as demo-scoped only when the check allows that tag', async () => {
    await change('demo-alb', [
      `  - { op: put_load_balancer, name: demo-ig, vpc_id: ${VPC}, tags: { lifetime: demo } }`,
      `  - { op: put_load_balancer, name: failed-one, vpc_id: ${VPC}, state: failed }`,
    ]);
    const allowed = await elbv2NoLoadBalancers.run(await h.context(), { states: LIVE, allow_tag: DEMO });
    expect(allowed.results.map((r) => [r.resource, r.status])).toEqual([['demo-ig', 'pass']]);
    expect(allowed.results[0]!.reason).toMatch(/tagged lifetime=demo: demo-scoped/);
    // Teardown wants none at all: the same load balancer fails without the allowance.
    const strict = await elbv2NoLoadBalancers.run(await h.context(), { states: LIVE });
    expect(strict.results.map((r) => [r.resource, r.status])).toEqual([['demo-ig', 'fail']]);
  });

  it('follows NextMarker across pages and batches DescribeTags by 20 (405 load balancers)', async () => {
    const names = Array.from({ length: 405 }, (_, i) => `lb-${String(i).padStart(3, '0')}`);
    await change(
      'many-lbs',
      names.map((n, i) => `  - { op: put_load_balancer, name: ${n}, vpc_id: ${VPC}${i % 2 ? ', tags: { lifetime: demo }' : ''} }`),
    );
    h.server.resetCalls();
    const out = await elbv2NoLoadBalancers.run(await h.context(), { states: LIVE, allow_tag: DEMO });
    expect(h.server.calls()).toEqual({ 'elbv2:DescribeLoadBalancers': 2, 'elbv2:DescribeTags': 21 });
    expect(out.results.map((r) => r.resource).sort()).toEqual(names);
    expect(out.results.filter((r) => r.status === 'fail').map((r) => r.resource)).toEqual(names.filter((_, i) => i % 2 === 0).sort());
  });

  it('is an error, never a pass, when the checker is denied, throttled, or a tag lookup fails', async () => {
    await h.apply('add-load-balancer');
    for (const [fault, pattern] of [
      [{ kind: 'access-denied', service: 'elbv2' }, /AccessDenied \(HTTP 403\).*elbv2:DescribeLoadBalancers.*not allowed/],
      [{ kind: 'throttling', service: 'elbv2' }, /Throttling \(HTTP 400\) after 2 attempts.*throttled past the retry budget/],
      [{ kind: 'access-denied', service: 'elbv2', action: 'DescribeTags' }, /AccessDenied.*elbv2:DescribeTags/],
    ] as const) {
      h.server.inject(fault);
      const out = await elbv2NoLoadBalancers.run(await h.context(), { states: LIVE, allow_tag: DEMO });
      h.server.clearFaults();
      expect(out.results).toHaveLength(1);
      expect(out.results[0]).toMatchObject({ resource: 'all VPCs', status: 'error' });
      expect(out.results[0]!.reason).toMatch(pattern);
    }
  });

  it('is an error when the call times out (the run signal aborts a slow ELBv2)', async () => {
    h.server.inject({ kind: 'latency', ms: 5_000, service: 'elbv2' });
    const out = await elbv2NoLoadBalancers.run(await h.context({ signal: AbortSignal.timeout(200) }), { states: LIVE });
    h.server.clearFaults();
    expect(out.results).toHaveLength(1);
    expect(out.results[0]).toMatchObject({ resource: 'all VPCs', status: 'error' });
    expect(out.results[0]!.reason).toMatch(/abort/i);
  });

  // A load balancer is left out only on ELBv2's own words (another program's names and VPC).
  it.each([
    ['no state', '', undefined],
    ['a state ELBv2 does not define', '<State><Code>paused</Code></State>', undefined],
    ['no VPC, when the check is scoped to VPCs', '<State><Code>active</Code></State>', ['vpc-0shop0000000000001']],
  ])('is an error, never left out, for a load balancer with %s', async (_, state, vpcIds) => {
    const stub = await emptyAnswerEndpoint(
      'text/xml',
      '<DescribeLoadBalancersResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><DescribeLoadBalancersResult><LoadBalancers><member>' +
        '<LoadBalancerArn>arn:aws:elasticloadbalancing:us-east-1:444455556666:loadbalancer/app/shop-edge/0123456789abcdef</LoadBalancerArn>' +
        `<LoadBalancerName>shop-edge</LoadBalancerName><Type>application</Type><Scheme>internet-facing</Scheme>${state}` +
        (vpcIds ? '' : '<VpcId>vpc-0shop0000000000001</VpcId>') +
        '</member></LoadBalancers></DescribeLoadBalancersResult></DescribeLoadBalancersResponse>',
    );
    try {
      const out = await elbv2NoLoadBalancers.run(await h.context({ clients: stub.clients }), {
        states: LIVE,
        ...(vpcIds ? { vpc_ids: vpcIds } : {}),
      });
      expect(out.results).toEqual([
        { resource: vpcIds ? vpcIds.join(', ') : 'all VPCs', status: 'error', reason: expect.stringMatching(/shop-edge .*cannot tell/) },
      ]);
    } finally {
      await stub.close();
    }
  });

  it('is an error when ELBv2 answers without a LoadBalancers list (an empty answer proves nothing)', async () => {
    const empty = await emptyAnswerEndpoint(
      'text/xml',
      '<DescribeLoadBalancersResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><DescribeLoadBalancersResult/></DescribeLoadBalancersResponse>',
    );
    try {
      const out = await elbv2NoLoadBalancers.run(await h.context({ clients: empty.clients }), { states: LIVE });
      expect(out.results).toEqual([
        { resource: 'all VPCs', status: 'error', reason: expect.stringMatching(/without a LoadBalancers list/) },
      ]);
    } finally {
      await empty.close();
    }
  });
});
