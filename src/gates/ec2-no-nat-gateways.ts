import * as z from '../core/zod-mini.js';
import type { GateContext } from '../core/context.js';
import { describeAwsError } from './aws-errors.js';
import { countNote, EvidenceClaimParam, readClaim, withNote } from './evidence-claim.js';
import { defineGate } from './gate.js';

// Seed §3.3: a NAT gateway is a cost footgun in dev_min; its presence blocks phase closure until
// it is removed. Live: DescribeNatGateways over the whole region (or the given VPCs).

const NAT_STATES = ['pending', 'failed', 'available', 'deleting', 'deleted'] as const;
const PAGE = 100; // DescribeNatGateways accepts 5..1000; a dev account has none, a few at most

const Params = z.strictObject({
  vpc_ids: z
    .optional(
      z.array(z.string().check(z.regex(/^vpc-[0-9a-f]{8}(?:[0-9a-f]{9})?$/, 'a VPC id such as vpc-0a1b2c3d'))).check(z.minLength(1)),
    )
    .check(z.describe('limit the check to these VPCs (default: every VPC in the region)')),
  states: z
    ._default(z.array(z.enum(NAT_STATES)).check(z.minLength(1)), ['pending', 'available'])
    .check(z.describe('NAT gateway states that count as present (default: pending, available)')),
  evidence: z
    .optional(EvidenceClaimParam)
    .check(z.describe('evidence file that lists the NAT gateways it saw (the result says when it disagrees)')),
});

interface NatGateway {
  id: string;
  vpc: string;
  subnet: string;
  state: string;
}

export const ec2NoNatGateways = defineGate({
  kind: 'ec2.no_nat_gateways',
  summary: 'no NAT gateway exists (in the given VPCs, or the whole region) in a billable state (EC2 DescribeNatGateways)',
  aws: true,
  params: Params,
  async run(ctx, params) {
    const scope = params.vpc_ids ? params.vpc_ids.join(', ') : 'all VPCs';
    let found: NatGateway[];
    try {
      found = await describe(ctx, params.states, params.vpc_ids);
    } catch (err) {
      return { results: [{ resource: scope, status: 'error', reason: describeAwsError(err) }] };
    }
    const note = countNote(params.evidence ? await readClaim(ctx, params.evidence) : undefined, found.length);
    if (found.length === 0) {
      return {
        results: withNote([{ resource: scope, status: 'pass', reason: `no NAT gateway in state ${params.states.join('|')}` }], note),
      };
    }
    return {
      results: withNote(
        found.map((n) => ({
          resource: n.id,
          status: 'fail' as const,
          reason: `NAT gateway in ${n.vpc}, subnet ${n.subnet}, state ${n.state}: prohibited (cost footgun); delete it to close the phase`,
        })),
        note,
      ),
    };
  },
});

async function describe(ctx: GateContext, states: readonly string[], vpcIds: readonly string[] | undefined): Promise<NatGateway[]> {
  const { DescribeNatGatewaysCommand } = await import('../substrate/aws-sdk/ec2.js');
  const ec2 = await ctx.clients.ec2();
  const Filter = [{ Name: 'state', Values: [...states] }, ...(vpcIds ? [{ Name: 'vpc-id', Values: [...vpcIds] }] : [])];
  const found: NatGateway[] = [];
  let token: string | undefined;
  do {
    const page = await ec2.send(new DescribeNatGatewaysCommand({ Filter, MaxResults: PAGE, NextToken: token }), {
      abortSignal: ctx.signal,
    });
    // EC2 always sends the set, empty when there is none: without it nothing says there are none.
    if (!page.NatGateways) throw new Error('DescribeNatGateways answered without a NAT gateway set: cannot tell whether any exist');
    for (const n of page.NatGateways) {
      found.push({
        id: n.NatGatewayId ?? '(no id)',
        vpc: n.VpcId ?? '(unknown VPC)',
        subnet: n.SubnetId ?? '(unknown subnet)',
        state: n.State ?? 'unknown',
      });
    }
    token = page.NextToken;
  } while (token);
  return found;
}
