import * as z from '../core/zod-mini.js';
import type { GateContext } from '../core/context.js';
import type { ResultItem } from '../core/types.js';
import { describeAwsError } from './aws-errors.js';
import { countNote, EvidenceClaimParam, readClaim, withNote } from './evidence-claim.js';
import { defineGate } from './gate.js';

// Seed §3.4: no always-on ALB/NLB dependency in dev_min. Live: every load balancer of the region
// (or of the given VPCs) in a running state fails, unless it carries the tag that marks it as
// demo-scoped (bounded use, destroyed with the demo stack).

const LB_STATES = ['provisioning', 'active', 'active_impaired', 'failed'] as const;
const PAGE = 400; // DescribeLoadBalancers' largest PageSize
const TAG_BATCH = 20; // DescribeTags takes at most 20 ARNs

const Params = z.strictObject({
  vpc_ids: z
    .optional(
      z.array(z.string().check(z.regex(/^vpc-[0-9a-f]{8}(?:[0-9a-f]{9})?$/, 'a VPC id such as vpc-0a1b2c3d'))).check(z.minLength(1)),
    )
    .check(z.describe('limit the check to these VPCs (default: the whole region)')),
  states: z
    ._default(z.array(z.enum(LB_STATES)).check(z.minLength(1)), ['provisioning', 'active', 'active_impaired'])
    .check(z.describe('load balancer states that count as present')),
  allow_tag: z
    .optional(z.strictObject({ key: z.string().check(z.minLength(1)), value: z.string().check(z.minLength(1)) }))
    .check(z.describe('a load balancer carrying this tag (e.g. lifetime=demo) is demo-scoped and allowed')),
  evidence: z
    .optional(EvidenceClaimParam)
    .check(z.describe('evidence file that lists the load balancers it saw (the result says when it disagrees)')),
});

interface LoadBalancer {
  arn: string;
  name: string;
  type: string;
  scheme: string;
  /** Undefined when the answer did not name it. */
  vpc?: string;
  state: string;
  tags?: Record<string, string>;
}

export const elbv2NoLoadBalancers = defineGate({
  aws: true,
  kind: 'elbv2.no_load_balancers',
  summary:
    'no load balancer runs (in the given VPCs, or the region) unless tagged as demo-scoped (ELBv2 DescribeLoadBalancers + DescribeTags)',
  params: Params,
  async run(ctx, params) {
    const scope = params.vpc_ids ? params.vpc_ids.join(', ') : 'all VPCs';
    let found: LoadBalancer[];
    try {
      const all = await describe(ctx);
      // A load balancer is left out only on ELBv2's own words: a state it defines and is not asked
      // about, a VPC it names and is not asked about. Anything else cannot be told apart from one that runs.
      for (const lb of all) {
        if (!LB_STATES.includes(lb.state as never))
          throw new Error(
            `DescribeLoadBalancers answered ${lb.name} in state ${lb.state}, which ELBv2 does not define: cannot tell whether it runs`,
          );
        if (params.vpc_ids && lb.vpc === undefined)
          throw new Error(`DescribeLoadBalancers answered ${lb.name} without its VPC: cannot tell whether it is in scope`);
      }
      found = all.filter(
        (lb) => params.states.includes(lb.state as never) && (!params.vpc_ids || (lb.vpc !== undefined && params.vpc_ids.includes(lb.vpc))),
      );
      if (params.allow_tag && found.length > 0) await addTags(ctx, found);
    } catch (err) {
      return { results: [{ resource: scope, status: 'error', reason: describeAwsError(err) }] };
    }
    const allow = params.allow_tag;
    const allowed = (lb: LoadBalancer) => allow !== undefined && lb.tags?.[allow.key] === allow.value;
    const offenders = found.filter((lb) => !allowed(lb));
    const claim = params.evidence ? await readClaim(ctx, params.evidence) : undefined;
    const note = countNote(claim, offenders.length);
    if (found.length === 0) {
      return {
        results: withNote([{ resource: scope, status: 'pass', reason: `no load balancer in state ${params.states.join('|')}` }], note),
      };
    }
    const results = found.map((lb): ResultItem => {
      const what = `${lb.type} load balancer (${lb.scheme}) in ${lb.vpc ?? '(no VPC)'}, state ${lb.state}`;
      if (allowed(lb))
        return {
          resource: lb.name,
          status: 'pass',
          reason: `${what}, tagged ${allow!.key}=${allow!.value}: demo-scoped, destroyed with the demo`,
          details: { arn: lb.arn },
        };
      const untagged = allow ? `, not tagged ${allow.key}=${allow.value}` : '';
      return {
        resource: lb.name,
        status: 'fail',
        reason: `${what}${untagged}: an always-on load balancer is prohibited; delete it to close the phase`,
        details: { arn: lb.arn },
      };
    });
    return { results: withNote(results, note) };
  },
});

async function describe(ctx: GateContext): Promise<LoadBalancer[]> {
  const { DescribeLoadBalancersCommand } = await import('../substrate/aws-sdk/elbv2.js');
  const elb = await ctx.clients.elbv2();
  const found: LoadBalancer[] = [];
  let marker: string | undefined;
  do {
    const page = await elb.send(new DescribeLoadBalancersCommand({ PageSize: PAGE, Marker: marker }), { abortSignal: ctx.signal });
    if (!page.LoadBalancers) throw new Error('DescribeLoadBalancers answered without a LoadBalancers list: cannot tell whether any exist');
    for (const lb of page.LoadBalancers) {
      found.push({
        arn: lb.LoadBalancerArn ?? '(no ARN)',
        name: lb.LoadBalancerName ?? lb.LoadBalancerArn ?? '(no name)',
        type: lb.Type ?? 'unknown-type',
        scheme: lb.Scheme ?? 'unknown scheme',
        vpc: lb.VpcId,
        state: lb.State?.Code ?? 'unknown',
      });
    }
    marker = page.NextMarker;
  } while (marker);
  return found;
}

/** Reads each load balancer's tags, 20 ARNs per call; a load balancer left unanswered is an error. */
async function addTags(ctx: GateContext, lbs: LoadBalancer[]): Promise<void> {
  const { DescribeTagsCommand } = await import('../substrate/aws-sdk/elbv2.js');
  const elb = await ctx.clients.elbv2();
  for (let i = 0; i < lbs.length; i += TAG_BATCH) {
    const batch = lbs.slice(i, i + TAG_BATCH);
    const out = await elb.send(new DescribeTagsCommand({ ResourceArns: batch.map((lb) => lb.arn) }), { abortSignal: ctx.signal });
    for (const lb of batch) {
      const d = out.TagDescriptions?.find((t) => t.ResourceArn === lb.arn);
      if (!d) throw new Error(`DescribeTags did not answer for ${lb.arn}: cannot tell whether it is demo-scoped`);
      lb.tags = Object.fromEntries((d.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
    }
  }
}
