// The sandbox's one and only credential pair. It is public on purpose: it proves nothing and opens
// nothing but the loopback emulator, and a real AWS account rejects it (InvalidClientTokenId).

export const SANDBOX_ACCESS_KEY_ID = 'AKIAGWSANDBOXEXAMPLE';
export const SANDBOX_SECRET_ACCESS_KEY = 'gatewalk-sandbox/not-a-secret/loopback-0';

/** What the SigV4 credential scope says about a request: who signs, for which region and service. */
export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

const SCOPE = /^([^/\s]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request$/;

/**
 * Reads the credential scope from `Authorization: AWS4-HMAC-SHA256 Credential=…` or, for presigned
 * requests, from `X-Amz-Credential`. The signature itself is not verified: the sandbox has no secret
 * worth protecting, it only needs to know which service a signer meant.
 */
export function readCredentialScope(authorization: string | undefined, query: URLSearchParams): CredentialScope | undefined {
  let credential: string | undefined;
  if (authorization?.startsWith('AWS4-HMAC-SHA256 ')) {
    credential = /Credential=([^,\s]+)/.exec(authorization)?.[1];
  } else {
    credential = query.get('X-Amz-Credential') ?? undefined;
  }
  const m = credential ? SCOPE.exec(credential) : null;
  if (!m) return undefined;
  return { accessKeyId: m[1]!, date: m[2]!, region: m[3]!, service: m[4]! };
}

/** True when the request carries some Authorization at all (signed with another scheme or garbled). */
export function hasAuthorization(authorization: string | undefined, query: URLSearchParams): boolean {
  return Boolean(authorization) || query.has('X-Amz-Credential');
}
