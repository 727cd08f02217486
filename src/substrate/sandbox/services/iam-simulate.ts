import type { RunSimulationResults, SimulationResourceResult } from '@cloud-copilot/iam-simulate';
import { installCollatorCache } from './collator-cache.js';

// The policy evaluator is @cloud-copilot/iam-simulate, an independent implementation of AWS's
// evaluation logic (gatewalk never evaluates IAM policies itself). It is AGPL-3.0: it is loaded
// lazily, on the first simulation, so that importing the sandbox (or gatewalk) never loads it and
// the build keeps it external. Its only import above is a type import, which vanishes at compile time.

type IamSimulate = typeof import('@cloud-copilot/iam-simulate');
let loading: Promise<IamSimulate> | undefined;

function iamSimulate(): Promise<IamSimulate> {
  installCollatorCache(); // the evaluator's resource-type matching (collator-cache.ts)
  loading ??= import('@cloud-copilot/iam-simulate').catch((e: unknown) => {
    loading = undefined;
    throw new Error(`the sandbox needs @cloud-copilot/iam-simulate for SimulatePrincipalPolicy: ${(e as Error).message}`);
  });
  return loading;
}

/**
 * Loads the evaluator ahead of the first simulation, where that costs nobody's wait: the emulator's
 * own thread does it right after it starts serving, `sandbox serve` right after it prints its
 * endpoint. ICU's collation data, which the evaluator's resource-type matching needs on its first
 * comparison (~12 ms), loads then too, and so does the parser that locates matched statements
 * (policy-positions.ts). A failure is reported by the simulation that needs it.
 */
export function preloadEvaluator(): void {
  iamSimulate().then(
    () => 'a'.localeCompare('b', undefined, { sensitivity: 'accent' }),
    () => undefined,
  );
  import('./policy-positions.js').catch(() => undefined);
}

export type EvalDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';

export interface IdentityPolicy {
  /** SourcePolicyId as AWS reports it. */
  id: string;
  document: unknown;
}

export interface SimulationInput {
  principalArn: string;
  accountId: string;
  policies: IdentityPolicy[];
  action: string;
  resource: string;
  context: Record<string, string | string[]>;
}

export interface StatementRef {
  policyId: string;
  /** 0-based index into the policy's Statement list. */
  statementIndex: number;
}

export interface SimulationOutcome {
  decision: EvalDecision;
  matched: StatementRef[];
  missingContextValues: string[];
}

/** Evaluation could not run (invalid action, resource or policy grammar): the request is invalid. */
export class SimulationInputError extends Error {}

const DECISIONS: Record<string, EvalDecision> = {
  Allowed: 'allowed',
  ExplicitlyDenied: 'explicitDeny',
  ImplicitlyDenied: 'implicitDeny',
};

export async function simulate(input: SimulationInput): Promise<SimulationOutcome> {
  const { runSimulation } = await iamSimulate();
  const response: RunSimulationResults = await runSimulation(
    {
      request: {
        principal: input.principalArn,
        action: input.action,
        resource: { resource: input.resource, accountId: input.accountId },
        contextVariables: input.context,
      },
      identityPolicies: input.policies.map((p) => ({ name: p.id, policy: p.document })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    { simulationMode: 'Strict' },
  );
  if (response.resultType === 'error') {
    throw new SimulationInputError(describeErrors(response.errors));
  }
  // An answer the evaluator has not defined is a failure of the emulator (a 500), never a deny that
  // a `denied` expectation would count as proof.
  const decision = DECISIONS[response.overallResult];
  if (!decision) throw new Error(`the policy evaluator gave no known decision (${JSON.stringify(response.overallResult)})`);
  const results = response.resultType === 'single' ? [response.result] : response.results;
  return {
    decision,
    matched: results.flatMap((r) => matchedStatements(r, decision)),
    missingContextValues: [...new Set(results.flatMap((r) => missingContext(r, input.context)))].sort(),
  };
}

/** AWS lists the deciding statements: the denies for a deny, the allows for an allow, none otherwise. */
function matchedStatements(result: SimulationResourceResult, decision: EvalDecision): StatementRef[] {
  const identity = result.analysis.identityAnalysis;
  if (!identity || decision === 'implicitDeny') return [];
  const statements = decision === 'explicitDeny' ? identity.denyStatements : identity.allowStatements;
  return statements.map((s) => ({ policyId: s.policyId, statementIndex: s.statement.index() - 1 }));
}

/** Condition keys of statements that would apply to this action and resource but were not supplied. */
function missingContext(result: SimulationResourceResult, context: Record<string, unknown>): string[] {
  const identity = result.analysis.identityAnalysis;
  if (!identity) return [];
  const supplied = new Set(Object.keys(context).map((k) => k.toLowerCase()));
  return [...identity.allowStatements, ...identity.denyStatements, ...identity.unmatchedStatements]
    .filter((s) => s.actionMatch && s.resourceMatch)
    .flatMap((s) => s.statement.conditions().map((c) => c.conditionKey()))
    .filter((key) => !supplied.has(key.toLowerCase()));
}

function describeErrors(errors: { message: string; identityPolicyErrors?: Record<string, Array<{ message: string }>> }): string {
  const policyProblems = Object.entries(errors.identityPolicyErrors ?? {}).flatMap(([policy, list]) =>
    list.map((e) => `${policy}: ${e.message}`),
  );
  return [errors.message, ...policyProblems].join('; ');
}
