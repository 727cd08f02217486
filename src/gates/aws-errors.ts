// How a failed AWS call becomes a result reason. Anything here is an `error` (could not evaluate),
// never a `fail`: the checker being denied, throttled or expired says nothing about the resource.

interface AwsLikeError {
  name?: string;
  message?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

const HINTS: Array<[RegExp, string]> = [
  [/AccessDenied|UnauthorizedOperation|AuthorizationError/, 'the checking principal is not allowed to make this call'],
  [/ExpiredToken|TokenRefreshRequired|RequestExpired/, 'credentials expired: refresh them (aws sso login / new session) and rerun'],
  [
    /InvalidClientTokenId|UnrecognizedClient|SignatureDoesNotMatch|AuthFailure|CredentialsProviderError/,
    'no valid credentials for this account',
  ],
  [/Throttl|TooManyRequests|RequestLimitExceeded/, 'throttled past the retry budget'],
];

export function awsErrorName(err: unknown): string {
  const e = err as AwsLikeError;
  return e?.name ?? e?.Code ?? 'Error';
}

export function isAwsError(err: unknown, ...names: string[]): boolean {
  const n = awsErrorName(err);
  return names.some((x) => n === x || n === `${x}Exception`);
}

/** One line: error name, AWS message, and what it means for the operator. */
export function describeAwsError(err: unknown): string {
  const e = err as AwsLikeError;
  const name = awsErrorName(err);
  const status = e?.$metadata?.httpStatusCode;
  const msg = (e?.message ?? String(err)).split('\n')[0]!.slice(0, 300);
  const hint = HINTS.find(([re]) => re.test(name))?.[1] ?? (status && status >= 500 ? 'AWS service error past retries' : undefined);
  const attempts = e?.$metadata?.attempts && e.$metadata.attempts > 1 ? ` after ${e.$metadata.attempts} attempts` : '';
  return `${name}${status ? ` (HTTP ${status})` : ''}${attempts}: ${msg}${hint ? ` — ${hint}` : ''}`;
}
