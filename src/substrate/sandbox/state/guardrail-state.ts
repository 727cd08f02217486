import { createHash } from 'node:crypto';
import * as z from '../../../core/zod-mini.js';

// The cost guardrails' part of the sandbox account: ELBv2 load balancers, AWS Budgets (limit,
// spend, alert ladder) and the tags the Resource Groups Tagging API reports. Scenario and change
// files use the same shapes; only creation times may be left out (the sandbox fills them in).

export const LOAD_BALANCER_NAME = /^(?!internal-)[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/;
export const BUDGET_NAME = /^[^:\\]{1,100}$/;
export const RESOURCE_ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:([a-z0-9-]*):(?:\d{12})?:.+$/;
const VPC = /^vpc-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;
const AMOUNT = /^\d{1,12}(?:\.\d{1,10})?$/;

const Tags = z._default(z.record(z.string().check(z.minLength(1), z.maxLength(128)), z.string().check(z.maxLength(256))), {});

export const LoadBalancerSpec = z.strictObject({
  type: z._default(z.enum(['application', 'network', 'gateway']), 'application'),
  scheme: z._default(z.enum(['internet-facing', 'internal']), 'internet-facing'),
  vpc_id: z.string().check(z.regex(VPC, 'a VPC id such as vpc-0a1b2c3d')),
  state: z._default(z.enum(['provisioning', 'active', 'active_impaired', 'failed']), 'active'),
  created_time: z.optional(z.iso.datetime()),
  tags: Tags,
});
export type LoadBalancerSpec = z.infer<typeof LoadBalancerSpec>;
export const LoadBalancerState = z.required(LoadBalancerSpec, { created_time: true });
export type LoadBalancerState = z.infer<typeof LoadBalancerState>;

const Amount = z.pipe(z.union([z.number().check(z.nonnegative()), z.string().check(z.regex(AMOUNT, 'a decimal amount such as 30 or 12.5'))]), z.transform(String));

export const BudgetNotification = z.strictObject({
  type: z._default(z.enum(['ACTUAL', 'FORECASTED']), 'ACTUAL'),
  comparison: z._default(z.enum(['GREATER_THAN', 'LESS_THAN', 'EQUAL_TO']), 'GREATER_THAN'),
  threshold: z.number().check(z.nonnegative()),
  threshold_type: z._default(z.enum(['ABSOLUTE_VALUE', 'PERCENTAGE']), 'ABSOLUTE_VALUE'),
  state: z._default(z.enum(['OK', 'ALARM']), 'OK'),
});

export const BudgetState = z.strictObject({
  limit: z.strictObject({ amount: Amount, unit: z.string().check(z.regex(/^[A-Z]{3}$/, 'a currency code such as GBP')) }),
  time_unit: z._default(z.enum(['DAILY', 'MONTHLY', 'QUARTERLY', 'ANNUALLY']), 'MONTHLY'),
  budget_type: z._default(z.enum(['COST', 'USAGE']), 'COST'),
  actual_spend: z.optional(Amount).check(z.describe('spend so far this period, in the limit currency')),
  forecast_spend: z.optional(Amount).check(z.describe('forecast for the period (absent: AWS has no forecast yet)')),
  notifications: z._default(z.array(BudgetNotification), []),
});
export type BudgetState = z.infer<typeof BudgetState>;

export const TaggedResource = z.strictObject({ tags: Tags });

/** The keys these services add to the scenario and to the state document. */
export const GUARDRAIL_SCENARIO = {
  load_balancers: z._default(z.record(z.string().check(z.regex(LOAD_BALANCER_NAME, 'a load balancer name (1-32 letters, digits, hyphens)')), LoadBalancerSpec), {}),
  budgets: z._default(z.record(z.string().check(z.regex(BUDGET_NAME, 'a budget name')), BudgetState), {}),
  tagged_resources: z._default(z.record(z.string().check(z.regex(RESOURCE_ARN, 'a resource ARN')), TaggedResource), {}),
};
export const GUARDRAIL_STATE = {
  ...GUARDRAIL_SCENARIO,
  load_balancers: z._default(z.record(z.string().check(z.regex(LOAD_BALANCER_NAME)), LoadBalancerState), {}),
};

export function materializeLoadBalancer(spec: LoadBalancerSpec, now: Date, existing?: LoadBalancerState): LoadBalancerState {
  return { ...spec, created_time: spec.created_time ?? existing?.created_time ?? now.toISOString().replace(/\.\d{3}Z$/, 'Z') };
}

export function materializeLoadBalancers(specs: Record<string, LoadBalancerSpec>, now: Date): Record<string, LoadBalancerState> {
  return Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, materializeLoadBalancer(spec, now)]));
}

const LB_TYPE_PREFIX = { application: 'app', network: 'net', gateway: 'gwy' } as const;

/** ELBv2's ARN: the 16-hex id is derived from account and name, so it is stable across resets. */
export function loadBalancerArn(state: { account_id: string; region: string }, name: string, lb: Pick<LoadBalancerState, 'type'>): string {
  const id = createHash('sha256').update(`${state.account_id}:${name}`).digest('hex').slice(0, 16);
  return `arn:aws:elasticloadbalancing:${state.region}:${state.account_id}:loadbalancer/${LB_TYPE_PREFIX[lb.type]}/${name}/${id}`;
}

/** Every resource the Tagging API would list: load balancers (with their tags) and the tagged resources. */
export function taggedResources(state: {
  account_id: string;
  region: string;
  load_balancers: Record<string, LoadBalancerState>;
  tagged_resources: Record<string, { tags: Record<string, string> }>;
}): Array<{ arn: string; tags: Record<string, string> }> {
  return [
    ...Object.entries(state.load_balancers).map(([name, lb]) => ({ arn: loadBalancerArn(state, name, lb), tags: lb.tags })),
    ...Object.entries(state.tagged_resources).map(([arn, r]) => ({ arn, tags: r.tags })),
  ].sort((a, b) => a.arn.localeCompare(b.arn));
}
