import * as z from '../../../core/zod-mini.js';
import { RESOURCE_ARN } from './guardrail-arns.js';

// The cost guardrails' part of the sandbox account: ELBv2 load balancers, AWS Budgets (limit,
// spend, alert ladder) and the tags the Resource Groups Tagging API reports. Scenario and change
// files use the same shapes; only creation times may be left out (the sandbox fills them in).

export const LOAD_BALANCER_NAME = /^(?!internal-)[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/;
export const BUDGET_NAME = /^[^:\\]{1,100}$/;
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

// The ARN helpers live in guardrail-arns.ts (no schema code): the emulator's services use them.
export { loadBalancerArn, RESOURCE_ARN, taggedResources } from './guardrail-arns.js';
