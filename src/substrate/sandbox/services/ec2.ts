import { AwsServiceError } from '../wire/aws-error.js';
import { decodePageToken, encodePageToken, requestFingerprint } from '../wire/page-token.js';
import type { Reply } from '../wire/reply.js';
import type { SandboxState } from '../state/state.js';
import { escapeXml } from '../wire/xml.js';

// EC2 speaks its own Query dialect (version 2016-11-15): form-encoded requests with
// `Filter.N.Name` / `Filter.N.Value.M` and `Id.N` lists, XML answers without a Result wrapper,
// lists as <item>, camelCase element names, and errors as <Response><Errors><Error>.
// Only DescribeNatGateways is implemented: what ec2.no_nat_gateways asks (seed §3.3).

export const EC2_VERSION = '2016-11-15';
const EC2_NAMESPACE = `http://ec2.amazonaws.com/doc/${EC2_VERSION}/`;

/** An EC2 XML element tree: strings are text, arrays are <item> lists, undefined is omitted. */
export type Ec2Value = string | number | boolean | undefined | Ec2Value[] | { [element: string]: Ec2Value };
export type Ec2Handler = (state: SandboxState, params: URLSearchParams, region: string) => Promise<Record<string, Ec2Value>>;

function element(name: string, value: Ec2Value): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return `<${name}>${value.map((v) => element('item', v)).join('')}</${name}>`;
  if (typeof value === 'object') return `<${name}>${Object.entries(value).map(([k, v]) => element(k, v)).join('')}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

function headers(requestId: string): Record<string, string> {
  return { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId };
}

export function ec2Reply(action: string, result: Record<string, Ec2Value>, requestId: string): Reply {
  const inner = element('requestId', requestId) + Object.entries(result).map(([k, v]) => element(k, v)).join('');
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${EC2_NAMESPACE}">${inner}</${action}Response>\n`;
  return { status: 200, headers: headers(requestId), body };
}

export function ec2ErrorReply(error: AwsServiceError, requestId: string): Reply {
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${escapeXml(error.code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error></Errors><RequestID>${escapeXml(requestId)}</RequestID></Response>\n`;
  return { status: error.status, headers: headers(requestId), body };
}

/** `Name.1`, `Name.2`, … (EC2 flattened lists) in index order. */
export function ec2List(params: URLSearchParams, name: string): string[] {
  const re = new RegExp(`^${name.replace(/\./g, '\\.')}\\.(\\d+)$`);
  const found: Array<[number, string]> = [];
  for (const [k, v] of params) {
    const m = re.exec(k);
    if (m) found.push([Number(m[1]), v]);
  }
  return found.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

/** `Filter.N.Name` + `Filter.N.Value.M`, in index order. */
export function ec2Filters(params: URLSearchParams): Array<{ name: string; values: string[] }> {
  const indices = new Set<number>();
  for (const k of params.keys()) {
    const m = /^Filter\.(\d+)\./.exec(k);
    if (m) indices.add(Number(m[1]));
  }
  return [...indices]
    .sort((a, b) => a - b)
    .map((i) => {
      const name = params.get(`Filter.${i}.Name`);
      if (!name) throw invalidParameter(`The filter 'Filter.${i}' is missing a Name.`);
      return { name, values: ec2List(params, `Filter.${i}.Value`) };
    });
}

function invalidParameter(message: string): AwsServiceError {
  return new AwsServiceError('InvalidParameterValue', message, 400);
}

type NatRow = { id: string } & SandboxState['nat_gateways'][string];

const NAT_FILTERS: Record<string, (n: NatRow) => string> = {
  'nat-gateway-id': (n) => n.id,
  state: (n) => n.state,
  'subnet-id': (n) => n.subnet_id,
  'vpc-id': (n) => n.vpc_id,
};

const describeNatGateways: Ec2Handler = async (state, params, region) => {
  const raw = params.get('MaxResults');
  const maxResults = raw === null ? 1000 : Number(raw);
  if (!Number.isInteger(maxResults) || maxResults < 5 || maxResults > 1000) {
    throw invalidParameter(`Value ( ${raw} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.`);
  }
  const filters = ec2Filters(params);
  for (const f of filters) {
    if (!Object.hasOwn(NAT_FILTERS, f.name)) throw invalidParameter(`The filter '${f.name}' is invalid`);
  }
  const ids = ec2List(params, 'NatGatewayId');
  const all: NatRow[] = region === state.region ? Object.entries(state.nat_gateways).map(([id, n]) => ({ id, ...n })) : [];
  all.sort((a, b) => a.id.localeCompare(b.id));
  const missing = ids.filter((id) => !all.some((n) => n.id === id));
  if (missing.length > 0) throw new AwsServiceError('NatGatewayNotFound', `The Nat Gateway ${missing[0]} was not found`, 400);
  const matching = all.filter((n) => (ids.length === 0 || ids.includes(n.id)) && filters.every((f) => f.values.includes(NAT_FILTERS[f.name]!(n))));

  const fingerprint = requestFingerprint([filters, ids]);
  const token = params.get('NextToken');
  let after: string | undefined;
  if (token !== null) {
    const position = decodePageToken(token, fingerprint);
    if (typeof position !== 'string') throw invalidParameter('The token provided is invalid or has expired.');
    after = position;
  }
  const rest = after === undefined ? matching : matching.filter((n) => n.id > after);
  const page = rest.slice(0, maxResults);
  const more = rest.length > page.length;
  return {
    natGatewaySet: page.map((n) => ({
      createTime: n.create_time,
      natGatewayAddressSet: [],
      natGatewayId: n.id,
      state: n.state,
      subnetId: n.subnet_id,
      vpcId: n.vpc_id,
      connectivityType: 'public',
    })),
    ...(more ? { nextToken: encodePageToken(page[page.length - 1]!.id, fingerprint) } : {}),
  };
};

export const EC2_ACTIONS: Record<string, Ec2Handler> = {
  DescribeNatGateways: describeNatGateways,
};
