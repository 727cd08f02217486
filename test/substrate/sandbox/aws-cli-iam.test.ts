import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWS, awsCliTitle, openCliSandbox, type CliSandbox } from './aws-cli-runner.js';
import { APP_ROLE } from './helpers.js';

// iam:ListRoles (what the role gates ask when many roles are checked at once) read by botocore,
// a second, independent client: the Query list shape, IsTruncated/Marker and PathPrefix.

describe.skipIf(!AWS)(awsCliTitle('aws CLI iam list-roles against gatewalk sandbox serve'), () => {
  let sb: CliSandbox;
  beforeAll(async () => {
    sb = await openCliSandbox();
    const trust = '{ Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { Service: ecs-tasks.amazonaws.com }, Action: "sts:AssumeRole" }] }';
    await sb.change(
      'cli-listed-roles',
      ['lane-a', 'lane-b', 'lane-c'].map((n) => `  - { op: put_role, name: ${n}, path: /lanes/, assume_role_policy: ${trust} }`),
    );
  });
  afterAll(() => sb?.close());

  it('list-roles: every role across Marker pages, and only /lanes/ under that PathPrefix', { timeout: 180_000 }, async () => {
    const calls = await sb.serve(async ({ run, fails }) => {
      type Listed = { Roles: Array<{ RoleName: string; Arn: string; Path: string; AssumeRolePolicyDocument: { Statement: Array<{ Principal: { Service: string } }> } }> };
      const [all, lanes] = (await Promise.all([
        run('iam', 'list-roles', '--page-size', '2'),
        run('iam', 'list-roles', '--path-prefix', '/lanes/'),
      ])) as unknown as [Listed, Listed];
      // Five roles at two a page: the CLI followed two Markers and joined the pages.
      expect(all.Roles.map((r) => r.RoleName)).toEqual(['fraud-platform-dev-min-app-runtime', 'fraud-platform-dev-min-ecs-task-execution', 'lane-a', 'lane-b', 'lane-c']);
      expect(all.Roles[0]!.Arn).toBe(APP_ROLE);
      // botocore URL-decodes and parses each listed trust policy: our encoding is IAM's.
      expect(all.Roles[0]!.AssumeRolePolicyDocument.Statement[0]!.Principal.Service).toBe('ecs-tasks.amazonaws.com');
      expect(lanes.Roles.map((r) => [r.Path, r.Arn])).toEqual(['a', 'b', 'c'].map((x) => ['/lanes/', `arn:aws:iam::111122223333:role/lanes/lane-${x}`]));
      const bad = await fails('iam', 'list-roles', '--max-items', '5', '--page-size', '1001');
      expect(bad.stderr).toMatch(/\(ValidationError\) when calling the ListRoles operation: .*maxItems/);
    });
    expect(calls).toEqual({ 'iam:ListRoles': 5 }); // three pages, one /lanes/ listing, one refused
  });
});
