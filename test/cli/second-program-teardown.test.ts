import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { gatewalk } from './cli-harness.js';

// The cost guardrails and the teardown proof on the second program, added the way its owner
// would: another region (us-east-1), account, currency (USD), period (QUARTERLY), a percentage
// alert ladder, another allowed tag (ttl=ephemeral), another teardown tag (stack=preview) and ECS
// names from its own template. Its preview stack comes and goes with sandbox changes, and
// `sandbox status` shows what the checks see.
const PHASE = `
  - id: preview-teardown
    title: Preview stack gone, spend in the envelope
    requires: [release]
    evidence_dir: preview_teardown
    snapshot: preview_teardown_verdict.json
    steps:
      - id: spend
        title: Budget and load balancers
        checks:
          - id: stage-budget
            gate: budgets.envelope
            params:
              account_id: \${SHOP_ACCOUNT}
              budget_name: \${STAGE_BUDGET}
              limit: { amount: "\${STAGE_BUDGET_CAP}", currency: USD }
              time_unit: QUARTERLY
              thresholds: ["\${STAGE_ALERT_LOW}", "\${STAGE_ALERT_HIGH}"]
            blocker: COST-1
          - id: ephemeral-load-balancers
            gate: elbv2.no_load_balancers
            params: { allow_tag: { key: ttl, value: ephemeral } }
            blocker: COST-2
      - id: teardown
        title: Nothing of the preview left
        checks:
          - id: no-preview-stack
            gate: tagging.no_resources
            params: { tag: { key: stack, value: "\${PREVIEW_STACK}" } }
            blocker: COST-3
          - id: preview-services-stopped
            gate: ecs.services
            params: { cluster: "\${SHOP_CLUSTER}", services: ["*"], name: "shop-{entrypoint}", expect: stopped }
            blocker: COST-4
`;
const HANDLES = [
  'SHOP_CLUSTER: shop-stage',
  'STAGE_BUDGET: shop-stage-quarterly',
  'STAGE_BUDGET_CAP: "1200"',
  'STAGE_ALERT_LOW: "600"',
  'STAGE_ALERT_HIGH: "1080"',
  'PREVIEW_STACK: preview',
]
  .map((h) => h.split(': '))
  .map(([name, value]) => `  ${name}:\n    kind: string\n    value: ${value}\n`)
  .join('');
const SCENARIO = `
budgets:
  shop-stage-quarterly:
    limit: { amount: "1200.0", unit: USD }
    time_unit: QUARTERLY
    actual_spend: "310.55"
    forecast_spend: "905.10"
    notifications:
      - { type: FORECASTED, threshold: 50, threshold_type: PERCENTAGE }
      - { type: ACTUAL, threshold: 90, threshold_type: PERCENTAGE }
load_balancers:
  shop-checkout-canary: { type: network, scheme: internal, vpc_id: vpc-5a5b5c5d, tags: { ttl: ephemeral } }
ecs:
  clusters:
    shop-stage: {}
`;
const CHANGES: Record<string, string> = {
  'start-preview': `description: bring up the preview stack (web load balancer, orders queue, checkout service)
steps:
  - { op: put_load_balancer, name: shop-preview-web, vpc_id: vpc-5a5b5c5d, tags: { stack: preview } }
  - { op: put_tagged_resource, arn: "arn:aws:sqs:us-east-1:444455556666:shop-preview-orders", tags: { stack: preview } }
  - op: put_ecs_task_definition
    name: "shop-checkout:1"
    task_role_arn: arn:aws:iam::444455556666:role/shop-stage-checkout
    containers: [{ name: checkout, image: "444455556666.dkr.ecr.us-east-1.amazonaws.com/shop/web:v2.3.1" }]
  - { op: put_ecs_service, cluster: shop-stage, name: shop-checkout, task_definition: "shop-checkout:1", desired_count: 2, running_count: 2 }
`,
  'destroy-preview': `description: destroy the preview stack
steps:
  - { op: destroy_tagged, key: stack, value: preview }
  - { op: scale_ecs_services, cluster: shop-stage, desired_count: 0, running_count: 0 }
`,
  overspend: `description: the quarter runs over
steps:
  - { op: set_budget_spend, name: shop-stage-quarterly, actual_spend: "1250", forecast_spend: "1630" }
`,
};

