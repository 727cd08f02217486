import type { GateContext } from '../core/context.js';
import { describeAwsError, isAwsError } from './aws-errors.js';

// One listing of the account's roles per pass (iam:ListRoles, every path, 1000 a page, following
// IsTruncated/Marker), shared by every role lookup that is answered from it. Only a listing read to
// its last page answers anything: a page refused, throttled past the SDK's retries, or truncated
// without a Marker makes it an error, and no role is then present or missing by it (fail closed).

export type RoleListing =
  /** ARN by lower-cased role name (IAM role names are unique regardless of case). */
  | { arns: Map<string, string> }
  /** IAM refused the listing itself (the operator may hold iam:GetRole only). */
  | { denied: string }
  | { error: string };

/** The most roles one ListRoles page may hold. */
const PAGE = 1000;
/** IAM allows at most 5000 roles per account (10,000 on request): more pages than that is a loop. */
const MAX_PAGES = 20;

export function listedRoles(ctx: GateContext): Promise<RoleListing> {
  const key = 'iam.ListRoles:/';
  let hit = ctx.memo.get(key) as Promise<RoleListing> | undefined;
  if (!hit) ctx.memo.set(key, (hit = list(ctx)));
  return hit;
}

async function list(ctx: GateContext): Promise<RoleListing> {
  const { ListRolesCommand } = await import('../substrate/aws-sdk/iam.js');
  const arns = new Map<string, string>();
  let marker: string | undefined;
  try {
    const iam = await ctx.clients.iam();
    for (let page = 1; ; page++) {
      const out = await iam.send(new ListRolesCommand({ MaxItems: PAGE, ...(marker ? { Marker: marker } : {}) }), {
        abortSignal: ctx.signal,
      });
      // IAM always sends the list (empty for no roles): without it the listing says nothing.
      if (!out.Roles) return { error: 'ListRoles answered without a Roles list: the listing decides nothing' };
      for (const role of out.Roles) {
        if (!role.RoleName || !role.Arn) return { error: 'ListRoles returned a role without RoleName or Arn: the listing decides nothing' };
        arns.set(role.RoleName.toLowerCase(), role.Arn);
      }
      if (!out.IsTruncated) return { arns };
      if (!out.Marker) return { error: 'ListRoles said IsTruncated but gave no Marker: the listing is incomplete and decides nothing' };
      if (page === MAX_PAGES)
        return { error: `ListRoles still truncated after ${MAX_PAGES} pages: the listing is incomplete and decides nothing` };
      marker = out.Marker;
    }
  } catch (err) {
    if (isAwsError(err, 'AccessDenied')) return { denied: describeAwsError(err) };
    return { error: `ListRoles: ${describeAwsError(err)}` };
  }
}
