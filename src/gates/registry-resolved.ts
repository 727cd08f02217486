import * as z from '../core/zod-mini.js';
import { matchNames } from '../core/interpolate.js';
import type { ResultItem } from '../core/types.js';
import { defineGate } from './gate.js';

const Params = z.strictObject({
  handles: z
    .optional(z.array(z.string()).check(z.minLength(1)))
    .check(z.describe('handle names or patterns; default: every handle the phase uses')),
});

export const registryResolved = defineGate({
  aws: false,
  kind: 'registry.resolved',
  summary: 'every handle the phase uses is pinned; none pending, none unknown',
  params: Params,
  acceptsPending: true,
  handleNames: (p, all) => (p.handles ? matchNames(p.handles, all) : []),
  async run(ctx, params) {
    const all = Object.keys(ctx.registry.handles);
    const names = params.handles ? matchNames(params.handles, all) : [...ctx.phaseHandles];
    const literal = (params.handles ?? []).filter((p) => !p.includes('*') && !all.includes(p));
    const results: ResultItem[] = [
      ...literal.map((n): ResultItem => ({ resource: n, status: 'fail', reason: 'unknown handle: not in the registry' })),
      ...names.map((n): ResultItem => {
        const h = ctx.registry.handles[n];
        if (!h) return { resource: n, status: 'fail', reason: 'unknown handle: not in the registry' };
        if (h.pending || !h.value) return { resource: n, status: 'fail', reason: 'PENDING PIN' };
        return { resource: n, status: 'pass', reason: `pinned (${h.kind})` };
      }),
    ];
    return { results };
  },
});
