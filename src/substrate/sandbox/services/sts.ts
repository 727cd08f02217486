import type { QueryHandler } from '../wire/query-handler.js';

// STS: only the identity check the gates make (sts.identity).

export const STS_ACTIONS: Record<string, QueryHandler> = {
  GetCallerIdentity: async (state) => ({
    UserId: state.caller.user_id,
    Account: state.account_id,
    Arn: state.caller.arn,
  }),
};
