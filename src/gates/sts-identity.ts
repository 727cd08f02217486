import * as z from '../core/zod-mini.js';
import { callerIdentity } from './caller-identity.js';
import { globToRegExp } from '../core/glob.js';
import { defineGate } from './gate.js';

export const stsIdentity = defineGate({
  kind: 'sts.identity',
  summary: 'caller account (and optionally ARN pattern) equals the pinned account',
  aws: true,
  params: z.strictObject({
    account: z.string().check(z.regex(/^\d{12}$/, 'account must be a 12-digit account id')),
    arn_pattern: z.optional(z.string()).check(z.describe('glob over the caller ARN, * matches any run of characters')),
  }),
  async run(ctx, params) {
    // Shares the run's one GetCallerIdentity (the engine asked it for the snapshot's operator).
    const who = await callerIdentity(ctx.clients, ctx.memo, ctx.signal);
    if ('error' in who) return { results: [{ resource: 'caller', status: 'error', reason: who.error }] };
    if (who.account !== params.account) {
      return {
        results: [
          { resource: who.arn, status: 'fail', reason: `caller account ${who.account} is not the pinned account ${params.account}` },
        ],
      };
    }
    if (params.arn_pattern && !globToRegExp(params.arn_pattern).test(who.arn)) {
      return { results: [{ resource: who.arn, status: 'fail', reason: `caller ARN does not match ${params.arn_pattern}` }] };
    }
    return { results: [{ resource: who.arn, status: 'pass', reason: `caller is in account ${params.account}` }] };
  },
});
