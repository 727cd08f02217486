import * as z from '../core/zod-mini.js';
import type { GateContext } from '../core/context.js';
import { matchNames } from '../core/interpolate.js';
import type { Observation, ResultItem } from '../core/types.js';
import { selectHandles } from './select-handles.js';
import { defineGate } from './gate.js';
import { lookupRole, roleNameOf } from './role-lookup.js';

const Params = z.strictObject({
  handles: z.array(z.string()).check(z.minLength(1), z.describe('iam_role handle names or patterns (ROLE_*)')),
});

export const iamRolesMaterialized = defineGate({
  kind: 'iam.roles_materialized',
  summary: 'every selected iam_role handle exists as a real role',
  aws: true,
  params: Params,
  acceptsPending: true,
  handleNames: (p, all) => matchNames(p.handles, all),
  selectsKind: 'iam_role',
  prefetch(ctx, params) {
    const selected = selectHandles(ctx, params.handles, 'iam_role');
    for (const name of 'names' in selected ? selected.names : []) {
      const roleName = roleNameFor(ctx, name);
      if (roleName) void lookupRole(ctx, roleName);
    }
  },
  async run(ctx, params) {
    const selected = selectHandles(ctx, params.handles, 'iam_role');
    if ('outcome' in selected) return selected.outcome;
    const names = selected.names;
    const observations: Observation[] = [];
    const results = await Promise.all(names.map((name) => checkRole(ctx, name, observations)));
    return { results, observations };
  },
});

async function checkRole(ctx: GateContext, name: string, observations: Observation[]): Promise<ResultItem> {
  const h = ctx.registry.handles[name]!;
  const roleName = roleNameFor(ctx, name);
  if (!roleName) {
    return { resource: name, status: 'fail', reason: 'PENDING PIN with no role_name: nothing to look up' };
  }
  const found = await lookupRole(ctx, roleName);
  if (found.state === 'error') return { resource: name, status: 'error', reason: found.reason };
  if (found.state === 'missing') {
    return {
      resource: name,
      status: 'fail',
      reason: `role ${roleName} is not materialized (${found.why})${h.pending ? '; handle is PENDING PIN' : ''}`,
    };
  }
  if (h.pending) {
    return { resource: name, status: 'fail', reason: `role exists as ${found.arn} but the handle is still PENDING PIN: repin it` };
  }
  if (found.arn !== h.value) {
    observations.push({ handle: name, value: found.arn, source: found.source });
    return { resource: name, status: 'fail', reason: `pinned ${h.value} but IAM has ${found.arn}` };
  }
  return { resource: name, status: 'pass', reason: `materialized as ${found.arn}` };
}

/** The role a handle names: from its pinned ARN, else its declared role_name (pending handles). */
function roleNameFor(ctx: GateContext, name: string): string | undefined {
  const h = ctx.registry.handles[name]!;
  return h.value ? roleNameOf(h.value) : h.role_name;
}
