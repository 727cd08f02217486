import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { budgetsEnvelope } from '../../src/gates/budgets-envelope.js';
import { sandboxWorkspacePaths } from '../../src/substrate/sandbox/index.js';
import { ENV } from '../substrate/sandbox/helpers.js';
import { emptyAnswerEndpoint } from './empty-answer.js';
import { useFreshGateHarness } from './sandbox-context.js';

// budgets.envelope against the sandbox through the real Budgets client (JSON 1.1).
const h = useFreshGateHarness();

const NAME = 'fraud-platform-dev-min-monthly';
// As the runbook passes them: strings from registry handles.
const PINNED = { account_id: '111122223333', budget_name: NAME, limit: { amount: '30', currency: 'GBP' }, thresholds: ['10', '20', '28'] };
const params = (over: object = {}) => budgetsEnvelope.params.parse({ ...PINNED, ...over });
const EVIDENCE = { path: 'm2_j/*/budget_posture_snapshot.json', limit: '/monthly_target_gbp', thresholds: '/alert_thresholds_gbp' };

async function change(name: string, steps: string[]): Promise<void> {
  await writeFile(
    join(sandboxWorkspacePaths(h.root, ENV).changesDir, `${name}.yaml`),
    `description: ${name}\nsteps:\n${steps.join('\n')}\n`,
  );
  await h.apply(name);
}

