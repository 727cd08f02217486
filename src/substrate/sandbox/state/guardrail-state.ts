import { createHash } from 'node:crypto';
import { z } from 'zod';

// The cost guardrails' part of the sandbox account: ELBv2 load balancers, AWS Budgets (limit,
// spend, alert ladder) and the tags the Resource Groups Tagging API reports. Scenario and change
// files use the same shapes; only creation times may be left out (the sandbox fills them in).

export const LOAD_BALANCER_NAME = /^(?!internal-)[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/;
export const BUDGET_NAME = /^[^:\\]{1,100}$/;
export const RESOURCE_ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:([a-z0-9-]*):(?:\d{12})?:.+$/;
const VPC = /^vpc-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;
const AMOUNT = /^\d{1,12}(?:\.\d{1,10})?$/;

const Tags = z.record(z.string().min(1).max(128), z.string().max(256)).default({});

export const LoadBalancerSpec = z.strictObject({
  type: z.enum(['application', 'network', 'gateway']).default('application'),
  scheme: z.enum(['internet-facing', 'internal']).default('internet-facing'),
  vpc_id: z.string().regex(VPC, 'a VPC id such as vpc-0a1b2c3d'),
  state: z.enum(['provisioning', 'active', 'active_impaired', 'failed']).default('active'),
  created_time: z.iso.datetime().optional(),
  tags: Tags,
});
export type LoadBalancerSpec = z.infer<typeof LoadBalancerSpec>;
export const LoadBalancerState = LoadBalancerSpec.required({ created_time: true });
export type LoadBalancerState = z.infer<typeof LoadBalancerState>;

const Amount = z.union([z.number().nonnegative(), z.string().regex(AMOUNT, 'a decimal amount such as 30 or 12.5')]).transform(String);

export const BudgetNotification = z.strictObject({
  type: z.enum(['ACTUAL', 'FORECASTED']).default('ACTUAL'),
  comparison: z.enum(['GREATER_THAN', 'LESS_THAN', 'EQUAL_TO']).default('GREATER_THAN'),
  threshold: z.number().nonnegative(),
  threshold_type: z.enum(['ABSOLUTE_VALUE', 'PERCENTAGE']).default('ABSOLUTE_VALUE'),
  state: z.enum(['OK', 'ALARM']).default('OK'),
});

export const BudgetState = z.strictObject({
  limit: z.strictObject({ amount: Amount, unit: z.string().regex(/^[A-Z]{3}$/, 'a currency code such as GBP') }),
  time_unit: z.enum(['DAILY', 'MONTHLY', 'QUARTERLY', 'ANNUALLY']).default('MONTHLY'),
  budget_type: z.enum(['COST', 'USAGE']).default('COST'),
  actual_spend: Amount.optional().describe('spend so far this period, in the limit currency'),
  forecast_spend: Amount.optional().describe('forecast for the period (absent: AWS has no forecast yet)'),
  notifications: z.array(BudgetNotification).default([]),
});
export type BudgetState = z.infer<typeof BudgetState>;

export const TaggedResource = z.strictObject({ tags: Tags });

/** The keys these services add to the scenario and to the state document. */
export const GUARDRAIL_SCENARIO = {
  load_balancers: z.record(z.string().regex(LOAD_BALANCER_NAME, 'a load balancer name (1-32 letters, digits, hyphens)'), LoadBalancerSpec).default({}),
  budgets: z.record(z.string().regex(BUDGET_NAME, 'a budget name'), BudgetState).default({}),
  tagged_resources: z.record(z.string().regex(RESOURCE_ARN, 'a resource ARN'), TaggedResource).default({}),
};
export const GUARDRAIL_STATE = {
  ...GUARDRAIL_SCENARIO,
  load_balancers: z.record(z.string().regex(LOAD_BALANCER_NAME), LoadBalancerState).default({}),
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
