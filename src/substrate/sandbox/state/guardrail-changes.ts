import * as z from '../../../core/zod-mini.js';
import { BUDGET_NAME, BudgetState, LOAD_BALANCER_NAME, LoadBalancerSpec, materializeLoadBalancer, RESOURCE_ARN } from './guardrail-state.js';
import type { SandboxState } from './state.js';

// Change steps for the cost guardrails: load balancers, budgets (and their spend), tagged
// resources, and `destroy_tagged`, the scoped teardown (`terraform destroy` of the demo stack).

const LbName = z.string().check(z.regex(LOAD_BALANCER_NAME, 'a load balancer name'));
const BudgetName = z.string().check(z.regex(BUDGET_NAME, 'a budget name'));
const Arn = z.string().check(z.regex(RESOURCE_ARN, 'a resource ARN'));
const Amount = BudgetState.shape.actual_spend;

export const GUARDRAIL_STEPS = [
  z.extend(LoadBalancerSpec, { op: z.literal('put_load_balancer'), name: LbName }),
  z.strictObject({ op: z.literal('delete_load_balancer'), name: LbName }),
  z.extend(BudgetState, { op: z.literal('put_budget'), name: BudgetName }),
  z.strictObject({ op: z.literal('set_budget_spend'), name: BudgetName, actual_spend: Amount, forecast_spend: Amount }),
  z.strictObject({ op: z.literal('delete_budget'), name: BudgetName }),
  z.strictObject({ op: z.literal('put_tagged_resource'), arn: Arn, tags: z.record(z.string().check(z.minLength(1)), z.string()) }),
  z.strictObject({ op: z.literal('delete_tagged_resource'), arn: Arn }),
  z.strictObject({ op: z.literal('destroy_tagged'), key: z.string().check(z.minLength(1)), value: z.string() }).check(z.describe('delete every load balancer and tagged resource carrying key=value')),
] as const;
export type GuardrailStep = z.infer<(typeof GUARDRAIL_STEPS)[number]>;

/** Applies one guardrail step to `state` in place; returns the log line, or throws with the reason. */
export function applyGuardrailStep(step: GuardrailStep, state: SandboxState, now: Date): string {
  switch (step.op) {
    case 'put_load_balancer': {
      const { op: _op, name, ...spec } = step;
      const existing = state.load_balancers[name];
      state.load_balancers[name] = materializeLoadBalancer(spec, now, existing);
      return `${existing ? 'updated' : 'created'} ${spec.type} load balancer ${name} in ${spec.vpc_id} (${spec.state})`;
    }
    case 'delete_load_balancer':
      return drop(state.load_balancers, step.name, `load balancer ${step.name}`);
    case 'put_budget': {
      const { op: _op, name, ...budget } = step;
      const existed = Object.hasOwn(state.budgets, name);
      state.budgets[name] = budget;
      return `${existed ? 'updated' : 'created'} budget ${name} (${budget.limit.amount} ${budget.limit.unit} ${budget.time_unit})`;
    }
    case 'set_budget_spend': {
      const budget = Object.hasOwn(state.budgets, step.name) ? state.budgets[step.name] : undefined;
      if (!budget) throw new Error(`budget ${step.name} does not exist (create it first with put_budget)`);
      if (step.actual_spend !== undefined) budget.actual_spend = step.actual_spend;
      if (step.forecast_spend !== undefined) budget.forecast_spend = step.forecast_spend;
      return `budget ${step.name}: actual ${budget.actual_spend ?? '(none)'}, forecast ${budget.forecast_spend ?? '(none)'} ${budget.limit.unit}`;
    }
    case 'delete_budget':
      return drop(state.budgets, step.name, `budget ${step.name}`);
    case 'put_tagged_resource': {
      const existed = Object.hasOwn(state.tagged_resources, step.arn);
      state.tagged_resources[step.arn] = { tags: step.tags };
      return `${existed ? 'retagged' : 'created'} ${step.arn}`;
    }
    case 'delete_tagged_resource':
      return drop(state.tagged_resources, step.arn, step.arn);
    case 'destroy_tagged': {
      const carries = (tags: Record<string, string>) => tags[step.key] === step.value;
      const lbs = Object.keys(state.load_balancers).filter((n) => carries(state.load_balancers[n]!.tags));
      const others = Object.keys(state.tagged_resources).filter((a) => carries(state.tagged_resources[a]!.tags));
      lbs.forEach((n) => delete state.load_balancers[n]);
      others.forEach((a) => delete state.tagged_resources[a]);
      const gone = [...lbs.map((n) => `load balancer ${n}`), ...others];
      return gone.length ? `destroyed ${gone.length} resource(s) tagged ${step.key}=${step.value}: ${gone.join(', ')}` : `nothing tagged ${step.key}=${step.value} left to destroy`;
    }
  }
}

function drop(record: Record<string, unknown>, key: string, what: string): string {
  const had = Object.hasOwn(record, key);
  delete record[key];
  return had ? `deleted ${what}` : `${what} already absent`;
}
