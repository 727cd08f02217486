import { createHash } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * A RoleId in IAM's shape (AROA + 17 characters), derived from account and name so a role that is
 * deleted and re-created by a change gets the same id in every workspace: tests and evidence stay
 * reproducible. (Real IAM would mint a new id; nothing in gatewalk depends on that.)
 */
export function deriveRoleId(accountId: string, roleName: string): string {
  const digest = createHash('sha256').update(`${accountId}:${roleName}`).digest();
  let id = 'AROA';
  for (let i = 0; id.length < 21; i++) id += BASE32[digest[i]! % 32];
  return id;
}
