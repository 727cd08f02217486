import { AwsServiceError } from '../wire/aws-error.js';
import type { JsonHandler } from '../wire/json-protocol.js';
import { decodePageToken, encodePageToken, requestFingerprint } from '../wire/page-token.js';
import { legacyFilterMatcher, parameterFilterMatcher, type ParameterStringFilter } from './ssm-filters.js';
import { parameterArn } from '../state/state-arns.js';
import type { SandboxState } from '../state/state.js';

// SSM: metadata only. DescribeParameters is what ssm.parameters_present uses; every call that
// would return a decrypted value is a tripwire that answers AccessDenied, because the sandbox
// stores no values and gatewalk must never ask for one (law 6).

/** Parameters live in the state's region only: the region signed for picks them. */
export type SsmHandler = JsonHandler;

const SECRET_READS = ['GetParameter', 'GetParameters', 'GetParametersByPath', 'GetParameterHistory'];

function refuseSecretRead(action: string): SsmHandler {
  return async () => {
    throw new AwsServiceError(
      'AccessDeniedException',
      `The gatewalk sandbox never serves secret values: ssm:${action} is refused by design. It holds SSM metadata only; gatewalk reads metadata through ssm:DescribeParameters.`,
      400,
    );
  };
}

function validation(message: string): AwsServiceError {
  return new AwsServiceError('ValidationException', `1 validation error detected: ${message}`, 400);
}

const describeParameters: SsmHandler = async ({ state, region, input }) => {
  const maxResults = input.MaxResults ?? 10;
  if (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 1 || maxResults > 50) {
    throw validation(`Value '${String(maxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50`);
  }
  const filters = listOf(input.Filters, 'filters');
  const parameterFilters = listOf(input.ParameterFilters, 'parameterFilters');
  if (filters.length > 0 && parameterFilters.length > 0) {
    throw new AwsServiceError('ValidationException', 'You can use either Filters or ParameterFilters in a single request.', 400);
  }
  const matchers = [...filters.map(legacyFilterMatcher), ...parameterFilters.map(parameterFilterMatcher)];
  const names = region === state.region ? Object.keys(state.parameters).sort() : [];
  const matching = names.filter((name) => matchers.every((m) => m(name, state.parameters[name]!)));

  const fingerprint = requestFingerprint([input.Filters ?? null, input.ParameterFilters ?? null]);
  let after: string | undefined;
  if (input.NextToken !== undefined) {
    const position = typeof input.NextToken === 'string' ? decodePageToken(input.NextToken, fingerprint) : undefined;
    if (typeof position !== 'string') throw new AwsServiceError('InvalidNextToken', 'The specified token is not valid.', 400);
    after = position;
  }
  // The cursor is the last name returned, so parameters added or removed between pages neither
  // repeat nor shift the rest of the listing.
  const rest = after === undefined ? matching : matching.filter((n) => n > after);
  const page = rest.slice(0, maxResults);
  const more = rest.length > page.length;
  return {
    Parameters: page.map((name) => describe(state, name)),
    ...(more ? { NextToken: encodePageToken(page[page.length - 1]!, fingerprint) } : {}),
  };
};

function listOf(value: unknown, member: string): ParameterStringFilter[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((f) => !f || typeof f !== 'object')) {
    throw new AwsServiceError('SerializationException', `Expected a list of filters for ${member}.`, 400);
  }
  return value as ParameterStringFilter[];
}

function describe(state: SandboxState, name: string): Record<string, unknown> {
  const p = state.parameters[name]!;
  return {
    Name: name,
    ARN: parameterArn(state, name),
    Type: p.type,
    ...(p.key_id !== undefined ? { KeyId: p.key_id } : {}),
    LastModifiedDate: Date.parse(p.last_modified_date) / 1000,
    LastModifiedUser: p.last_modified_user,
    ...(p.description !== undefined ? { Description: p.description } : {}),
    ...(p.allowed_pattern !== undefined ? { AllowedPattern: p.allowed_pattern } : {}),
    Version: p.version,
    Tier: p.tier,
    Policies: p.policies,
    DataType: p.data_type,
  };
}

export const SSM_ACTIONS: Record<string, SsmHandler> = {
  DescribeParameters: describeParameters,
  ...Object.fromEntries(SECRET_READS.map((action) => [action, refuseSecretRead(action)])),
};
