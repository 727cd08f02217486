import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ec2NoNatGateways } from '../../src/gates/ec2-no-nat-gateways.js';
import { resetSandbox, sandboxWorkspacePaths } from '../../src/substrate/sandbox/index.js';
import { ENV } from '../substrate/sandbox/helpers.js';
import { emptyAnswerEndpoint } from './empty-answer.js';
import { gateHarness, type GateHarness } from './sandbox-context.js';

// ec2.no_nat_gateways against the sandbox through the real EC2 client (EC2 Query dialect).
let h: GateHarness;
beforeAll(async () => {
  h = await gateHarness();
});
afterAll(() => h.close());

const DEFAULTS = { states: ['pending', 'available'] as Array<'pending' | 'available'> };
const NAT = 'nat-0f1e2d3c4b5a69788';
const VPC = 'vpc-0a1b2c3d4e5f60718';

describe('ec2.no_nat_gateways', () => {
  it('passes on the shipped scenario (no NAT gateway)', async () => {
    h.server.resetCalls();
    const out = await ec2NoNatGateways.run(await h.context(), DEFAULTS);
    expect(out.results).toEqual([{ resource: 'all VPCs', status: 'pass', reason: 'no NAT gateway in state pending|available' }]);
    expect(h.server.calls()['ec2:DescribeNatGateways']).toBe(1);
  });

  it('fails once add-nat-gateway is applied, one result per gateway, naming VPC, subnet and state', async () => {
    await h.apply('add-nat-gateway');
    const out = await ec2NoNatGateways.run(await h.context(), DEFAULTS);
    expect(out.results).toHaveLength(1);
    expect(out.results[0]).toMatchObject({ resource: NAT, status: 'fail' });
    expect(out.results[0]!.reason).toMatch(new RegExp(`${VPC}.*subnet-0123456789abcdef0.*available`));
    // Scoped to another VPC, or to states it is not in: nothing to report.
    expect((await ec2NoNatGateways.run(await h.context(), { ...DEFAULTS, vpc_ids: ['vpc-11111111'] })).results[0]!.status).toBe('pass');
    expect((await ec2NoNatGateways.run(await h.context(), { states: ['deleting'] })).results[0]!.status).toBe('pass');
    expect((await ec2NoNatGateways.run(await h.context(), { ...DEFAULTS, vpc_ids: [VPC] })).results.map((r) => r.status)).toEqual(['fail']);
    await h.apply('remove-nat-gateway');
    expect((await ec2NoNatGateways.run(await h.context(), DEFAULTS)).results[0]!.status).toBe('pass');
  });

  it('is an error, never a pass, when the checker is denied or EC2 fails', async () => {
    h.server.inject({ kind: 'access-denied', service: 'ec2' });
    const denied = await ec2NoNatGateways.run(await h.context(), DEFAULTS);
    h.server.clearFaults();
    expect(denied.results).toHaveLength(1);
    expect(denied.results[0]).toMatchObject({ resource: 'all VPCs', status: 'error' });
    expect(denied.results[0]!.reason).toMatch(/UnauthorizedOperation \(HTTP 403\).*ec2:DescribeNatGateways.*not allowed/);

    h.server.inject({ kind: 'server-error', service: 'ec2', action: 'DescribeNatGateways' });
    const broken = await ec2NoNatGateways.run(await h.context(), DEFAULTS);
    h.server.clearFaults();
    expect(broken.results[0]!.status).toBe('error');
    expect(broken.results[0]!.reason).toMatch(/InternalError \(HTTP 500\) after 2 attempts.*AWS service error past retries/);
  });

  it('is an error when EC2 answers without a NAT gateway set (an empty answer proves nothing)', async () => {
    const without = await emptyAnswerEndpoint(
      'text/xml',
      '<DescribeNatGatewaysResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"/>',
    );
    const emptySet = await emptyAnswerEndpoint(
      'text/xml',
      '<DescribeNatGatewaysResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><natGatewaySet/></DescribeNatGatewaysResponse>',
    );
    try {
      expect((await ec2NoNatGateways.run(await h.context({ clients: without.clients }), DEFAULTS)).results).toEqual([
        {
          resource: 'all VPCs',
          status: 'error',
          reason: expect.stringMatching(/without a NAT gateway set: cannot tell whether any exist/),
        },
      ]);
      // …while EC2's own "none": the set, empty, passes.
      expect((await ec2NoNatGateways.run(await h.context({ clients: emptySet.clients }), DEFAULTS)).results[0]!.status).toBe('pass');
    } finally {
      await without.close();
      await emptySet.close();
    }
  });

  it('follows NextToken across pages (105 gateways, pages of 100)', async () => {
    const ids = Array.from({ length: 105 }, (_, i) => `nat-${(0x10000000 + i).toString(16)}`);
    const steps = ids.map(
      (id, i) =>
        `  - { op: put_nat_gateway, id: ${id}, vpc_id: ${VPC}, subnet_id: subnet-0123456${i % 2}, state: ${i % 3 ? 'available' : 'pending'} }`,
    );
    const changes = sandboxWorkspacePaths(h.root, ENV).changesDir;
    await writeFile(join(changes, 'many-nat-gateways.yaml'), `description: many NAT gateways\nsteps:\n${steps.join('\n')}\n`);
    await h.apply('many-nat-gateways');
    h.server.resetCalls();
    const out = await ec2NoNatGateways.run(await h.context(), DEFAULTS);
    expect(h.server.calls()['ec2:DescribeNatGateways']).toBe(2);
    expect(out.results.map((r) => r.resource).sort()).toEqual(ids);
    expect(new Set(out.results.map((r) => r.status))).toEqual(new Set(['fail']));
    await resetSandbox(h.root, ENV);
  });
});