describe('budgets.envelope', () => {
  it('passes on the shipped scenario: cap, period, ladder, actual and forecast under the cap', async () => {
    h.server.resetCalls();
    const out = await budgetsEnvelope.run(await h.context(), params({ evidence: EVIDENCE }));
    expect(out.results).toEqual([
      { resource: `${NAME}: limit`, status: 'pass', reason: 'limit GBP 30 MONTHLY' },
      { resource: `${NAME}: alert ladder`, status: 'pass', reason: 'alerts at GBP 10 / GBP 20 / GBP 28' },
      { resource: `${NAME}: actual spend`, status: 'pass', reason: 'actual spend GBP 11.42 is under the cap GBP 30' },
      { resource: `${NAME}: forecast spend`, status: 'pass', reason: 'forecast spend GBP 22.80 is under the cap GBP 30' },
    ]);
    expect(h.server.calls()).toEqual({ 'budgets:DescribeBudgets': 1, 'budgets:DescribeNotificationsForBudget': 1 });
  });

  it('fails with the figures after overspend (forecast over the cap); rein-in-spend recovers', async () => {
    await h.apply('overspend');
    const out = await budgetsEnvelope.run(await h.context(), params());
    expect(out.results.map((r) => [r.resource, r.status, r.reason])).toEqual([
      [`${NAME}: limit`, 'pass', 'limit GBP 30 MONTHLY'],
      [`${NAME}: alert ladder`, 'pass', 'alerts at GBP 10 / GBP 20 / GBP 28'],
      [`${NAME}: actual spend`, 'pass', 'actual spend GBP 26.15 is under the cap GBP 30'],
      [`${NAME}: forecast spend`, 'fail', 'forecast spend GBP 41.80 is not under the cap GBP 30'],
    ]);
    await h.apply('rein-in-spend');
    expect((await budgetsEnvelope.run(await h.context(), params())).results.every((r) => r.status === 'pass')).toBe(true);
  });

  it('judges the figures the registry pins, not the ones in the gate: another cap and ladder fail the same budget', async () => {
    const out = await budgetsEnvelope.run(await h.context(), params({ limit: { amount: '20', currency: 'USD' }, thresholds: ['5', '15'] }));
    expect(out.results.map((r) => [r.status, r.reason])).toEqual([
      ['fail', 'limit is GBP 30 MONTHLY, pinned USD 20 MONTHLY'],
      ['fail', 'alerts at USD 10 / USD 20 / USD 28, pinned USD 5 / USD 15'],
      ['error', 'actual spend is in GBP, the cap in USD: not comparable'],
      ['error', 'forecast spend is in GBP, the cap in USD: not comparable'],
    ]);
  });

  it('reads percentage alerts as shares of the limit, pages notifications, and fails a missing rung', async () => {
    const notes = [
      '{ type: ACTUAL, threshold: 33.333333, threshold_type: PERCENTAGE }',
      '{ type: FORECASTED, threshold: 93.333333, threshold_type: PERCENTAGE }',
      ...Array.from({ length: 120 }, () => '{ type: ACTUAL, threshold: 20 }'),
    ];
    await change('percent-ladder', [
      `  - { op: put_budget, name: ${NAME}, limit: { amount: "30", unit: GBP }, actual_spend: "1", forecast_spend: "2", notifications: [${notes.join(', ')}] }`,
    ]);
    h.server.resetCalls();
    const ok = await budgetsEnvelope.run(await h.context(), params());
    expect(ok.results[1]).toMatchObject({ status: 'pass', reason: 'alerts at GBP 10 / GBP 20 / GBP 28' });
    expect(h.server.calls()['budgets:DescribeNotificationsForBudget']).toBe(2);
    await change('no-top-rung', [
      `  - { op: put_budget, name: ${NAME}, limit: { amount: "30", unit: GBP }, actual_spend: "1", forecast_spend: "2", notifications: [{ threshold: 10 }, { threshold: 20 }] }`,
    ]);
    expect((await budgetsEnvelope.run(await h.context(), params())).results[1]).toMatchObject({
      status: 'fail',
      reason: 'alerts at GBP 10 / GBP 20, pinned GBP 10 / GBP 20 / GBP 28',
    });
  });

  it('fails when the pinned budget is missing (also among many, across pages), and says the evidence disagrees', async () => {
    await change(
      'other-budgets',
      Array.from({ length: 120 }, (_, i) => `  - { op: put_budget, name: other-${i}, limit: { amount: "5", unit: GBP } }`).concat(
        `  - { op: delete_budget, name: ${NAME} }`,
      ),
    );
    h.server.resetCalls();
    const out = await budgetsEnvelope.run(await h.context(), params());
    expect(out.results).toEqual([
      { resource: NAME, status: 'fail', reason: `no budget named ${NAME} in account 111122223333: the envelope is not enforced` },
    ]);
    expect(h.server.calls()).toEqual({ 'budgets:DescribeBudgets': 2 });
    await change(
      'no-budgets',
      Array.from({ length: 120 }, (_, i) => `  - { op: delete_budget, name: other-${i} }`),
    );
    expect((await budgetsEnvelope.run(await h.context(), params())).results[0]).toMatchObject({
      status: 'fail',
      reason: expect.stringMatching(/^no budget named/),
    });
    // A budget at another cap than the evidence claims: the result says both.
    await change('bigger-budget', [
      `  - { op: put_budget, name: ${NAME}, limit: { amount: "45", unit: GBP }, actual_spend: "1", forecast_spend: "2", notifications: [{ threshold: 10 }, { threshold: 20 }, { threshold: 28 }] }`,
    ]);
    const bigger = await budgetsEnvelope.run(await h.context(), params({ evidence: EVIDENCE }));
    expect(bigger.results[0]!.reason).toBe(
      'limit is GBP 45 MONTHLY, pinned GBP 30 MONTHLY; evidence says cap 30 (m2_j/20260213T205715Z/budget_posture_snapshot.json#/monthly_target_gbp), account has 45',
    );
  });

  it('is an error, never a pass, when denied, throttled, timed out or answered empty', async () => {
    for (const [fault, pattern] of [
      [{ kind: 'access-denied', service: 'budgets' }, /AccessDeniedException.*budgets:DescribeBudgets.*not allowed/],
      [
        { kind: 'throttling', service: 'budgets', action: 'DescribeNotificationsForBudget' },
        /ThrottlingException.*after 2 attempts.*throttled past the retry budget/,
      ],
    ] as const) {
      h.server.inject(fault);
      const out = await budgetsEnvelope.run(await h.context(), params());
      h.server.clearFaults();
      expect(out.results).toEqual([{ resource: NAME, status: 'error', reason: expect.stringMatching(pattern) }]);
    }
    h.server.inject({ kind: 'latency', ms: 5_000, service: 'budgets' });
    const slow = await budgetsEnvelope.run(await h.context({ signal: AbortSignal.timeout(200) }), params());
    h.server.clearFaults();
    expect(slow.results).toEqual([{ resource: NAME, status: 'error', reason: expect.stringMatching(/abort/i) }]);
    const empty = await emptyAnswerEndpoint('application/x-amz-json-1.1', '{}');
    try {
      const out = await budgetsEnvelope.run(await h.context({ clients: empty.clients }), params());
      expect(out.results).toEqual([{ resource: NAME, status: 'error', reason: expect.stringMatching(/without a Budgets list/) }]);
    } finally {
      await empty.close();
    }
  });
});
