import { createHash } from 'node:crypto';
import { AwsServiceError } from '../wire/aws-error.js';
import { loadBalancerArn } from '../state/guardrail-arns.js';
import type { LoadBalancerState } from '../state/guardrail-state.js';
import { decodePageToken, encodePageToken, requestFingerprint } from '../wire/page-token.js';
import { memberList } from '../wire/query-protocol.js';
import type { QueryHandler } from '../wire/query-handler.js';
import type { SandboxState } from '../state/state.js';
import type { XmlObject } from '../wire/xml.js';

// ELBv2 (Query protocol, 2015-12-01): DescribeLoadBalancers pages with Marker/NextMarker as AWS
// does (PageSize 1..400), DescribeTags answers up to 20 ARNs. What elbv2.no_load_balancers reads.

export const ELBV2_VERSION = '2015-12-01';
const MAX_PAGE = 400;
const MAX_TAG_ARNS = 20;

interface Row extends LoadBalancerState {
  name: string;
  arn: string;
}

function rows(state: SandboxState, region: string): Row[] {
  if (region !== state.region) return [];
  return Object.entries(state.load_balancers)
    .map(([name, lb]) => ({ ...lb, name, arn: loadBalancerArn(state, name, lb) }))
    .sort((a, b) => a.arn.localeCompare(b.arn));
}

function validation(message: string): AwsServiceError {
  return new AwsServiceError('ValidationError', message, 400);
}

function notFound(what: string): AwsServiceError {
  return new AwsServiceError('LoadBalancerNotFound', `One or more load balancers not found: ${what}`, 400);
}

function describe(lb: Row, region: string): XmlObject {
  const digits = parseInt(createHash('sha256').update(lb.arn).digest('hex').slice(0, 8), 16) % 1_000_000_000;
  const dnsPrefix = lb.scheme === 'internal' ? `internal-${lb.name}` : lb.name;
  return {
    LoadBalancerArn: lb.arn,
    DNSName: `${dnsPrefix}-${digits}.${region}.elb.amazonaws.com`,
    CanonicalHostedZoneId: 'ZHURV8PSTC4K8',
    CreatedTime: lb.created_time,
    LoadBalancerName: lb.name,
    Scheme: lb.scheme,
    VpcId: lb.vpc_id,
    State: { Code: lb.state },
    Type: lb.type,
    AvailabilityZones: [],
    IpAddressType: 'ipv4',
  };
}

const describeLoadBalancers: QueryHandler = async (state, params, region = state.region) => {
  const raw = params.get('PageSize');
  const pageSize = raw === null ? MAX_PAGE : Number(raw);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE) {
    throw validation(`1 validation error detected: Value '${raw}' at 'pageSize' failed to satisfy constraint: Member must have value between 1 and ${MAX_PAGE}`);
  }
  const arns = memberList(params, 'LoadBalancerArns');
  const names = memberList(params, 'Names');
  if (arns.length > 0 && names.length > 0) throw validation('Load balancer names and load balancer ARNs cannot be specified at the same time');
  const all = rows(state, region);
  const missing = [...arns.filter((a) => !all.some((lb) => lb.arn === a)), ...names.filter((n) => !all.some((lb) => lb.name === n))];
  if (missing.length > 0) throw notFound(`'${missing[0]}'`);
  const matching = all.filter((lb) => (arns.length === 0 || arns.includes(lb.arn)) && (names.length === 0 || names.includes(lb.name)));

  const fingerprint = requestFingerprint([arns, names]);
  const marker = params.get('Marker');
  let after: string | undefined;
  if (marker !== null) {
    const position = decodePageToken(marker, fingerprint);
    if (typeof position !== 'string') throw validation('The marker is not valid');
    after = position;
  }
  const rest = after === undefined ? matching : matching.filter((lb) => lb.arn > after);
  const page = rest.slice(0, pageSize);
  const more = rest.length > page.length;
  return {
    LoadBalancers: page.map((lb) => describe(lb, region)),
    ...(more ? { NextMarker: encodePageToken(page[page.length - 1]!.arn, fingerprint) } : {}),
  };
};

const describeTags: QueryHandler = async (state, params, region = state.region) => {
  const arns = memberList(params, 'ResourceArns');
  if (arns.length === 0) throw validation("1 validation error detected: Value null at 'resourceArns' failed to satisfy constraint: Member must not be null");
  if (arns.length > MAX_TAG_ARNS) throw validation(`1 validation error detected: Value at 'resourceArns' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TAG_ARNS}`);
  const all = rows(state, region);
  return {
    TagDescriptions: arns.map((arn) => {
      const lb = all.find((x) => x.arn === arn);
      if (!lb) throw notFound(`'${arn}'`);
      return { ResourceArn: arn, Tags: Object.entries(lb.tags).map(([Key, Value]) => ({ Key, Value })) };
    }),
  };
};

export const ELBV2_ACTIONS: Record<string, QueryHandler> = {
  DescribeLoadBalancers: describeLoadBalancers,
  DescribeTags: describeTags,
};
