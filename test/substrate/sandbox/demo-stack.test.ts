import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applySandboxChange, ensureSandbox, formatSandboxStatus, sandboxStatus } from '../../../src/substrate/sandbox/index.js';
import { ENV, tempRoot } from './helpers.js';

// The demo stack of the shipped scenario: start-daemons brings the daemons and the demo-scoped
// resources (an ALB and a log group tagged lifetime=demo), destroy-demo takes them away, and
// `sandbox status` shows every resource kind the guardrails ask about.
const LOG_GROUP = 'arn:aws:logs:eu-west-2:111122223333:log-group:/fraud-platform/dev_min/demo';

describe('the demo stack in the sandbox status', () => {
  let root: string;
  beforeAll(async () => {
    root = await tempRoot();
    await ensureSandbox(root, ENV);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('before the demo: the budget with its ladder, no load balancer, nothing tagged, no service', async () => {
    const s = await sandboxStatus(root, ENV);
    expect(s.budgets).toEqual(['fraud-platform-dev-min-monthly  30 GBP MONTHLY  actual 11.42 / forecast 22.80  alerts at 10/20/28']);
    expect(s.load_balancers).toEqual([]);
    expect(s.tagged_resources).toEqual([]);
    const text = formatSandboxStatus(s);
    expect(text).toContain('  load balancers (0)\n  budgets (1)\n');
    expect(text).toContain('  tagged resources (0)\n');
  });

  it('start-daemons: 14 services running, the demo ALB and log group tagged lifetime=demo', async () => {
    await applySandboxChange(root, ENV, 'start-daemons');
    const s = await sandboxStatus(root, ENV);
    expect(s.containers.filter((l) => l.includes('1/1 ACTIVE'))).toHaveLength(14);
    expect(s.load_balancers).toEqual([
      'fraud-platform-dev-min-demo-edge  application internet-facing  vpc-0a1b2c3d4e5f60718  active  lifetime=demo,project=fraud-platform,env=dev_min',
    ]);
    expect(s.tagged_resources.map((l) => l.split('  ')[0])).toEqual([
      expect.stringMatching(/^arn:aws:elasticloadbalancing:eu-west-2:111122223333:loadbalancer\/app\/fraud-platform-dev-min-demo-edge\/[0-9a-f]{16}$/),
      LOG_GROUP,
    ]);
    expect(formatSandboxStatus(s)).toContain(`    ${LOG_GROUP}  lifetime=demo,project=fraud-platform`);
  });

  it('destroy-demo: nothing tagged is left, the load balancer is gone and every service is scaled to zero', async () => {
    const applied = await applySandboxChange(root, ENV, 'destroy-demo');
    expect(applied.log).toContain('scaled 14 ECS service(s) of fraud-platform-dev-min to 0/0');
    const s = await sandboxStatus(root, ENV);
    expect(s.load_balancers).toEqual([]);
    expect(s.tagged_resources).toEqual([]);
    expect(s.containers.filter((l) => l.includes('0/0 ACTIVE'))).toHaveLength(14);
  });
});
