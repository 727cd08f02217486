import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { AwsServiceError } from './aws-error.js';
import { hasAuthorization, readCredentialScope, SANDBOX_ACCESS_KEY_ID, type CredentialScope } from './credentials.js';
import { EC2_ACTIONS, EC2_VERSION, ec2ErrorReply, ec2Reply } from '../services/ec2.js';
import { ELBV2_ACTIONS, ELBV2_VERSION } from '../services/elbv2.js';
import { faultError, type FaultBook } from './faults.js';
import { IAM_ACTIONS } from '../services/iam.js';
import { jsonErrorReply, jsonReply } from './json-protocol.js';
import { jsonTarget, type JsonHandler } from './json-services.js';
import { queryErrorReply, queryReply, readQueryParams, type QueryService } from './query-protocol.js';
import type { QueryHandler } from './query-handler.js';
import type { Reply, SandboxService } from './reply.js';
import type { KmsHandler } from '../services/kms.js';
import type { SandboxState } from '../state/state.js';
import type { StateReader } from '../state/state-reader.js';
import { STS_ACTIONS } from '../services/sts.js';

// One request in, one reply out: identify service and action, authenticate, apply faults, run
// the handler against the current state, and render any error in the caller's protocol.

export interface SandboxRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Call {
  service: SandboxService;
  action: string;
  protocol: 'query' | 'json' | 'ec2';
  scope: CredentialScope | undefined;
  authorized: boolean;
  params: URLSearchParams;
  body: string;
  /** JSON 1.1 services: the actions of the service the X-Amz-Target names. */
  jsonActions?: Record<string, JsonHandler>;
}

const QUERY_ACTIONS: Record<QueryService, Record<string, QueryHandler>> = { sts: STS_ACTIONS, iam: IAM_ACTIONS, elbv2: ELBV2_ACTIONS };
const QUERY_VERSIONS: Record<QueryService, string> = { sts: '2011-06-15', iam: '2010-05-08', elbv2: ELBV2_VERSION };

export interface Dependencies {
  state: StateReader;
  /** KMS handlers over the workspace's signing key. */
  kms: Record<string, KmsHandler>;
  faults: FaultBook;
  /** Counts a call; the returned function marks it answered. */
  count(service: SandboxService, action: string): () => void;
  sleep(ms: number): Promise<void>;
}

export async function dispatch(req: SandboxRequest, deps: Dependencies): Promise<Reply> {
  const requestId = randomUUID();
  const call = identify(req);
  const answered = deps.count(call.service, call.action);
  try {
    return await answer(call, deps, requestId);
  } finally {
    answered();
  }
}

async function answer(call: Call, deps: Dependencies, requestId: string): Promise<Reply> {
  const fail = (error: AwsServiceError): Reply =>
    call.protocol === 'json'
      ? jsonErrorReply(error, requestId)
      : call.protocol === 'ec2'
        ? ec2ErrorReply(error, requestId)
        : queryErrorReply(call.service as QueryService, error, requestId);
  try {
    authenticate(call);
    const state = await currentState(deps.state);
    const fault = deps.faults.take(call.service, call.action);
    if (fault.latencyMs > 0) await deps.sleep(fault.latencyMs);
    if (fault.error) {
      const action = `${call.service}:${call.action}`;
      throw faultError(fault.error, call.protocol, { principal: state.caller.arn, action, resource: deniedResource(call, state) });
    }
    if (call.protocol === 'json') return await runJson(call, state, requestId, call.service === 'kms' ? deps.kms : (call.jsonActions ?? {}));
    return call.protocol === 'ec2' ? await runEc2(call, state, requestId) : await runQuery(call, state, requestId);
  } catch (e) {
    if (e instanceof AwsServiceError) return fail(e);
    return fail(new AwsServiceError('InternalFailure', `gatewalk sandbox internal error: ${(e as Error).message}`, 500));
  }
}

