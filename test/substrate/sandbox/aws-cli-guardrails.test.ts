import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWS, awsCliTitle, openCliSandbox, type CliSandbox } from './aws-cli-runner.js';

// botocore (the `aws` CLI) against the ELBv2, Budgets and Tagging API of `gatewalk sandbox serve`
// (the built binary, its own process): a second, independent client parses the same wire format,
// follows the same pagination markers and reads the same error shapes as SDK v3 does.

describe.skipIf(!AWS)(awsCliTitle('aws CLI against the guardrail services of gatewalk sandbox serve'), () => {
  let sb: CliSandbox;
  beforeAll(async () => {
    sb = await openCliSandbox();
  });
  afterAll(() => sb?.close());

  it('elbv2 describe-load-balancers pages by NextMarker; describe-tags reads tags; an unknown name is LoadBalancerNotFound', async () => {
    await sb.apply('add-load-balancer');
    await sb.change('cli-lbs', [
      '  - { op: put_load_balancer, name: demo-a, vpc_id: vpc-0a1b2c3d, type: network, scheme: internal, tags: { lifetime: demo } }',
      '  - { op: put_load_balancer, name: demo-b, vpc_id: vpc-0a1b2c3d, state: provisioning }',
    ]);
    const calls = await sb.serve(async ({ run, fails }) => {
      type Page = { LoadBalancers: Array<Record<string, unknown>>; NextMarker?: string };
      // Giving the page size turns the CLI's own paging off: it prints NextMarker, and we follow it.
      const first = (await run('elbv2', 'describe-load-balancers', '--page-size', '2')) as Page;
      expect(first.LoadBalancers).toHaveLength(2);
      const second = (await run('elbv2', 'describe-load-balancers', '--page-size', '2', '--marker', first.NextMarker!)) as Page;
      expect(second.NextMarker).toBeUndefined();
      const all = [...first.LoadBalancers, ...second.LoadBalancers];
      expect(all.map((lb) => lb.LoadBalancerName).sort()).toEqual(['demo-a', 'demo-b', 'fraud-platform-dev-min-ig-edge']);
      const edge = all.find((lb) => lb.LoadBalancerName === 'fraud-platform-dev-min-ig-edge')!;
      expect(edge).toMatchObject({ Type: 'application', Scheme: 'internet-facing', VpcId: 'vpc-0a1b2c3d4e5f60718', State: { Code: 'active' } });
      expect(Number.isNaN(Date.parse(edge.CreatedTime as string))).toBe(false);
      const a = all.find((lb) => lb.LoadBalancerName === 'demo-a')!;
      const tags = (await run('elbv2', 'describe-tags', '--resource-arns', a.LoadBalancerArn as string)) as { TagDescriptions: unknown[] };
      expect(tags.TagDescriptions).toEqual([{ ResourceArn: a.LoadBalancerArn, Tags: [{ Key: 'lifetime', Value: 'demo' }] }]);
      const failed = await fails('elbv2', 'describe-load-balancers', '--names', 'no-such-lb');
      expect(failed.stderr).toMatch(/\(LoadBalancerNotFound\) when calling the DescribeLoadBalancers operation: One or more load balancers not found/);
    });
    expect(calls).toEqual({ 'elbv2:DescribeLoadBalancers': 3, 'elbv2:DescribeTags': 1 }); // two pages, then the unknown name
  }, 180_000);

  it('budgets describe-budgets and describe-notifications-for-budget; NotFoundException for an unknown budget', async () => {
    await sb.change(
      'cli-budgets',
      Array.from({ length: 3 }, (_, i) => `  - { op: put_budget, name: extra-${i}, limit: { amount: "5", unit: USD } }`),
    );
    const calls = await sb.serve(async ({ run, fails }) => {
      const out = (await run('budgets', 'describe-budgets', '--account-id', '111122223333', '--page-size', '2')) as { Budgets: Array<Record<string, unknown>> };
      expect(out.Budgets.map((b) => b.BudgetName)).toEqual(['extra-0', 'extra-1', 'extra-2', 'fraud-platform-dev-min-monthly']);
      expect(out.Budgets[3]).toMatchObject({
        BudgetLimit: { Amount: '30', Unit: 'GBP' },
        TimeUnit: 'MONTHLY',
        BudgetType: 'COST',
        CalculatedSpend: { ActualSpend: { Amount: '11.42', Unit: 'GBP' }, ForecastedSpend: { Amount: '22.80', Unit: 'GBP' } },
      });
      const notes = (await run('budgets', 'describe-notifications-for-budget', '--account-id', '111122223333', '--budget-name', 'fraud-platform-dev-min-monthly')) as {
        Notifications: Array<Record<string, unknown>>;
      };
      expect(notes.Notifications.map((n) => [n.NotificationType, n.Threshold, n.ThresholdType])).toEqual([
        ['ACTUAL', 10, 'ABSOLUTE_VALUE'],
        ['ACTUAL', 20, 'ABSOLUTE_VALUE'],
        ['FORECASTED', 28, 'ABSOLUTE_VALUE'],
      ]);
      const failed = await fails('budgets', 'describe-notifications-for-budget', '--account-id', '111122223333', '--budget-name', 'nope');
      expect(failed.stderr).toMatch(/\(NotFoundException\) when calling the DescribeNotificationsForBudget operation/);
    });
    // The CLI followed NextToken itself (4 budgets, page size 2).
    expect(calls).toEqual({ 'budgets:DescribeBudgets': 2, 'budgets:DescribeNotificationsForBudget': 2 });
  }, 180_000);

  it('resourcegroupstaggingapi get-resources pages by PaginationToken and filters by tag', async () => {
    await sb.apply('leave-demo-resource');
    await sb.change(
      'cli-tagged',
      Array.from({ length: 4 }, (_, i) => `  - { op: put_tagged_resource, arn: "arn:aws:ecs:eu-west-2:111122223333:service/demo/svc-${i}", tags: { lifetime: demo } }`).concat(
        '  - { op: put_tagged_resource, arn: "arn:aws:ecs:eu-west-2:111122223333:cluster/core", tags: { lifetime: core } }',
      ),
    );
    type Page = { ResourceTagMappingList: Array<{ ResourceARN: string; Tags: unknown[] }>; PaginationToken: string };
    const pages: Page[] = [];
    const calls = await sb.serve(async ({ run }) => {
      const filter = ['resourcegroupstaggingapi', 'get-resources', '--tag-filters', 'Key=lifetime,Values=demo', '--resources-per-page', '2'];
      // Giving the page size turns the CLI's own paging off: it prints PaginationToken ("" at the end), and we follow it.
      pages.push((await run(...filter)) as Page);
      while (pages.at(-1)!.PaginationToken) pages.push((await run(...filter, '--pagination-token', pages.at(-1)!.PaginationToken)) as Page);
    });
    const list = pages.flatMap((p) => p.ResourceTagMappingList);
    expect(list.map((r) => r.ResourceARN)).toEqual([
      ...Array.from({ length: 4 }, (_, i) => `arn:aws:ecs:eu-west-2:111122223333:service/demo/svc-${i}`),
      expect.stringMatching(/^arn:aws:elasticloadbalancing:eu-west-2:111122223333:loadbalancer\/net\/demo-a\/[0-9a-f]{16}$/), // the first test's demo load balancer
      'arn:aws:logs:eu-west-2:111122223333:log-group:/fraud-platform/dev_min/demo',
    ]);
    expect(list[5]!.Tags).toEqual([
      { Key: 'lifetime', Value: 'demo' },
      { Key: 'project', Value: 'fraud-platform' },
    ]);
    expect(calls).toEqual({ 'tagging:GetResources': 3 });
  }, 180_000);
});
