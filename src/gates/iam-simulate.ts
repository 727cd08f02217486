import * as z from '../core/zod-mini.js';
import type { GateContext } from '../core/context.js';
import { pendingIn } from '../core/interpolate.js';
import type { ResultItem } from '../core/types.js';
import { describeAwsError } from './aws-errors.js';
import { defineGate } from './gate.js';
import { requestSimulations, simulated, type Decision, type SimulationRequest } from './simulation-batch.js';
import { ancestorPathArns } from './ssm-ancestor-paths.js';

const Expect = z.enum(['allowed', 'implicitDeny', 'explicitDeny', 'denied']);
/** SimulatePrincipalPolicy's EvalDecision values (PolicyEvaluationDecisionType). */
const DECISIONS: ReadonlySet<string> = new Set(['allowed', 'explicitDeny', 'implicitDeny']);
const Case = z.strictObject({
  label: z.optional(z.string()),
  principal: z.string().check(z.minLength(1), z.describe('role/user ARN, usually ${ROLE_…}')),
  expect: Expect.check(z.describe('decision every action × resource pair must have; denied = implicit or explicit')),
  resources: z
    .optional(z.array(z.string().check(z.minLength(1))).check(z.minLength(1)))
    .check(z.describe('overrides the check-level resources')),
  actions: z
    .optional(z.array(z.string().check(z.regex(/^[a-z0-9-]+:[A-Za-z0-9*]+$/, 'actions look like service:Action'))).check(z.minLength(1)))
    .check(z.describe('overrides the check-level actions')),
  ancestor_paths: z
    .optional(z.boolean())
    .check(
      z.describe(
        'resources become every parent path of the SSM parameter ARNs (for ssm:GetParametersByPath: a parent path reads everything below it)',
      ),
    ),
});
const Params = z.strictObject({
  actions: z.array(z.string().check(z.regex(/^[a-z0-9-]+:[A-Za-z0-9*]+$/, 'actions look like service:Action'))).check(z.minLength(1)),
  resources: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
  cases: z.array(Case).check(z.minLength(1)),
});
type Case = z.infer<typeof Case>;

export const iamSimulate = defineGate({
  kind: 'iam.simulate',
  summary: 'principal × action × resource matrix against expected allow/deny (SimulatePrincipalPolicy)',
  aws: true,
  params: Params,
  acceptsPending: true, // a pending principal makes its own case `error`, not the whole matrix
  prefetch: (ctx, params) => requestSimulations(ctx, requests(params)),
  async run(ctx, params) {
    requestSimulations(ctx, requests(params)); // one request series per principal, all cases merged
    const results = await Promise.all(
      params.cases.map((c): Promise<ResultItem> | ResultItem => {
        const q = caseQuery(c, params);
        if ('error' in q) return { resource: c.principal, status: 'error', reason: `${c.label ? `${c.label}: ` : ''}${q.error}` };
        return runCase(ctx, q.actions, q.resources, c);
      }),
    );
    return { results };
  },
});

/** What the cases ask AWS: every case whose principal and resources are pinned. */
function requests(params: z.infer<typeof Params>): SimulationRequest[] {
  return params.cases
    .flatMap((c) => {
      const q = caseQuery(c, params);
      return 'error' in q ? [] : [{ principal: c.principal, ...q }];
    })
    .filter((r) => ![r.principal, ...r.resources].some((x) => pendingIn(x).length));
}

/** A case's actions and resources: its own or the check's; `ancestor_paths` asks for each parent path. */
function caseQuery(c: Case, params: z.infer<typeof Params>): { actions: string[]; resources: string[] } | { error: string } {
  const resources = c.resources ?? params.resources;
  const actions = c.actions ?? params.actions;
  if (!c.ancestor_paths || resources.some((r) => pendingIn(r).length)) return { actions, resources };
  try {
    return { actions, resources: ancestorPathArns(resources) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

async function runCase(ctx: GateContext, actions: string[], resources: string[], c: Case): Promise<ResultItem> {
  const name = c.label ? `${c.label}: ` : '';
  const pending = [c.principal, ...resources].flatMap(pendingIn);
  if (pending.length) {
    return {
      resource: `${pending[0]} (PENDING PIN)`,
      status: 'error',
      reason: `${name}unverifiable: ${pending.join(', ')} is PENDING PIN`,
    };
  }
  let decisions: Decision[];
  try {
    decisions = await simulated(ctx, c.principal, actions, resources);
  } catch (err) {
    return { resource: c.principal, status: 'error', reason: name + describeAwsError(err) };
  }
  const missing = decisions.filter((d) => d.missingContext.length);
  if (missing.length) {
    const keys = [...new Set(missing.flatMap((d) => d.missingContext))].join(', ');
    return { resource: c.principal, status: 'error', reason: `${name}simulation needs context values it was not given: ${keys}` };
  }
  // Only AWS's three decisions count: anything else (a missing or unknown EvalDecision) proves
  // nothing, and must not pass a `denied` case as "not allowed".
  const unknown = decisions.find((d) => !DECISIONS.has(d.decision));
  if (unknown) {
    return {
      resource: c.principal,
      status: 'error',
      reason: `${name}simulation gave no decision AWS defines for ${unknown.action} on ${unknown.resource} (${JSON.stringify(unknown.decision)})`,
    };
  }
  const total = actions.length * resources.length;
  const allowed = decisions.filter((d) => d.decision === 'allowed').length;
  const matches = (d: Decision) => (c.expect === 'denied' ? d.decision !== 'allowed' : d.decision === c.expect);
  const wrong = decisions.filter((d) => !matches(d));
  const ok = wrong.length === 0 && decisions.length === total;
  const details = {
    label: c.label,
    expect: c.expect,
    allowed_count: allowed,
    total,
    mismatches: wrong.map(({ missingContext: _m, ...d }) => d),
    // Every simulated pair, so either face can draw the whole matrix (engine/iam-grid.ts).
    cells: decisions.map(({ action, resource, decision }) => ({ action, resource, decision })),
  };
  const summary = `${name}${allowed}/${total} allowed, expected ${c.expect}`;
  if (decisions.length !== total) {
    return {
      resource: c.principal,
      status: 'error',
      reason: `${summary}; simulation returned ${decisions.length} of ${total} results`,
      details,
    };
  }
  return ok
    ? { resource: c.principal, status: 'pass', reason: summary, details }
    : {
        resource: c.principal,
        status: 'fail',
        reason: `${summary}; ${wrong.length} pair(s) differ, e.g. ${wrong[0]!.action} on ${wrong[0]!.resource} is ${wrong[0]!.decision}`,
        details,
      };
}
