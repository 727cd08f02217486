import { z } from 'zod';
import { describeAwsError } from './aws-errors.js';
import { defineGate } from './gate.js';
import { globToRegExp } from '../glob.js';

export const stsIdentity = defineGate({
  kind: 'sts.identity',
  summary: 'caller account (and optionally ARN pattern) equals the pinned account',
  params: z
    .object({
      account: z.string().regex(/^\d{12}$/, 'account must be a 12-digit account id'),
      arn_pattern: z.string().optional().describe('glob over the caller ARN, * matches any run of characters'),
    })
    .strict(),
  async run(ctx, params) {
    const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
    let who;
    try {
      who = await (await ctx.clients.sts()).send(new GetCallerIdentityCommand({}), { abortSignal: ctx.signal });
    } catch (err) {
      return { results: [{ resource: 'caller', status: 'error', reason: describeAwsError(err) }] };
    }
    const arn = who.Arn ?? '(no ARN)';
    if (who.Account !== params.account) {
      return { results: [{ resource: arn, status: 'fail', reason: `caller account ${who.Account} is not the pinned account ${params.account}` }] };
    }
    if (params.arn_pattern && !globToRegExp(params.arn_pattern).test(arn)) {
      return { results: [{ resource: arn, status: 'fail', reason: `caller ARN does not match ${params.arn_pattern}` }] };
    }
    return { results: [{ resource: arn, status: 'pass', reason: `caller is in account ${params.account}` }] };
  },
});
