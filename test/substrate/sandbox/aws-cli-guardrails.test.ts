import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applySandboxChange, sandboxWorkspacePaths, SANDBOX_ACCESS_KEY_ID, SANDBOX_SECRET_ACCESS_KEY } from '../../../src/substrate/sandbox/index.js';
import { ENV, startHarness, type Harness } from './helpers.js';

// botocore (the `aws` CLI) against the sandbox's ELBv2, Budgets and Tagging API: a second,
// independent client parses the same wire format, follows the same pagination markers and
// reads the same error shapes as SDK v3 does.

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return join(dir, command);
    } catch {
      // not here
    }
  }
  return undefined;
}

const aws = onPath('aws');
const title = aws ? 'aws CLI against the sandbox guardrail services' : 'aws CLI against the sandbox guardrail services (skipped: no `aws` executable on PATH)';

describe.skipIf(!aws)(title, () => {
  let h: Harness;
  let home: string;
  let env: NodeJS.ProcessEnv;
  const exec = (args: string[]) => promisify(execFile)(aws!, [...args, '--endpoint-url', h.server.endpoint, '--output', 'json'], { env, timeout: 90_000 });
  const run = async (...args: string[]) => JSON.parse((await exec(args)).stdout) as Record<string, unknown>;
  const change = async (name: string, steps: string[]) => {
    await writeFile(join(sandboxWorkspacePaths(h.root, ENV).changesDir, `${name}.yaml`), `description: ${name}\nsteps:\n${steps.join('\n')}\n`);
    await applySandboxChange(h.root, ENV, name);
  };

  beforeAll(async () => {
    h = await startHarness();
    home = await mkdtemp(join(tmpdir(), 'gatewalk-aws-cli-'));
    await writeFile(join(home, 'config'), '');
    await writeFile(join(home, 'credentials'), '');
    env = {
      PATH: process.env.PATH,
      HOME: home,
      AWS_ACCESS_KEY_ID: SANDBOX_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: SANDBOX_SECRET_ACCESS_KEY,
      AWS_DEFAULT_REGION: 'eu-west-2',
      AWS_CONFIG_FILE: join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PAGER: '',
      ...(process.env.PYENV_ROOT ? { PYENV_ROOT: process.env.PYENV_ROOT } : {}),
    };
  });
  afterAll(async () => {
    await h?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('elbv2 describe-load-balancers pages by NextMarker; describe-tags reads tags; an unknown name is LoadBalancerNotFound', async () => {
    await applySandboxChange(h.root, ENV, 'add-load-balancer');
    await change('cli-lbs', ['  - { op: put_load_balancer, name: demo-a, vpc_id: vpc-0a1b2c3d, type: network, scheme: internal, tags: { lifetime: demo } }', '  - { op: put_load_balancer, name: demo-b, vpc_id: vpc-0a1b2c3d, state: provisioning }']);
    h.server.resetCalls();
    // Giving the page size turns the CLI's own paging off: it prints NextMarker, and we follow it.
    const first = (await run('elbv2', 'describe-load-balancers', '--page-size', '2')) as { LoadBalancers: Array<Record<string, unknown>>; NextMarker: string };
    expect(first.LoadBalancers).toHaveLength(2);
    const second = (await run('elbv2', 'describe-load-balancers', '--page-size', '2', '--marker', first.NextMarker)) as { LoadBalancers: Array<Record<string, unknown>>; NextMarker?: string };
    expect(second.NextMarker).toBeUndefined();
    const out = { LoadBalancers: [...first.LoadBalancers, ...second.LoadBalancers] };
    expect(out.LoadBalancers.map((lb) => lb.LoadBalancerName).sort()).toEqual(['demo-a', 'demo-b', 'fraud-platform-dev-min-ig-edge']);
    expect(h.server.calls()).toEqual({ 'elbv2:DescribeLoadBalancers': 2 });
    const edge = out.LoadBalancers.find((lb) => lb.LoadBalancerName === 'fraud-platform-dev-min-ig-edge')!;
    expect(edge).toMatchObject({ Type: 'application', Scheme: 'internet-facing', VpcId: 'vpc-0a1b2c3d4e5f60718', State: { Code: 'active' } });
    expect(Number.isNaN(Date.parse(edge.CreatedTime as string))).toBe(false);
    const a = out.LoadBalancers.find((lb) => lb.LoadBalancerName === 'demo-a')!;
    const tags = (await run('elbv2', 'describe-tags', '--resource-arns', a.LoadBalancerArn as string)) as { TagDescriptions: Array<{ ResourceArn: string; Tags: unknown[] }> };
    expect(tags.TagDescriptions).toEqual([{ ResourceArn: a.LoadBalancerArn, Tags: [{ Key: 'lifetime', Value: 'demo' }] }]);
    const failed = await exec(['elbv2', 'describe-load-balancers', '--names', 'no-such-lb']).catch((e: { stderr: string }) => e);
    expect((failed as { stderr: string }).stderr).toMatch(/\(LoadBalancerNotFound\) when calling the DescribeLoadBalancers operation: One or more load balancers not found/);
  }, 180_000);

  it('budgets describe-budgets and describe-notifications-for-budget; NotFoundException for an unknown budget', async () => {
    await change('cli-budgets', Array.from({ length: 3 }, (_, i) => `  - { op: put_budget, name: extra-${i}, limit: { amount: "5", unit: USD } }`));
    h.server.resetCalls();
    const out = (await run('budgets', 'describe-budgets', '--account-id', '111122223333', '--page-size', '2')) as { Budgets: Array<Record<string, unknown>> };
    expect(out.Budgets.map((b) => b.BudgetName)).toEqual(['extra-0', 'extra-1', 'extra-2', 'fraud-platform-dev-min-monthly']);
    expect(h.server.calls()).toEqual({ 'budgets:DescribeBudgets': 2 }); // the CLI followed NextToken itself
    expect(out.Budgets[3]).toMatchObject({
      BudgetLimit: { Amount: '30', Unit: 'GBP' },
      TimeUnit: 'MONTHLY',
      BudgetType: 'COST',
      CalculatedSpend: { ActualSpend: { Amount: '11.42', Unit: 'GBP' }, ForecastedSpend: { Amount: '22.80', Unit: 'GBP' } },
    });
    const notes = (await run('budgets', 'describe-notifications-for-budget', '--account-id', '111122223333', '--budget-name', 'fraud-platform-dev-min-monthly')) as { Notifications: Array<Record<string, unknown>> };
    expect(notes.Notifications.map((n) => [n.NotificationType, n.Threshold, n.ThresholdType])).toEqual([['ACTUAL', 10, 'ABSOLUTE_VALUE'], ['ACTUAL', 20, 'ABSOLUTE_VALUE'], ['FORECASTED', 28, 'ABSOLUTE_VALUE']]);
    const failed = await exec(['budgets', 'describe-notifications-for-budget', '--account-id', '111122223333', '--budget-name', 'nope']).catch((e: { stderr: string }) => e);
    expect((failed as { stderr: string }).stderr).toMatch(/\(NotFoundException\) when calling the DescribeNotificationsForBudget operation/);
  }, 180_000);

  it('resourcegroupstaggingapi get-resources pages by PaginationToken and filters by tag', async () => {
    await applySandboxChange(h.root, ENV, 'leave-demo-resource');
    await change('cli-tagged', Array.from({ length: 4 }, (_, i) => `  - { op: put_tagged_resource, arn: "arn:aws:ecs:eu-west-2:111122223333:service/demo/svc-${i}", tags: { lifetime: demo } }`).concat('  - { op: put_tagged_resource, arn: "arn:aws:ecs:eu-west-2:111122223333:cluster/core", tags: { lifetime: core } }'));
    h.server.resetCalls();
    type Page = { ResourceTagMappingList: Array<{ ResourceARN: string; Tags: unknown[] }>; PaginationToken: string };
    // Giving the page size turns the CLI's own paging off: it prints PaginationToken ("" at the end), and we follow it.
    const pages: Page[] = [(await run('resourcegroupstaggingapi', 'get-resources', '--tag-filters', 'Key=lifetime,Values=demo', '--resources-per-page', '2')) as Page];
    while (pages.at(-1)!.PaginationToken) {
      pages.push((await run('resourcegroupstaggingapi', 'get-resources', '--tag-filters', 'Key=lifetime,Values=demo', '--resources-per-page', '2', '--pagination-token', pages.at(-1)!.PaginationToken)) as Page);
    }
    const out = { ResourceTagMappingList: pages.flatMap((p) => p.ResourceTagMappingList) };
    expect(out.ResourceTagMappingList.map((r) => r.ResourceARN)).toEqual([
      ...Array.from({ length: 4 }, (_, i) => `arn:aws:ecs:eu-west-2:111122223333:service/demo/svc-${i}`),
      expect.stringMatching(/^arn:aws:elasticloadbalancing:eu-west-2:111122223333:loadbalancer\/net\/demo-a\/[0-9a-f]{16}$/), // the first test's demo load balancer
      'arn:aws:logs:eu-west-2:111122223333:log-group:/fraud-platform/dev_min/demo',
    ]);
    expect(out.ResourceTagMappingList[5]!.Tags).toEqual([{ Key: 'lifetime', Value: 'demo' }, { Key: 'project', Value: 'fraud-platform' }]);
    expect(h.server.calls()).toEqual({ 'tagging:GetResources': 3 });
  }, 180_000);
});
