import type { AwsServiceError } from './aws-error.js';
import type { Reply } from './reply.js';
import type { SandboxState } from '../state/state.js';

// AWS JSON 1.1 (SSM): `X-Amz-Target: AmazonSSM.<Action>`, JSON in, JSON out; errors carry the code
// twice, in `__type` and in the `x-amzn-ErrorType` header, as AWS does.

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

export function jsonReply(body: unknown, requestId: string): Reply {
  return {
    status: 200,
    headers: { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-requestid': requestId },
    body: JSON.stringify(body),
  };
}

export function jsonErrorReply(error: AwsServiceError, requestId: string): Reply {
  return {
    status: error.status,
    headers: { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-requestid': requestId, 'x-amzn-errortype': error.code },
    body: JSON.stringify({ __type: error.code, message: error.message }),
  };
}

/** One JSON 1.1 action: the parsed body in, the answer object out, or throws AwsServiceError. */
export interface JsonRequest {
  state: SandboxState;
  /** The region the caller signed for. */
  region: string;
  input: Record<string, unknown>;
}
export type JsonHandler = (request: JsonRequest) => Promise<unknown>;
