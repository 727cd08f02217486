import type { AwsClients } from '../core/context.js';
import { describeAwsError } from './aws-errors.js';

export type OperatorIdentity = { arn: string; account: string; user_id: string } | { error: string };

/** Who is running this: STS GetCallerIdentity, asked once per run (shared with sts.identity via memo). */
export async function callerIdentity(clients: AwsClients, memo: Map<string, Promise<unknown>>, signal: AbortSignal): Promise<OperatorIdentity> {
  const key = 'sts.GetCallerIdentity';
  let hit = memo.get(key) as Promise<OperatorIdentity> | undefined;
  if (!hit) {
    hit = (async () => {
      const { GetCallerIdentityCommand } = await import('../substrate/aws-sdk/sts.js');
      try {
        const who = await (await clients.sts()).send(new GetCallerIdentityCommand({}), { abortSignal: signal });
        return { arn: who.Arn ?? '?', account: who.Account ?? '?', user_id: who.UserId ?? '?' };
      } catch (err) {
        return { error: describeAwsError(err) };
      }
    })();
    memo.set(key, hit);
  }
  return hit;
}
