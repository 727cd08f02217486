import { userInfo } from 'node:os';
import type { AwsClients } from '../core/context.js';
import { describeAwsError } from './aws-errors.js';

/**
 * Who ran a phase. Verified: STS answered. Otherwise `error` says why not, and `unverified_actor`
 * is the local account name, labelled as such everywhere it is recorded (never `$USER`, which is
 * whatever the environment says).
 */
export type OperatorIdentity = { arn: string; account: string; user_id: string } | { error: string; unverified_actor?: string };

/** The local login name, labelled unverified: what records carry when STS did not vouch for anyone. */
export function unverifiedActor(): string {
  let name = 'unknown';
  try {
    name = userInfo().username || name;
  } catch {
    // no passwd entry for this uid (some containers): still labelled, never guessed from $USER
  }
  return `unverified:${name}`;
}

export const isVerified = (o: OperatorIdentity): o is { arn: string; account: string; user_id: string } => 'arn' in o;

/** Who is running this: STS GetCallerIdentity, asked once per run (shared with sts.identity via memo). */
export async function callerIdentity(
  clients: AwsClients,
  memo: Map<string, Promise<unknown>>,
  signal: AbortSignal,
): Promise<OperatorIdentity> {
  const key = 'sts.GetCallerIdentity';
  let hit = memo.get(key) as Promise<OperatorIdentity> | undefined;
  if (!hit) {
    hit = (async () => {
      const { GetCallerIdentityCommand } = await import('../substrate/aws-sdk/sts.js');
      try {
        const who = await (await clients.sts()).send(new GetCallerIdentityCommand({}), { abortSignal: signal });
        // An answer that does not say who (no ARN or account) verifies nobody: it must not become
        // the `?` operator of a sealed verdict.
        if (!who.Arn || !who.Account)
          return { error: 'GetCallerIdentity answered without the caller ARN or account: the caller is not verified' };
        return { arn: who.Arn, account: who.Account, user_id: who.UserId ?? '?' };
      } catch (err) {
        return { error: describeAwsError(err) };
      }
    })();
    memo.set(key, hit);
  }
  return hit;
}
