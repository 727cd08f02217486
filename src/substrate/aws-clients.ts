import type { AwsClients } from '../core/context.js';
import { limiter } from '../core/pool.js';
import { AWS_MAX_ATTEMPTS, DEFAULT_AWS_TIMEOUTS, nameTimeouts, requestHandlerOptions, type AwsTimeouts } from './aws-timeouts.js';

/**
 * AWS calls a session keeps in flight at once, across all clients and checks. Below the SDK's
 * socket pool (50 per client), so a queued call waits here rather than in the agent; throttling
 * answers are retried by the SDK's standard retry mode (backoff, retry quota) on top.
 */
export const DEFAULT_AWS_CONCURRENCY = 32;
export const AWS_CONCURRENCY_ENV = 'GATEWALK_AWS_CONCURRENCY';

export interface AwsClientOptions {
  region?: string;
  profile?: string;
  /** Overrides the endpoint of every client (the sandbox, LocalStack). AWS_ENDPOINT_URL is honoured too. */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  maxAttempts?: number;
  /**
   * The sandbox: the operator's AWS settings that would send a call anywhere but `endpoint` do not
   * apply. FIPS or dual-stack endpoints (`use_fips_endpoint` / `use_dualstack_endpoint` in
   * ~/.aws/config, AWS_USE_FIPS_ENDPOINT / AWS_USE_DUALSTACK_ENDPOINT) cannot go with a custom
   * endpoint, and the SDK refused every call of a sandbox session with them. On the aws substrate they
   * stay the operator's to set.
   */
  hermetic?: boolean;
}

/**
 * SDK v3 clients created on first use, so a run that needs no AWS call (M0, validate) never loads
 * the SDK. Credentials come from the default chain unless given (the sandbox gives its own). Every
 * client waits at most `timeouts` per attempt; `close()` aborts every call in flight and frees the
 * sockets, so nothing keeps the process alive after its session ended.
 */
export function createAwsClients(
  options: AwsClientOptions | (() => Promise<AwsClientOptions>),
  /** AWS calls in flight at once across every client. */
  concurrency = DEFAULT_AWS_CONCURRENCY,
  timeouts: AwsTimeouts = DEFAULT_AWS_TIMEOUTS,
): AwsClients & { close(): void } {
  // gatewalk supports Node 20 with the SDK versions pinned in package-lock.json; the SDK's
  // multi-line "future versions need Node 22" notice would otherwise interleave with progress.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // Options may be given late (the sandbox's endpoint exists once its server started).
  let resolved: Promise<AwsClientOptions> | undefined;
  const settle = () => (resolved ??= typeof options === 'function' ? options() : Promise.resolve(options));
  const config = async () => {
    const opts = await settle();
    const endpoint = opts.endpoint ?? process.env.AWS_ENDPOINT_URL;
    const base = {
      ...(opts.region ? { region: opts.region } : {}),
      ...(endpoint ? { endpoint } : {}),
      maxAttempts: opts.maxAttempts ?? AWS_MAX_ATTEMPTS,
      requestHandler: requestHandlerOptions(timeouts),
      ...(opts.hermetic ? { useFipsEndpoint: false, useDualstackEndpoint: false } : {}),
    };
    if (opts.credentials) return { ...base, credentials: opts.credentials };
    // Clients take `profile` directly and resolve it through the default chain's ini provider.
    return opts.profile ? { ...base, profile: opts.profile } : base;
  };
  const limit = limiter(concurrency);
  const closing = new AbortController();
  const made: { destroy(): void }[] = [];
  // The SDK's `send` is overloaded per command; `any` is the only parameter type every overload accepts.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Sdk = { send: (...a: any[]) => Promise<unknown>; destroy(): void; middlewareStack: Parameters<typeof nameTimeouts>[0] };
  const lazy = <T extends Sdk>(make: () => Promise<T>): (() => Promise<T>) => {
    let client: Promise<T> | undefined;
    return () => {
      if (closing.signal.aborted) return Promise.reject(new Error('the AWS clients of this session are closed'));
      return (client ??= make().then((c) => {
        made.push(c);
        nameTimeouts(c.middlewareStack, timeouts);
        // One logical call (retries included) holds one slot of the session's AWS concurrency, and
        // is aborted when the session closes (its own signal aborts it too).
        const send = c.send.bind(c);
        c.send = ((command: unknown, o?: { abortSignal?: AbortSignal }) =>
          limit(() => {
            closing.signal.throwIfAborted();
            const abortSignal = o?.abortSignal ? AbortSignal.any([o.abortSignal, closing.signal]) : closing.signal;
            return send(command, { ...o, abortSignal });
          })) as T['send'];
        return c;
      }));
    };
  };
  return {
    sts: lazy(async () => new (await import('./aws-sdk/sts.js')).STSClient(await config())),
    iam: lazy(async () => new (await import('./aws-sdk/iam.js')).IAMClient(await config())),
    ssm: lazy(async () => new (await import('./aws-sdk/ssm.js')).SSMClient(await config())),
    ec2: lazy(async () => new (await import('./aws-sdk/ec2.js')).EC2Client(await config())),
    elbv2: lazy(async () => new (await import('./aws-sdk/elbv2.js')).ElasticLoadBalancingV2Client(await config())),
    budgets: lazy(async () => new (await import('./aws-sdk/budgets.js')).BudgetsClient(await config())),
    tagging: lazy(async () => new (await import('./aws-sdk/tagging.js')).ResourceGroupsTaggingAPIClient(await config())),
    ecr: lazy(async () => new (await import('./aws-sdk/ecr.js')).ECRClient(await config())),
    ecs: lazy(async () => new (await import('./aws-sdk/ecs.js')).ECSClient(await config())),
    concurrency,
    kms: lazy(async () => new (await import('./aws-sdk/kms.js')).KMSClient(await config())),
    close: () => {
      closing.abort(new Error('the session closed'));
      for (const c of made) c.destroy();
    },
  };
}
