import { AwsServiceError } from '../wire/aws-error.js';
import { RESOURCE_ARN, taggedResources } from '../state/guardrail-arns.js';
import type { JsonHandler } from '../wire/json-protocol.js';
import { decodePageToken, encodePageToken, requestFingerprint } from '../wire/page-token.js';

// Resource Groups Tagging API (JSON 1.1, `ResourceGroupsTaggingAPI_20170126.GetResources`): the
// region's tagged resources (load balancers and the scenario's tagged_resources), filtered by tag
// and resource type, paged by PaginationToken ("" on the last page, as AWS answers).

export const TAGGING_TARGET = 'ResourceGroupsTaggingAPI_20170126';

interface TagFilter {
  Key: string;
  Values: string[];
}

function invalid(message: string): AwsServiceError {
  return new AwsServiceError('InvalidParameterException', message, 400);
}

function tagFilters(value: unknown): TagFilter[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > 50) throw invalid('TagFilters must be a list of at most 50 filters.');
  return value.map((f: unknown) => {
    const { Key, Values } = (f ?? {}) as { Key?: unknown; Values?: unknown };
    if (typeof Key !== 'string' || Key === '') throw invalid('A tag filter needs a Key.');
    if (Values !== undefined && (!Array.isArray(Values) || Values.some((v) => typeof v !== 'string'))) throw invalid(`The Values of tag filter ${Key} must be strings.`);
    return { Key, Values: (Values as string[] | undefined) ?? [] };
  });
}

function typeFilters(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !/^[a-z0-9-]+(?::[a-z0-9-]+)?$/i.test(v))) {
    throw invalid('ResourceTypeFilters must be strings such as ec2:instance or elasticloadbalancing:loadbalancer.');
  }
  return value as string[];
}

/** `service` and `service:type` of an ARN (the type is the resource part up to its first `/` or `:`). */
function resourceType(arn: string): { service: string; type: string } {
  const parts = arn.split(':');
  return { service: parts[2]!, type: parts.slice(5).join(':').split(/[/:]/)[0]! };
}

const getResources: JsonHandler = async ({ state, region, input }) => {
  const size = input.ResourcesPerPage ?? 100;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > 100) {
    throw invalid(`ResourcesPerPage must be between 1 and 100, got ${String(size)}.`);
  }
  if (input.ResourceARNList !== undefined && input.TagFilters !== undefined) throw invalid('Specify either ResourceARNList or TagFilters, not both.');
  const filters = tagFilters(input.TagFilters);
  const types = typeFilters(input.ResourceTypeFilters);
  const matching = taggedResources(state).filter((r) => {
    const arnRegion = RESOURCE_ARN.exec(r.arn)?.[1] ?? '';
    if (arnRegion !== '' && arnRegion !== region) return false;
    const { service, type } = resourceType(r.arn);
    if (types.length > 0 && !types.some((t) => t.toLowerCase() === service || t.toLowerCase() === `${service}:${type}`)) return false;
    return filters.every((f) => Object.hasOwn(r.tags, f.Key) && (f.Values.length === 0 || f.Values.includes(r.tags[f.Key]!)));
  });

  const fingerprint = requestFingerprint([filters, types]);
  let after: string | undefined;
  const token = input.PaginationToken;
  if (token !== undefined && token !== '') {
    const position = typeof token === 'string' ? decodePageToken(token, fingerprint) : undefined;
    if (typeof position !== 'string') throw new AwsServiceError('PaginationTokenExpiredException', 'The pagination token is invalid or has expired.', 400);
    after = position;
  }
  const rest = after === undefined ? matching : matching.filter((r) => r.arn > after);
  const pageItems = rest.slice(0, size);
  const more = rest.length > pageItems.length;
  return {
    PaginationToken: more ? encodePageToken(pageItems[pageItems.length - 1]!.arn, fingerprint) : '',
    ResourceTagMappingList: pageItems.map((r) => ({ ResourceARN: r.arn, Tags: Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })) })),
  };
};

export const TAGGING_ACTIONS: Record<string, JsonHandler> = {
  GetResources: getResources,
};
