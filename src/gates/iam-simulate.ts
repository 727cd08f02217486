import { z } from 'zod';
import type { GateContext } from '../core/context.js';
import { pendingIn } from '../core/interpolate.js';
import type { ResultItem } from '../core/types.js';
import { describeAwsError } from './aws-errors.js';
import { AWS_CONCURRENCY, defineGate } from './gate.js';
import { mapLimit } from '../core/pool.js';

const Expect = z.enum(['allowed', 'implicitDeny', 'explicitDeny', 'denied']);
const Case = z
  .object({
    label: z.string().optional(),
    principal: z.string().min(1).describe('role/user ARN, usually ${ROLE_…}'),
    expect: Expect.describe('decision every action × resource pair must have; denied = implicit or explicit'),
    resources: z.array(z.string().min(1)).min(1).optional().describe('overrides the check-level resources'),
  })
  .strict();
const Params = z
  .object({
    actions: z.array(z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9*]+$/, 'actions look like service:Action')).min(1),
    resources: z.array(z.string().min(1)).min(1),
    cases: z.array(Case).min(1),
  })
  .strict();
type Case = z.infer<typeof Case>;

interface Decision {
  action: string;
  resource: string;
  decision: string;
  missingContext: string[];
}

export const iamSimulate = defineGate({
  kind: 'iam.simulate',
  summary: 'principal × action × resource matrix against expected allow/deny (SimulatePrincipalPolicy)',
  params: Params,
  acceptsPending: true, // a pending principal makes its own case `error`, not the whole matrix
  async run(ctx, params) {
    const results = await mapLimit(params.cases, AWS_CONCURRENCY, (c) => runCase(ctx, params.actions, c.resources ?? params.resources, c));
    return { results };
  },
});

async function runCase(ctx: GateContext, actions: string[], resources: string[], c: Case): Promise<ResultItem> {
  const name = c.label ? `${c.label}: ` : '';
  const pending = [c.principal, ...resources].flatMap(pendingIn);
  if (pending.length) {
    return { resource: `${pending[0]} (PENDING PIN)`, status: 'error', reason: `${name}unverifiable: ${pending.join(', ')} is PENDING PIN` };
  }
  let decisions: Decision[];
  try {
    decisions = await simulate(ctx, c.principal, actions, resources);
  } catch (err) {
    return { resource: c.principal, status: 'error', reason: name + describeAwsError(err) };
  }
  const missing = decisions.filter((d) => d.missingContext.length);
  if (missing.length) {
    const keys = [...new Set(missing.flatMap((d) => d.missingContext))].join(', ');
    return { resource: c.principal, status: 'error', reason: `${name}simulation needs context values it was not given: ${keys}` };
  }
  const total = actions.length * resources.length;
  const allowed = decisions.filter((d) => d.decision === 'allowed').length;
  const matches = (d: Decision) => (c.expect === 'denied' ? d.decision !== 'allowed' : d.decision === c.expect);
  const wrong = decisions.filter((d) => !matches(d));
  const ok = wrong.length === 0 && decisions.length === total;
  const details = { label: c.label, expect: c.expect, allowed_count: allowed, total, mismatches: wrong.map(({ missingContext: _m, ...d }) => d) };
  const summary = `${name}${allowed}/${total} allowed, expected ${c.expect}`;
  if (decisions.length !== total) {
    return { resource: c.principal, status: 'error', reason: `${summary}; simulation returned ${decisions.length} of ${total} results`, details };
  }
  return ok
    ? { resource: c.principal, status: 'pass', reason: summary, details }
    : { resource: c.principal, status: 'fail', reason: `${summary}; ${wrong.length} pair(s) differ, e.g. ${wrong[0]!.action} on ${wrong[0]!.resource} is ${wrong[0]!.decision}`, details };
}

/** One principal, all actions × resources in one request series, following IsTruncated/Marker. */
async function simulate(ctx: GateContext, principal: string, actions: string[], resources: string[]): Promise<Decision[]> {
  const { SimulatePrincipalPolicyCommand } = await import('@aws-sdk/client-iam');
  const iam = await ctx.clients.iam();
  const out: Decision[] = [];
  let marker: string | undefined;
  do {
    const page = await iam.send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: principal, ActionNames: actions, ResourceArns: resources, Marker: marker, MaxItems: 100 }),
      { abortSignal: ctx.signal },
    );
    for (const r of page.EvaluationResults ?? []) {
      out.push({
        action: r.EvalActionName ?? '?',
        resource: r.EvalResourceName ?? '?',
        decision: r.EvalDecision ?? '?',
        // With ResourceArns, AWS reports missing keys per resource too; either place fails closed.
        missingContext: [...(r.MissingContextValues ?? []), ...(r.ResourceSpecificResults ?? []).flatMap((x) => x.MissingContextValues ?? [])],
      });
    }
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return out;
}
