// How long gatewalk waits for an AWS endpoint, and how a wait that ran out is said. A hung or
// unreachable endpoint must never hang gatewalk: every client gets a connection timeout and a hard
// per-attempt request timeout (the SDK's NodeHttpHandler), so one call waits at most
// maxAttempts × (connect + request) plus the SDK's retry backoff.

/** Connecting to an AWS endpoint takes well under a second; 3 s covers a slow VPN or proxy. */
export const DEFAULT_AWS_CONNECT_TIMEOUT_MS = 3_000;
/** The slowest call gatewalk makes (iam:SimulatePrincipalPolicy over many actions) answers in a few seconds. */
export const DEFAULT_AWS_TIMEOUT_MS = 10_000;
export const AWS_TIMEOUT_ENV = 'GATEWALK_AWS_TIMEOUT_MS';
export const AWS_CONNECT_TIMEOUT_ENV = 'GATEWALK_AWS_CONNECT_TIMEOUT_MS';
/** Attempts per call (the SDK's standard retry mode): a timed-out attempt is retried like a throttle. */
export const AWS_MAX_ATTEMPTS = 3;

export interface AwsTimeouts {
  /** Longest wait for the TCP/TLS connection, per attempt (ms). */
  connectMs: number;
  /** Longest wait for the whole answer once connected, per attempt (ms). */
  requestMs: number;
}

export const DEFAULT_AWS_TIMEOUTS: AwsTimeouts = { connectMs: DEFAULT_AWS_CONNECT_TIMEOUT_MS, requestMs: DEFAULT_AWS_TIMEOUT_MS };

/** What a timed-out call's message starts with; a face may add its own hint (its flag) when it sees it. */
export const NO_ANSWER = 'no answer from';

/** The SDK's request handler options for these timeouts (throwOnRequestTimeout: the request timeout is an error, not a warning). */
export function requestHandlerOptions(t: AwsTimeouts) {
  return { connectionTimeout: t.connectMs, requestTimeout: t.requestMs, throwOnRequestTimeout: true };
}

interface SdkRequest {
  protocol?: string;
  hostname?: string;
  port?: number;
}
interface MiddlewareStack {
  // The SDK's own stack type differs per client; any client's stack takes this middleware.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  add(mw: (next: (a: any) => Promise<any>) => (a: any) => Promise<any>, o: { step: 'deserialize'; name: string }): void;
}

/**
 * Rewrites a timed-out attempt's message to name the endpoint and the wait that ran out (the SDK
 * says neither). Name and code stay, so the SDK still retries it; the setting is named by its
 * environment variable, never by a CLI flag (each face adds its own hint).
 */
export function nameTimeouts(stack: MiddlewareStack, t: AwsTimeouts): void {
  stack.add(
    (next) => async (args: { request?: SdkRequest }) => {
      try {
        return await next(args);
      } catch (err) {
        const e = err as { name?: string; message?: string };
        if (e?.name === 'TimeoutError' && typeof e.message === 'string' && !e.message.startsWith(NO_ANSWER)) {
          e.message = timeoutMessage(endpointOf(args.request), /establish a connection/.test(e.message) ? 'connect' : 'request', t);
        }
        throw err;
      }
    },
    { step: 'deserialize', name: 'gatewalkNameTimeouts' },
  );
}

function endpointOf(r: SdkRequest | undefined): string {
  if (!r?.hostname) return 'the AWS endpoint';
  return `${r.protocol ?? 'https:'}//${r.hostname}${r.port ? `:${r.port}` : ''}`;
}

export function timeoutMessage(endpoint: string, phase: 'connect' | 'request', t: AwsTimeouts): string {
  return phase === 'connect'
    ? `${NO_ANSWER} ${endpoint}: no connection within ${t.connectMs} ms (connect timeout, ${AWS_CONNECT_TIMEOUT_ENV})`
    : `${NO_ANSWER} ${endpoint} within ${t.requestMs} ms (request timeout, ${AWS_TIMEOUT_ENV})`;
}
