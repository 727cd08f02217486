import { AwsServiceError, missingParameter } from '../wire/aws-error.js';
import { findRole } from './iam-roles.js';
import { SimulationInputError, simulate, type IdentityPolicy, type SimulationOutcome } from './iam-simulate.js';
import { decodePageToken, encodePageToken, requestFingerprint } from '../wire/page-token.js';
import { readMaxItems } from './iam-paging.js';
import type { StatementSpan } from './policy-positions.js';
import { memberIndices, memberList } from '../wire/query-protocol.js';
import type { QueryHandler } from '../wire/query-handler.js';
import { roleArn } from '../state/state-arns.js';
import type { SandboxState } from '../state/state.js';
import type { XmlObject } from '../wire/xml.js';

// iam:SimulatePrincipalPolicy over the role's inline and attached identity policies (plus any
// PolicyInputList), one EvaluationResult per action × resource, paginated by MaxItems/Marker.

const PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):(role|user|group)(\/(?:[\x21-\x7E]+\/)?)?([\w+=,.@-]+)$/;
const LIST_TYPES = new Set(['stringList', 'numericList', 'booleanList', 'ipList', 'binaryList', 'dateList']);

interface LocatedPolicy extends IdentityPolicy {
  /** The policy's text as IAM holds it (positions are character offsets into it), or the document to print. */
  text?: string;
}

// Statement positions need a YAML parser (policy-positions.ts), loaded only when a result names a
// matched statement: a run whose simulations match nothing, or that never simulates, never loads it.
async function spansOf(policies: LocatedPolicy[]): Promise<Map<string, StatementSpan[]>> {
  const { policyText, statementSpans } = await import('./policy-positions.js');
  const spans = new Map<string, StatementSpan[]>();
  for (const p of policies) if (!spans.has(p.id)) spans.set(p.id, statementSpans(p.text ?? policyText(p.document))); // the first with an id, as IAM matches
  return spans;
}

export const simulatePrincipalPolicy: QueryHandler = async (state, params) => {
  const sourceArn = params.get('PolicySourceArn');
  if (!sourceArn) throw missingParameter('policySourceArn');
  const actions = memberList(params, 'ActionNames');
  if (actions.length === 0) throw missingParameter('actionNames');
  const explicitResources = memberList(params, 'ResourceArns');
  const resources = explicitResources.length > 0 ? explicitResources : ['*'];
  const maxItems = readMaxItems(params.get('MaxItems'));
  const policies = [...principalPolicies(state, sourceArn), ...inputPolicies(params)];
  const context = contextEntries(params);

  const fingerprint = requestFingerprint([sourceArn, actions, resources]);
  const marker = params.get('Marker');
  const start = marker === null ? 0 : decodePageToken(marker, fingerprint);
  if (typeof start !== 'number') throw new AwsServiceError('InvalidInput', 'Invalid Marker.', 400);

  const pairs = actions.flatMap((action) => resources.map((resource) => ({ action, resource })));
  const page = pairs.slice(start, start + maxItems);
  const outcomes: Array<{ action: string; resource: string; outcome: SimulationOutcome }> = [];
  for (const { action, resource } of page) outcomes.push({ action, resource, outcome: await evaluate(state, sourceArn, policies, action, resource, context) });
  const spans = outcomes.some((o) => o.outcome.matched.length) ? await spansOf(policies) : new Map<string, StatementSpan[]>();
  const results = outcomes.map(({ action, resource, outcome }) => evaluationResult(action, resource, outcome, spans, explicitResources.length > 0));
  const next = start + page.length;
  const truncated = next < pairs.length;
  return {
    EvaluationResults: results,
    IsTruncated: truncated,
    Marker: truncated ? encodePageToken(next, fingerprint) : undefined,
  };
};

