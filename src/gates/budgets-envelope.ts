import * as z from '../core/zod-mini.js';
import type { GateContext } from '../core/context.js';
import type { ResultItem } from '../core/types.js';
import { describeAwsError, isAwsError } from './aws-errors.js';
import { EvidenceClaimParam, readClaim, withNote } from './evidence-claim.js';
import { defineGate } from './gate.js';

// Seed §3.1: the budget envelope (~£30/month, alert ladder £10/£20/£28). Live: the pinned budget
// exists with the pinned limit, currency and period, its alerts are exactly the pinned ladder,
// and actual and forecast spend are under the cap. Figures come from registry handles.

const Amount = z
  .pipe(
    z.union([z.number(), z.string().check(z.regex(/^\d{1,12}(?:\.\d{1,10})?$/, 'a decimal amount such as 30 or 27.50'))]),
    z.transform(Number),
  )
  .check(z.refine((n) => Number.isFinite(n) && n >= 0, 'a non-negative amount'));

const EvidenceParam = z.catchall(
  z.extend(z.omit(EvidenceClaimParam, { pointer: true }), {
    limit: z.optional(z.string().check(z.regex(/^\//))),
    thresholds: z.optional(z.string().check(z.regex(/^\//))),
  }),
  z.never(),
);

const Params = z.strictObject({
  account_id: z.string().check(z.regex(/^\d{12}$/, 'a 12-digit account id (e.g. ${ACCOUNT_ID})')),
  budget_name: z.string().check(z.minLength(1), z.maxLength(100)),
  limit: z.strictObject({ amount: Amount, currency: z.string().check(z.regex(/^[A-Z]{3}$/, 'a currency code such as GBP')) }),
  time_unit: z._default(z.enum(['DAILY', 'MONTHLY', 'QUARTERLY', 'ANNUALLY']), 'MONTHLY'),
  thresholds: z.array(Amount).check(z.minLength(1), z.describe('the alert ladder, as amounts in the limit currency')),
  evidence: z
    .optional(EvidenceParam)
    .check(z.describe('evidence file stating the cap and ladder (the result says when it disagrees with the account)')),
});
type Params = z.infer<typeof Params>;

interface Budget {
  limit?: { amount: number; unit: string };
  timeUnit?: string;
  actual?: { amount: number; unit: string };
  forecast?: { amount: number; unit: string };
}

const CENT = 0.005;
const same = (a: number, b: number) => Math.abs(a - b) < CENT;
const money = (n: number, unit: string) => {
  const cents = Math.round(n * 100) / 100;
  return `${unit} ${Number.isInteger(cents) ? cents : cents.toFixed(2)}`;
};

export const budgetsEnvelope = defineGate({
  aws: true,
  kind: 'budgets.envelope',
  summary:
    'the pinned budget has the pinned cap, period and alert ladder, and spend and forecast are under the cap (Budgets DescribeBudgets + DescribeNotificationsForBudget)',
  params: Params,
  async run(ctx, params) {
    const name = params.budget_name;
    let budget: Budget | undefined;
    let ladder: number[] = [];
    try {
      budget = await findBudget(ctx, params.account_id, name);
      if (budget) ladder = await alertLadder(ctx, params.account_id, name, budget.limit?.amount);
    } catch (err) {
      return { results: [{ resource: name, status: 'error', reason: describeAwsError(err) }] };
    }
    if (!budget)
      return {
        results: [
          {
            resource: name,
            status: 'fail',
            reason: `no budget named ${name} in account ${params.account_id}: the envelope is not enforced`,
          },
        ],
      };
    const results = [
      limitResult(name, budget, params),
      ladderResult(name, ladder, params),
      spendResult(name, 'actual spend', budget.actual, params),
      spendResult(name, 'forecast spend', budget.forecast, params),
    ];
    return { results: withNote(results, await evidenceNote(ctx, params, budget, ladder)) };
  },
});

function limitResult(name: string, b: Budget, p: Params): ResultItem {
  const want = `${money(p.limit.amount, p.limit.currency)} ${p.time_unit}`;
  if (!b.limit) return { resource: `${name}: limit`, status: 'error', reason: 'the budget carries no limit' };
  const has = `${money(b.limit.amount, b.limit.unit)} ${b.timeUnit ?? '(no period)'}`;
  const ok = same(b.limit.amount, p.limit.amount) && b.limit.unit === p.limit.currency && b.timeUnit === p.time_unit;
  return { resource: `${name}: limit`, status: ok ? 'pass' : 'fail', reason: ok ? `limit ${has}` : `limit is ${has}, pinned ${want}` };
}

function ladderResult(name: string, ladder: number[], p: Params): ResultItem {
  const want = [...p.thresholds].sort((a, b) => a - b);
  const list = (xs: number[]) => (xs.length ? xs.map((x) => money(x, p.limit.currency)).join(' / ') : 'none');
  const ok = ladder.length === want.length && ladder.every((x, i) => same(x, want[i]!));
  return {
    resource: `${name}: alert ladder`,
    status: ok ? 'pass' : 'fail',
    reason: ok ? `alerts at ${list(ladder)}` : `alerts at ${list(ladder)}, pinned ${list(want)}`,
  };
}

function spendResult(name: string, what: string, spend: Budget['actual'], p: Params): ResultItem {
  const resource = `${name}: ${what}`;
  const cap = money(p.limit.amount, p.limit.currency);
  if (!spend) return { resource, status: 'error', reason: `Budgets reports no ${what}: cannot show it is under the cap ${cap}` };
  if (spend.unit !== p.limit.currency)
    return { resource, status: 'error', reason: `${what} is in ${spend.unit}, the cap in ${p.limit.currency}: not comparable` };
  const under = spend.amount < p.limit.amount - CENT;
  return {
    resource,
    status: under ? 'pass' : 'fail',
    reason: `${what} ${money(spend.amount, spend.unit)} ${under ? 'is under' : 'is not under'} the cap ${cap}`,
  };
}

async function findBudget(ctx: GateContext, AccountId: string, name: string): Promise<Budget | undefined> {
  const { DescribeBudgetsCommand } = await import('../substrate/aws-sdk/budgets.js');
  const client = await ctx.clients.budgets();
  const amount = (s?: { Amount?: string; Unit?: string }) =>
    s?.Amount !== undefined && s.Unit ? { amount: Number(s.Amount), unit: s.Unit } : undefined;
  let NextToken: string | undefined;
  do {
    let page;
    try {
      page = await client.send(new DescribeBudgetsCommand({ AccountId, MaxResults: 100, NextToken }), { abortSignal: ctx.signal });
    } catch (err) {
      if (isAwsError(err, 'NotFound')) return undefined; // Budgets' answer for an account without budgets
      throw err;
    }
    if (!page.Budgets) throw new Error('DescribeBudgets answered without a Budgets list');
    const b = page.Budgets.find((x) => x.BudgetName === name);
    if (b)
      return {
        limit: amount(b.BudgetLimit),
        timeUnit: b.TimeUnit,
        actual: amount(b.CalculatedSpend?.ActualSpend),
        forecast: amount(b.CalculatedSpend?.ForecastedSpend),
      };
    NextToken = page.NextToken;
  } while (NextToken);
  return undefined;
}

/** Alert thresholds as amounts (a PERCENTAGE threshold is a share of the budget's own limit), sorted, distinct. */
async function alertLadder(ctx: GateContext, AccountId: string, BudgetName: string, limit: number | undefined): Promise<number[]> {
  const { DescribeNotificationsForBudgetCommand } = await import('../substrate/aws-sdk/budgets.js');
  const client = await ctx.clients.budgets();
  const amounts: number[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(new DescribeNotificationsForBudgetCommand({ AccountId, BudgetName, MaxResults: 100, NextToken }), {
      abortSignal: ctx.signal,
    });
    if (!page.Notifications) throw new Error('DescribeNotificationsForBudget answered without a Notifications list');
    for (const n of page.Notifications) {
      if (n.ComparisonOperator !== 'GREATER_THAN' || n.Threshold === undefined) continue; // only "spend went over X" alerts form the ladder
      if (n.ThresholdType === 'PERCENTAGE' && limit === undefined) throw new Error('a percentage alert on a budget without a limit');
      amounts.push(n.ThresholdType === 'PERCENTAGE' ? (n.Threshold * limit!) / 100 : n.Threshold);
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return [...amounts].sort((a, b) => a - b).filter((x, i, xs) => i === 0 || !same(x, xs[i - 1]!));
}

async function evidenceNote(ctx: GateContext, p: Params, b: Budget, ladder: number[]): Promise<string | undefined> {
  if (!p.evidence) return undefined;
  const notes: string[] = [];
  const compare = async (pointer: string | undefined, live: number[], what: string) => {
    if (!pointer) return;
    const claim = await readClaim(ctx, { path: p.evidence!.path, pointer });
    if ('unreadable' in claim) return void notes.push(`evidence ${claim.where}: ${claim.unreadable}`);
    const said = ([] as unknown[]).concat(claim.value);
    if (said.some((x) => typeof x !== 'number')) return void notes.push(`evidence ${claim.where} is not an amount`);
    if (said.length !== live.length || !(said as number[]).every((x, i) => same(x, live[i]!))) {
      notes.push(
        `evidence says ${what} ${(said as number[]).join('/')} (${claim.where}), account has ${live.length ? live.map((x) => +x.toFixed(2)).join('/') : 'none'}`,
      );
    }
  };
  await compare(p.evidence.limit, b.limit ? [b.limit.amount] : [], 'cap');
  await compare(p.evidence.thresholds, ladder, 'alerts');
  return notes.join('; ') || undefined;
}