describe('cost guardrails and teardown proof on a user program in us-east-1', { timeout: 300_000 }, () => {
  let root: string;
  const at = (...p: string[]) => path.join(root, ...p);
  const edit = async (file: string, f: (s: string) => string) => writeFile(at(file), f(await readFile(at(file), 'utf8')));
  const run = async () => {
    const r = await gatewalk(root, ['run', 'preview-teardown', '--sandbox', '--json']);
    return {
      code: r.code,
      verdict: JSON.parse(r.stdout) as {
        blockers: Array<{ code: string }>;
        checks: Array<{ id: string; resource: string; status: string; reason: string }>;
      },
    };
  };
  const apply = async (change: string) => expect((await gatewalk(root, ['sandbox', 'apply', change])).code).toBe(0);
  beforeAll(async () => {
    root = await copyProgram(SHOP);
    await edit('registry/shop_stage.yaml', (s) => s.replace('handles:\n', `handles:\n${HANDLES}`));
    await edit(
      'runbooks/shop_launch.yaml',
      (s) =>
        `${s.replace('blockers:\n', 'blockers:\n  COST-1: stage budget breached\n  COST-2: a load balancer is not ephemeral\n  COST-3: preview stack left behind\n  COST-4: preview services still run\n')}${PHASE}`,
    );
    await edit('sandbox/shop_stage/scenario.yaml', (s) => `${s}${SCENARIO}`);
    for (const [name, text] of Object.entries(CHANGES)) await writeFile(at('sandbox', 'shop_stage', 'changes', `${name}.yaml`), text);
    expect((await gatewalk(root, ['validate'])).code).toBe(0);
    const release = await gatewalk(root, ['run', 'release', '--sandbox', '--attest', 'notes=pass:signed off by qa']);
    expect(release.code, release.stdout + release.stderr).toBe(0);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('green on the scenario: USD 1200 quarterly with alerts at 50%/90%, the canary is ephemeral, no preview, no service', async () => {
    const { code, verdict } = await run();
    expect(code).toBe(0);
    expect(verdict.checks.map((c) => `${c.id} ${c.status} ${c.resource}`)).toEqual([
      'stage-budget pass shop-stage-quarterly: limit',
      'stage-budget pass shop-stage-quarterly: alert ladder',
      'stage-budget pass shop-stage-quarterly: actual spend',
      'stage-budget pass shop-stage-quarterly: forecast spend',
      'ephemeral-load-balancers pass shop-checkout-canary',
      'no-preview-stack pass tag stack=preview',
      'preview-services-stopped pass CHECKOUT_API (shop-checkout)',
      'preview-services-stopped pass ORDER_WORKER (shop-worker)',
    ]);
  });

  it('start-preview: sandbox status lists its load balancer, tagged queue and service; the phase fails naming each', async () => {
    await apply('start-preview');
    const status = (await gatewalk(root, ['sandbox', 'status'])).stdout;
    expect(status).toContain(
      '  load balancers (2)\n    shop-checkout-canary  network internal  vpc-5a5b5c5d  active  ttl=ephemeral\n    shop-preview-web  application internet-facing  vpc-5a5b5c5d  active  stack=preview\n',
    );
    expect(status).toContain(
      '  budgets (1)\n    shop-stage-quarterly  1200.0 USD QUARTERLY  actual 310.55 / forecast 905.10  alerts at 50%/90%\n',
    );
    expect(status).toContain('    arn:aws:sqs:us-east-1:444455556666:shop-preview-orders  stack=preview\n');
    expect(status).toMatch(/shop-stage\/shop-checkout {2}shop-checkout:1 {2}2\/2 ACTIVE/);
    const { code, verdict } = await run();
    expect(code).toBe(3);
    expect(verdict.blockers.map((b) => b.code)).toEqual(['COST-2', 'COST-3', 'COST-4']);
    // The reasons speak of this program, never of the shipped example's env.
    expect(verdict.checks.find((c) => c.resource === 'shop-preview-web')?.reason).toMatch(
      /not tagged ttl=ephemeral: an always-on load balancer is prohibited; delete it/,
    );
    expect(JSON.stringify(verdict.checks)).not.toContain('dev_min');
    expect(verdict.checks.filter((c) => c.status === 'fail').map((c) => [c.id, c.resource])).toEqual([
      ['ephemeral-load-balancers', 'shop-preview-web'],
      [
        'no-preview-stack',
        expect.stringMatching(/^arn:aws:elasticloadbalancing:us-east-1:444455556666:loadbalancer\/app\/shop-preview-web\//),
      ],
      ['no-preview-stack', 'arn:aws:sqs:us-east-1:444455556666:shop-preview-orders'],
      ['preview-services-stopped', 'CHECKOUT_API (shop-checkout)'],
    ]);
  });

  it('destroy-preview closes it green; an overspend fails it with the figures', async () => {
    await apply('destroy-preview');
    expect((await run()).code).toBe(0);
    await apply('overspend');
    const { code, verdict } = await run();
    expect(code).toBe(3);
    expect(verdict.checks.filter((c) => c.status === 'fail').map((c) => c.reason)).toEqual([
      'actual spend USD 1250 is not under the cap USD 1200',
      'forecast spend USD 1630 is not under the cap USD 1200',
    ]);
  });
});
