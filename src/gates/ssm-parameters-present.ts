import * as z from '../core/zod-mini.js';
import type { GateContext } from '../core/context.js';
import { matchNames } from '../core/interpolate.js';
import type { ResultItem } from '../core/types.js';
import { describeAwsError } from './aws-errors.js';
import { selectHandles } from './select-handles.js';
import { askBatched } from './ask-batched.js';
import { defineGate } from './gate.js';

const Params = z.strictObject({
  handles: z.array(z.string()).check(z.minLength(1), z.describe('ssm_parameter handle names or patterns (SSM_*_PATH)')),
});
const BATCH = 50; // names per DescribeParameters Name filter: the most AWS allows

export const ssmParametersPresent = defineGate({
  kind: 'ssm.parameters_present',
  summary: 'every selected ssm_parameter handle exists with the expected type (metadata only, DescribeParameters)',
  aws: true,
  params: Params,
  acceptsPending: true,
  handleNames: (p, all) => matchNames(p.handles, all),
  selectsKind: 'ssm_parameter',
  prefetch(ctx, params) {
    const selected = selectHandles(ctx, params.handles, 'ssm_parameter');
    if ('names' in selected) requestDescriptions(ctx, pinnedPaths(ctx, selected.names));
  },
  async run(ctx, params) {
    const selected = selectHandles(ctx, params.handles, 'ssm_parameter');
    if ('outcome' in selected) return selected.outcome;
    const names = selected.names;
    let found: Map<string, string>;
    try {
      found = await described(ctx, pinnedPaths(ctx, names));
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

function pinnedPaths(ctx: GateContext, names: string[]): string[] {
  return names.flatMap((n) => ctx.registry.handles[n]!.value ?? []);
}

/** Asks (without waiting) for the type of every path; the paths of one tick share calls. */
function requestDescriptions(ctx: GateContext, paths: string[]): void {
  for (const p of paths) void typeOf(ctx, p);
}

function typeOf(ctx: GateContext, path: string): Promise<string | undefined> {
  return askBatched(ctx.memo, 'ssm.DescribeParameters', path, path, (batch) => {
    // 50 names a call (the API's maximum), every call at once.
    const names = [...batch.keys()];
    const answers = new Map<string, Promise<string | undefined>>();
    for (let i = 0; i < names.length; i += BATCH) {
      const chunk = names.slice(i, i + BATCH);
      const found = describe(ctx, chunk);
      for (const n of chunk)
        answers.set(
          n,
          found.then((m) => m.get(n)),
        );
    }
    return answers;
  });
}

/** Parameter name → type for the paths found (asking AWS for any not asked yet this pass). */
async function described(ctx: GateContext, paths: string[]): Promise<Map<string, string>> {
  const types = await Promise.all(paths.map((p) => typeOf(ctx, p)));
  return new Map(paths.flatMap((p, i) => (types[i] === undefined ? [] : [[p, types[i]!] as const])));
}

/** One batch of names → types, via DescribeParameters (never GetParameter: secrets stay in AWS). */
async function describe(ctx: GateContext, paths: string[]): Promise<Map<string, string>> {
  const { DescribeParametersCommand } = await import('../substrate/aws-sdk/ssm.js');
  const ssm = await ctx.clients.ssm();
  const found = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await ssm.send(
      new DescribeParametersCommand({
        ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: paths }],
        MaxResults: 50,
        NextToken: token,
      }),
      { abortSignal: ctx.signal },
    );
    // SSM always sends the list (empty when none matched): without it, absent and optional-skipped
    // would rest on nothing.
    if (!page.Parameters) throw new Error('DescribeParameters answered without a Parameters list: cannot tell which exist');
    for (const p of page.Parameters) if (p.Name) found.set(p.Name, p.Type ?? 'unknown');
    token = page.NextToken;
  } while (token);
  return found;
}
