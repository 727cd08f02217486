import { AwsServiceError } from './aws-error.js';
import type { Reply } from './reply.js';
import { xmlDocument, type XmlObject } from './xml.js';

// The AWS Query protocol (STS 2011-06-15, IAM 2010-05-08): form-encoded requests, XML answers
// wrapped in <ActionResponse><ActionResult>…</ActionResult><ResponseMetadata/></ActionResponse>.

export type QueryService = 'sts' | 'iam' | 'elbv2';

export const QUERY_NAMESPACES: Record<QueryService, string> = {
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  elbv2: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
};

/** Query parameters come in the form body (POST, what the SDKs send) or the URL (GET). */
export function readQueryParams(url: URL, body: string): URLSearchParams {
  const params = new URLSearchParams(url.search);
  for (const [k, v] of new URLSearchParams(body)) params.set(k, v);
  return params;
}

/** `Name.member.1`, `Name.member.2`, … in index order (indices may arrive out of order). */
export function memberList(params: URLSearchParams, name: string): string[] {
  const re = new RegExp(`^${name.replace(/\./g, '\\.')}\\.member\\.(\\d+)$`);
  const found: Array<[number, string]> = [];
  for (const [k, v] of params) {
    const m = re.exec(k);
    if (m) found.push([Number(m[1]), v]);
  }
  return found.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

/** Indices N present under `Name.member.N.` (for lists of structures such as ContextEntries). */
export function memberIndices(params: URLSearchParams, name: string): number[] {
  const re = new RegExp(`^${name.replace(/\./g, '\\.')}\\.member\\.(\\d+)\\.`);
  const seen = new Set<number>();
  for (const k of params.keys()) {
    const m = re.exec(k);
    if (m) seen.add(Number(m[1]));
  }
  return [...seen].sort((a, b) => a - b);
}

function headers(requestId: string): Record<string, string> {
  return { 'content-type': 'text/xml', 'x-amzn-requestid': requestId };
}

export function queryReply(service: QueryService, action: string, result: XmlObject | undefined, requestId: string): Reply {
  const children: XmlObject = {};
  if (result !== undefined) children[`${action}Result`] = result;
  children.ResponseMetadata = { RequestId: requestId };
  return { status: 200, headers: headers(requestId), body: xmlDocument(`${action}Response`, QUERY_NAMESPACES[service], children) };
}

export function queryErrorReply(service: QueryService, error: AwsServiceError, requestId: string): Reply {
  const body = xmlDocument('ErrorResponse', QUERY_NAMESPACES[service], {
    Error: { Type: error.type, Code: error.code, Message: error.message },
    RequestId: requestId,
  });
  return { status: error.status, headers: headers(requestId), body };
}
