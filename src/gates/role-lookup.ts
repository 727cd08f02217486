import type { GateContext } from '../core/context.js';
import { describeAwsError, isAwsError } from './aws-errors.js';

export type RoleLookup = { state: 'present'; arn: string } | { state: 'missing' } | { state: 'error'; reason: string };

/** GetRole once per role name per run (memoized in ctx), classified for gates. */
export function lookupRole(ctx: GateContext, roleName: string): Promise<RoleLookup> {
  const key = `iam.GetRole:${roleName}`;
  let hit = ctx.memo.get(key) as Promise<RoleLookup> | undefined;
  if (!hit) {
    hit = fetchRole(ctx, roleName);
    ctx.memo.set(key, hit);
  }
  return hit;
}

async function fetchRole(ctx: GateContext, roleName: string): Promise<RoleLookup> {
  const { GetRoleCommand } = await import('../substrate/aws-sdk/iam.js');
  try {
    const out = await (await ctx.clients.iam()).send(new GetRoleCommand({ RoleName: roleName }), { abortSignal: ctx.signal });
    return out.Role?.Arn ? { state: 'present', arn: out.Role.Arn } : { state: 'error', reason: 'GetRole returned no Role.Arn' };
  } catch (err) {
    if (isAwsError(err, 'NoSuchEntity')) return { state: 'missing' };
    return { state: 'error', reason: describeAwsError(err) };
  }
}

/** Role name from a role ARN (the last path segment). */
export function roleNameOf(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}
