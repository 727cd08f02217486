import { NO_ANSWER } from '../substrate/aws-timeouts.js';

/**
 * The CLI's own hint when an AWS endpoint did not answer in time (the engine's text names the
 * endpoint, the wait and its environment variable, never a flag): what to check, and the flags
 * that wait longer.
 */
export function awsTimeoutHint(outcome: unknown): string | undefined {
  if (!JSON.stringify(outcome ?? null).includes(NO_ANSWER)) return undefined;
  return 'an AWS endpoint did not answer in time: check the network, AWS_ENDPOINT_URL and the region, or wait longer with --aws-timeout-ms MS (connecting: --aws-connect-timeout-ms MS)';
}
