import { z } from 'zod';
import type { GateContext } from '../core/context.js';
import { matchNames } from '../core/interpolate.js';
import type { ResultItem } from '../core/types.js';
import { describeAwsError } from './aws-errors.js';
import { selectHandles } from './select-handles.js';
import { defineGate } from './gate.js';

const Params = z.object({ handles: z.array(z.string()).min(1).describe('ssm_parameter handle names or patterns (SSM_*_PATH)') }).strict();
const BATCH = 10; // names per DescribeParameters filter; keeps requests small and pages predictable

export const ssmParametersPresent = defineGate({
  kind: 'ssm.parameters_present',
  summary: 'every selected ssm_parameter handle exists with the expected type (metadata only, DescribeParameters)',
  params: Params,
  acceptsPending: true,
  handleNames: (p, all) => matchNames(p.handles, all),
  selectsKind: 'ssm_parameter',
  async run(ctx, params) {
    const selected = selectHandles(ctx, params.handles, 'ssm_parameter');
    if ('outcome' in selected) return selected.outcome;
    const names = selected.names;
    const pinned = names.filter((n) => ctx.registry.handles[n]!.value);
    let found: Map<string, string>;
    try {
      found = await describe(ctx, pinned.map((n) => ctx.registry.handles[n]!.value!));
    } catch (err) {
      const reason = describeAwsError(err);
      return { results: names.map((n) => ({ resource: n, status: 'error' as const, reason })) };
    }
    return { results: names.map((n) => judge(ctx, n, found)) };
  },
});

function judge(ctx: GateContext, name: string, found: Map<string, string>): ResultItem {
  const h = ctx.registry.handles[name]!;
  if (!h.value) return { resource: name, status: 'fail', reason: 'PENDING PIN: no path to look up' };
  const type = found.get(h.value);
  const required = h.required !== false;
  const wantType = h.secure === false ? undefined : 'SecureString';
  if (!type) {
    return required
      ? { resource: h.value, status: 'fail', reason: `${name}: parameter does not exist` }
      : { resource: h.value, status: 'skip', reason: `${name}: optional parameter not present` };
  }
  if (wantType && type !== wantType) return { resource: h.value, status: 'fail', reason: `${name}: type is ${type}, expected ${wantType}` };
  return { resource: h.value, status: 'pass', reason: `${name}: present as ${type}` };
}

/** Parameter name → type, via DescribeParameters (never GetParameter: secrets stay in AWS). */
async function describe(ctx: GateContext, paths: string[]): Promise<Map<string, string>> {
  const { DescribeParametersCommand } = await import('@aws-sdk/client-ssm');
  const ssm = await ctx.clients.ssm();
  const found = new Map<string, string>();
  for (let i = 0; i < paths.length; i += BATCH) {
    let token: string | undefined;
    do {
      const page = await ssm.send(
        new DescribeParametersCommand({
          ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: paths.slice(i, i + BATCH) }],
          MaxResults: 50,
          NextToken: token,
        }),
        { abortSignal: ctx.signal },
      );
      for (const p of page.Parameters ?? []) if (p.Name) found.set(p.Name, p.Type ?? 'unknown');
      token = page.NextToken;
    } while (token);
  }
  return found;
}
