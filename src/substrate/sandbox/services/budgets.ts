import { AwsServiceError } from '../wire/aws-error.js';
import type { BudgetState } from '../state/guardrail-state.js';
import type { JsonHandler, JsonRequest } from '../wire/json-protocol.js';
import { decodePageToken, encodePageToken, requestFingerprint } from '../wire/page-token.js';

// AWS Budgets (JSON 1.1, `X-Amz-Target: AWSBudgetServiceGateway.<Action>`): DescribeBudgets and
// DescribeNotificationsForBudget, paged by NextToken, with the errors Budgets answers (an account
// without budgets, or an unknown budget, is NotFoundException). What budgets.envelope reads.

export const BUDGETS_TARGET = 'AWSBudgetServiceGateway';

function invalid(message: string): AwsServiceError {
  return new AwsServiceError('InvalidParameterException', message, 400);
}

function accountOf({ state, input }: JsonRequest): void {
  const account = input.AccountId;
  if (typeof account !== 'string' || !/^\d{12}$/.test(account)) {
    throw invalid("1 validation error detected: Value at 'accountId' failed to satisfy constraint: Member must satisfy regular expression pattern: \\d{12}");
  }
  if (account !== state.account_id) {
    throw new AwsServiceError('AccessDeniedException', `User: ${state.caller.arn} is not authorized to access budgets of account ${account}`, 400);
  }
}

function maxResults(input: Record<string, unknown>, max: number): number {
  const value = input.MaxResults ?? max;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw invalid(`1 validation error detected: Value '${String(value)}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and ${max}`);
  }
  return value;
}

/** One page of `items` after the token's position; positions are indices into a stable order. */
function page<T>(input: Record<string, unknown>, items: T[], size: number, fingerprint: string): { items: T[]; NextToken?: string } {
  let start = 0;
  if (input.NextToken !== undefined) {
    const position = typeof input.NextToken === 'string' ? decodePageToken(input.NextToken, fingerprint) : undefined;
    if (typeof position !== 'number') throw new AwsServiceError('InvalidNextTokenException', 'The pagination token is invalid.', 400);
    start = position;
  }
  const slice = items.slice(start, start + size);
  const next = start + slice.length;
  return { items: slice, ...(next < items.length ? { NextToken: encodePageToken(next, fingerprint) } : {}) };
}

function money(amount: string, unit: string): { Amount: string; Unit: string } {
  return { Amount: amount, Unit: unit };
}

function periodStart(now: Date): number {
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) / 1000;
}

function describe(name: string, b: BudgetState): Record<string, unknown> {
  const unit = b.limit.unit;
  const spend = {
    ...(b.actual_spend !== undefined ? { ActualSpend: money(b.actual_spend, unit) } : {}),
    ...(b.forecast_spend !== undefined ? { ForecastedSpend: money(b.forecast_spend, unit) } : {}),
  };
  return {
    BudgetName: name,
    BudgetLimit: money(b.limit.amount, unit),
    CostFilters: {},
    TimeUnit: b.time_unit,
    TimePeriod: { Start: periodStart(new Date()), End: 3706473600 }, // AWS's open-ended End: 2087-06-15
    ...(Object.keys(spend).length > 0 ? { CalculatedSpend: spend } : {}),
    BudgetType: b.budget_type,
  };
}

const describeBudgets: JsonHandler = async (req) => {
  accountOf(req);
  const size = maxResults(req.input, 100);
  const names = Object.keys(req.state.budgets).sort();
  if (names.length === 0) {
    throw new AwsServiceError('NotFoundException', `[Exception=NotFoundException] Unable to get budgets for account: ${req.state.account_id} - no budgets found`, 400);
  }
  const { items, NextToken } = page(req.input, names, size, requestFingerprint(['budgets', req.state.account_id]));
  return { Budgets: items.map((n) => describe(n, req.state.budgets[n]!)), ...(NextToken ? { NextToken } : {}) };
};

const describeNotificationsForBudget: JsonHandler = async (req) => {
  accountOf(req);
  const size = maxResults(req.input, 100);
  const name = req.input.BudgetName;
  if (typeof name !== 'string' || name === '') throw invalid("1 validation error detected: Value null at 'budgetName' failed to satisfy constraint: Member must not be null");
  const budget = Object.hasOwn(req.state.budgets, name) ? req.state.budgets[name] : undefined;
  if (!budget) throw new AwsServiceError('NotFoundException', `[Exception=NotFoundException] Unable to get budget: ${name} - the budget doesn't exist.`, 400);
  const { items, NextToken } = page(req.input, budget.notifications, size, requestFingerprint(['notifications', name]));
  return {
    Notifications: items.map((n) => ({
      NotificationType: n.type,
      ComparisonOperator: n.comparison,
      Threshold: n.threshold,
      ThresholdType: n.threshold_type,
      NotificationState: n.state,
    })),
    ...(NextToken ? { NextToken } : {}),
  };
};

export const BUDGETS_ACTIONS: Record<string, JsonHandler> = {
  DescribeBudgets: describeBudgets,
  DescribeNotificationsForBudget: describeNotificationsForBudget,
};
