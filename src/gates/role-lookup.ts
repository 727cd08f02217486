import type { GateContext } from '../core/context.js';
import { DEFAULT_AWS_CONCURRENCY } from '../substrate/aws-clients.js';
import { askBatched } from './ask-batched.js';
import { describeAwsError, isAwsError } from './aws-errors.js';
import { listedRoles } from './role-listing.js';

/** `source`: the call that said so, as live observations name it (`live:iam.GetRole`). */
export type RoleLookup =
  { state: 'present'; arn: string; source: string } | { state: 'missing'; why: string } | { state: 'error'; reason: string };

const FAMILY = 'iam.role';

/**
 * The role of this name, asked once per run (memoized in ctx). The names asked in one tick (a
 * pass prefetches every check's) are answered together: up to the session's AWS concurrency by
 * one GetRole each, all in flight at once (one round trip); more than that by one listing of the
 * account's roles (ListRoles, 1000 a page), which answers them all in ceil(roles / 1000) calls
 * instead of one wave of GetRole per `concurrency` names.
 */
export function lookupRole(ctx: GateContext, roleName: string): Promise<RoleLookup> {
  return askBatched<string, RoleLookup>(ctx.memo, FAMILY, roleName, roleName, (batch) => answer(ctx, [...batch.values()])).then(
    (found) => found ?? { state: 'error', reason: `no answer for role ${roleName}` },
    (err: unknown) => ({ state: 'error', reason: `cannot look up role ${roleName}: ${(err as Error)?.message ?? String(err)}` }),
  );
}

function answer(ctx: GateContext, names: string[]): Map<string, Promise<RoleLookup>> {
  const wave = ctx.clients.concurrency ?? DEFAULT_AWS_CONCURRENCY;
  if (names.length <= wave) return new Map(names.map((n) => [n, getRole(ctx, n)]));
  const listing = listedRoles(ctx);
  return new Map(
    names.map((name) => [
      name,
      listing.then(async (l): Promise<RoleLookup> => {
        // A listing IAM refused to give: each role is asked the way a least-privilege operator may
        // (iam:GetRole only). Any other incomplete listing decides nothing (fail closed).
        if ('denied' in l) return getRole(ctx, name);
        if ('error' in l) return { state: 'error', reason: l.error };
        const arn = l.arns.get(name.toLowerCase()); // role names are unique regardless of case
        return arn
          ? { state: 'present', arn, source: 'live:iam.ListRoles' }
          : { state: 'missing', why: `not among the account's ${l.arns.size} roles (ListRoles)` };
      }),
    ]),
  );
}

async function getRole(ctx: GateContext, roleName: string): Promise<RoleLookup> {
  const { GetRoleCommand } = await import('../substrate/aws-sdk/iam.js');
  try {
    const out = await (await ctx.clients.iam()).send(new GetRoleCommand({ RoleName: roleName }), { abortSignal: ctx.signal });
    return out.Role?.Arn
      ? { state: 'present', arn: out.Role.Arn, source: 'live:iam.GetRole' }
      : { state: 'error', reason: 'GetRole returned no Role.Arn' };
  } catch (err) {
    if (isAwsError(err, 'NoSuchEntity')) return { state: 'missing', why: 'NoSuchEntity' };
    return { state: 'error', reason: describeAwsError(err) };
  }
}

/** Role name from a role ARN (the last path segment). */
export function roleNameOf(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}