function identify(req: SandboxRequest): Call {
  const url = new URL(req.url, 'http://sandbox.invalid');
  const authorization = header(req.headers, 'authorization');
  const scope = readCredentialScope(authorization, url.searchParams);
  const authorized = hasAuthorization(authorization, url.searchParams);
  const target = header(req.headers, 'x-amz-target');
  if (target !== undefined) {
    const kms = /^TrentService\.([A-Za-z0-9]+)$/.exec(target)?.[1];
    if (kms !== undefined) return { service: 'kms', action: kms, protocol: 'json', scope, authorized, params: url.searchParams, body: req.body };
    const { json, action } = jsonTarget(target);
    return { service: json.service, action, protocol: 'json', scope, authorized, params: url.searchParams, body: req.body, jsonActions: json.actions };
  }
  const params = readQueryParams(url, req.body);
  const action = params.get('Action') ?? '';
  // EC2 shares the form-encoded request shape but has its own XML dialect; only the signer's
  // credential scope tells it apart.
  if (scope?.service === 'ec2') return { service: 'ec2', action, protocol: 'ec2', scope, authorized, params, body: req.body };
  if (scope?.service === 'elasticloadbalancing') return { service: 'elbv2', action, protocol: 'query', scope, authorized, params, body: req.body };
  // One endpoint serves STS and IAM: the signer's credential scope names the service.
  const scoped = scope?.service === 'sts' || scope?.service === 'iam' ? scope.service : undefined;
  const service: QueryService = scoped ?? (action in STS_ACTIONS ? 'sts' : 'iam');
  return { service, action, protocol: 'query', scope, authorized, params, body: req.body };
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function authenticate(call: Call): void {
  const json = call.protocol === 'json';
  if (!call.scope) {
    if (json) throw new AwsServiceError('MissingAuthenticationTokenException', 'Missing Authentication Token', 400);
    if (call.authorized) throw new AwsServiceError('IncompleteSignature', 'Authorization header requires a valid AWS4-HMAC-SHA256 Credential.', 400);
    throw new AwsServiceError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
  }
  if (call.scope.accessKeyId !== SANDBOX_ACCESS_KEY_ID) {
    if (call.protocol === 'ec2') throw new AwsServiceError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401);
    if (json) throw new AwsServiceError('UnrecognizedClientException', 'The security token included in the request is invalid.', 400);
    throw new AwsServiceError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
  }
}

async function currentState(reader: StateReader): Promise<SandboxState> {
  try {
    return await reader.current();
  } catch (e) {
    // Fail closed: a sandbox that cannot read its account answers like an unavailable service.
    throw new AwsServiceError('ServiceUnavailable', `gatewalk sandbox state unavailable: ${(e as Error).message}`, 503);
  }
}

function deniedResource(call: Call, state: SandboxState): string {
  if (call.service === 'ssm') return `arn:aws:ssm:${state.region}:${state.account_id}:*`;
  if (call.service === 'kms') return `arn:aws:kms:${state.region}:${state.account_id}:key/*`;
  if (call.service === 'ec2' || call.service === 'elbv2' || call.service === 'tagging') return '*'; // Describe*/GetResources are not resource-scoped
  if (call.service === 'budgets') return `arn:aws:budgets::${state.account_id}:budget/*`;
  if (call.service === 'ecr') return `arn:aws:ecr:${state.region}:${state.account_id}:repository/*`;
  if (call.service === 'ecs') return `arn:aws:ecs:${state.region}:${state.account_id}:*`;
  if (call.action === 'GetRole') return `arn:aws:iam::${state.account_id}:role/${call.params.get('RoleName') ?? ''}`;
  if (call.action === 'SimulatePrincipalPolicy') return call.params.get('PolicySourceArn') ?? '*';
  return '*';
}

async function runQuery(call: Call, state: SandboxState, requestId: string): Promise<Reply> {
  const service = call.service as QueryService;
  const handler = Object.hasOwn(QUERY_ACTIONS[service], call.action) ? QUERY_ACTIONS[service][call.action] : undefined;
  if (!handler) {
    const implemented = Object.keys(QUERY_ACTIONS[service]).join(', ');
    throw new AwsServiceError(
      'InvalidAction',
      `Could not find operation ${call.action || '(none)'} for version ${QUERY_VERSIONS[service]} (the gatewalk sandbox implements ${service}: ${implemented})`,
      400,
    );
  }
  return queryReply(service, call.action, await handler(state, call.params, call.scope?.region ?? state.region), requestId);
}

async function runEc2(call: Call, state: SandboxState, requestId: string): Promise<Reply> {
  const handler = Object.hasOwn(EC2_ACTIONS, call.action) ? EC2_ACTIONS[call.action] : undefined;
  if (!handler) {
    throw new AwsServiceError(
      'InvalidAction',
      `The action ${call.action || '(none)'} is not valid for this web service (the gatewalk sandbox implements ec2 ${EC2_VERSION}: ${Object.keys(EC2_ACTIONS).join(', ')})`,
      400,
    );
  }
  return ec2Reply(call.action, await handler(state, call.params, call.scope?.region ?? state.region), requestId);
}

async function runJson(call: Call, state: SandboxState, requestId: string, actions: Record<string, (r: { state: SandboxState; region: string; input: Record<string, unknown> }) => Promise<unknown>>): Promise<Reply> {
  const handler = Object.hasOwn(actions, call.action) ? actions[call.action] : undefined;
  if (!handler) {
    throw new AwsServiceError('UnknownOperationException', `The gatewalk sandbox does not implement ${call.service} ${call.action} (implemented: ${Object.keys(actions).join(', ')})`, 400);
  }
  let input: unknown;
  try {
    input = call.body.trim() === '' ? {} : JSON.parse(call.body);
  } catch {
    throw new AwsServiceError('SerializationException', 'The request body is not valid JSON.', 400);
  }
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    throw new AwsServiceError('SerializationException', 'The request body must be a JSON object.', 400);
  }
  const region = call.scope?.region ?? state.region;
  return jsonReply(await handler({ state, region, input: input as Record<string, unknown> }), requestId);
}