/** Inline policies report as role_<role>_<policy>, attached ones by policy name (as IAM does). */
function principalPolicies(state: SandboxState, sourceArn: string): LocatedPolicy[] {
  const m = PRINCIPAL_ARN.exec(sourceArn);
  if (!m) throw new AwsServiceError('InvalidInput', `Invalid ARN ${sourceArn}.`, 400);
  const [, account, kind, path = '/', name = ''] = m;
  if (kind !== 'role') throw new AwsServiceError('NoSuchEntity', `The ${kind} with name ${name} cannot be found.`, 404);
  const found = account === state.account_id ? findRole(state, name) : undefined;
  if (!found || roleArn(state, found[0], found[1]) !== `arn:aws:iam::${account}:role${path}${found[0]}`) {
    throw new AwsServiceError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404);
  }
  const [roleName, role] = found;
  const inline = Object.entries(role.inline_policies).map(([policyName, document]) => located(`role_${roleName}_${policyName}`, document));
  const attached = role.attached_policies.map((p) => located(p.name, p.document));
  return [...inline, ...attached];
}

function inputPolicies(params: URLSearchParams): LocatedPolicy[] {
  return memberList(params, 'PolicyInputList').map((text, i) => {
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      throw new AwsServiceError('MalformedPolicyDocument', `PolicyInputList.${i + 1} is not valid JSON.`, 400);
    }
    return { id: `PolicyInputList.${i + 1}`, document, text };
  });
}

function located(id: string, document: unknown): LocatedPolicy {
  return { id, document };
}

function contextEntries(params: URLSearchParams): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = {};
  for (const n of memberIndices(params, 'ContextEntries')) {
    const prefix = `ContextEntries.member.${n}`;
    const key = params.get(`${prefix}.ContextKeyName`);
    if (!key) continue;
    const values = memberList(params, `${prefix}.ContextKeyValues`);
    context[key] = LIST_TYPES.has(params.get(`${prefix}.ContextKeyType`) ?? '') ? values : (values[0] ?? '');
  }
  return context;
}

async function evaluate(
  state: SandboxState,
  principalArn: string,
  policies: LocatedPolicy[],
  action: string,
  resource: string,
  context: Record<string, string | string[]>,
): Promise<SimulationOutcome> {
  const resourceAccount = resource.split(':')[4];
  try {
    return await simulate({
      principalArn,
      accountId: resourceAccount && /^\d{12}$/.test(resourceAccount) ? resourceAccount : state.account_id,
      policies,
      action,
      resource,
      context,
    });
  } catch (e) {
    if (e instanceof SimulationInputError) throw new AwsServiceError('InvalidInput', `Cannot simulate ${action} on ${resource}: ${e.message}`, 400);
    throw e;
  }
}

/**
 * One <member> of EvaluationResults in the shape IAM returns. With explicit ResourceArns IAM also
 * repeats the decision in ResourceSpecificResults, carries the missing context keys there, and
 * sends an empty EvalDecisionDetails (same-account simulation).
 */
function evaluationResult(
  action: string,
  resource: string,
  outcome: SimulationOutcome,
  spans: Map<string, StatementSpan[]>,
  perResource: boolean,
): XmlObject {
  const matched = outcome.matched.map((ref) => {
    const span = spans.get(ref.policyId)?.[ref.statementIndex];
    return {
      SourcePolicyId: ref.policyId,
      // What IAM really sends for identity policies, although its model lists role/user/aws-managed/….
      SourcePolicyType: 'IAM Policy',
      StartPosition: span?.start,
      EndPosition: span?.end,
    } as XmlObject;
  });
  const result: XmlObject = {
    EvalActionName: action,
    EvalResourceName: resource,
    EvalDecision: outcome.decision,
    MatchedStatements: matched,
    MissingContextValues: perResource ? [] : outcome.missingContextValues,
  };
  if (perResource) {
    result.EvalDecisionDetails = {};
    result.ResourceSpecificResults = [
      {
        EvalResourceName: resource,
        EvalResourceDecision: outcome.decision,
        MatchedStatements: matched,
        MissingContextValues: outcome.missingContextValues,
      },
    ];
  }
  return result;
}
