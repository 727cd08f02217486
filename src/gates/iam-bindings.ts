import * as z from '../core/zod-mini.js';
import type { GateContext } from '../core/context.js';
import { matchNames } from '../core/interpolate.js';
import type { ResultItem } from '../core/types.js';
import { defineGate } from './gate.js';
import { lookupRole, roleNameOf } from './role-lookup.js';

const Params = z.strictObject({
  services: z._default(z.array(z.string()).check(z.minLength(1)), ['*']).check(z.describe('service names or patterns (SVC_*)')),
});

export const iamBindings = defineGate({
  kind: 'iam.bindings',
  summary: 'every service has a role handle, pinned, materialized, and equal to the Terraform output for it',
  aws: true,
  params: Params,
  acceptsPending: true,
  prefetch(ctx, params) {
    for (const svc of matchNames(params.services, Object.keys(ctx.registry.services))) {
      const h = ctx.registry.handles[ctx.registry.services[svc]!.role];
      if (h?.kind === 'iam_role' && !h.pending && h.value) void lookupRole(ctx, roleNameOf(h.value));
    }
  },
  async run(ctx, params) {
    const services = matchNames(params.services, Object.keys(ctx.registry.services));
    const results = await Promise.all(services.map((svc) => checkBinding(ctx, svc)));
    return { results };
  },
});

async function checkBinding(ctx: GateContext, service: string): Promise<ResultItem> {
  const roleHandle = ctx.registry.services[service]!.role;
  const h = ctx.registry.handles[roleHandle];
  const at = (status: ResultItem['status'], reason: string): ResultItem => ({
    resource: service,
    status,
    reason: `${roleHandle}: ${reason}`,
  });
  if (!h) return at('fail', 'no such handle in the registry');
  if (h.kind !== 'iam_role') return at('fail', `handle is a ${h.kind}, not an iam_role`);
  if (h.pending || !h.value) return at('fail', 'PENDING PIN: binding unresolved');
  const found = await lookupRole(ctx, roleNameOf(h.value));
  if (found.state === 'error') return at('error', found.reason);
  if (found.state === 'missing') return at('fail', `role ${roleNameOf(h.value)} not materialized`);
  if (found.arn !== h.value) return at('fail', `pinned ${h.value} but IAM has ${found.arn}`);
  if (h.terraform) {
    const outputs = ctx.terraform[h.terraform.source];
    if (!outputs) return at('error', `Terraform outputs of source "${h.terraform.source}" are not available: cannot compare`);
    const offered = outputs[h.terraform.output];
    if (offered === undefined) return at('fail', `Terraform source "${h.terraform.source}" has no output ${h.terraform.output}`);
    if (offered !== h.value)
      return at('fail', `pinned ${h.value} but Terraform ${h.terraform.source}.${h.terraform.output} = ${String(offered)}`);
  }
  return at('pass', `bound to ${h.value}${h.terraform ? ` (= terraform ${h.terraform.source}.${h.terraform.output})` : ''}`);
}
