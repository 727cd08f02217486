import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWS, awsCliTitle, openCliSandbox, type CliSandbox } from './aws-cli-runner.js';
import { APP_ROLE, SIX_PATHS, ssmArn } from './helpers.js';

// A second, independent client (botocore, through the `aws` CLI) against `gatewalk sandbox serve`
// (the built binary, its own process): if both SDK v3 and botocore parse our wire format, it is
// AWS's wire format and not just one client's tolerance.

describe.skipIf(!AWS)(awsCliTitle('aws CLI against gatewalk sandbox serve'), () => {
  let sb: CliSandbox;
  beforeAll(async () => {
    sb = await openCliSandbox();
  });
  afterAll(() => sb?.close());

  it('sts get-caller-identity, iam get-role, iam simulate-principal-policy, ssm describe-parameters', { timeout: 180_000 }, async () => {
    const calls = await sb.serve(async ({ run }) => {
      const [identity, role, simulation, parameters] = (await Promise.all([
        run('sts', 'get-caller-identity'),
        run('iam', 'get-role', '--role-name', 'fraud-platform-dev-min-app-runtime'),
        run('iam', 'simulate-principal-policy', '--policy-source-arn', APP_ROLE, '--action-names', 'ssm:GetParameter', '--resource-arns', ...SIX_PATHS.map(ssmArn), '--page-size', '4'),
        run('ssm', 'describe-parameters', '--parameter-filters', 'Key=Name,Option=BeginsWith,Values=/fraud-platform/dev_min/', '--page-size', '3'),
      ])) as unknown as [
        { Account: string; Arn: string },
        { Role: { Arn: string; AssumeRolePolicyDocument: { Statement: Array<{ Principal: { Service: string } }> } } },
        { EvaluationResults: Array<{ EvalDecision: string; EvalResourceName: string }> },
        { Parameters: Array<{ Name: string; Type: string }> },
      ];
      expect(identity).toMatchObject({ Account: '111122223333', Arn: 'arn:aws:sts::111122223333:assumed-role/fraud-platform-dev-min-operator/gatewalk-sandbox' });
      expect(role.Role.Arn).toBe(APP_ROLE);
      // botocore URL-decodes and parses the trust policy itself: proof our encoding is IAM's.
      expect(role.Role.AssumeRolePolicyDocument.Statement[0]?.Principal.Service).toBe('ecs-tasks.amazonaws.com');
      // The CLI followed Marker across pages (6 pairs, page size 4).
      expect(simulation.EvaluationResults.map((r) => [r.EvalResourceName, r.EvalDecision])).toEqual(SIX_PATHS.map((p) => [ssmArn(p), 'allowed']));
      // …and NextToken (7 parameters, page size 3).
      expect(parameters.Parameters).toHaveLength(7);
      expect(parameters.Parameters.every((p) => p.Type === 'SecureString')).toBe(true);
    });
    expect(calls).toEqual({ 'iam:SimulatePrincipalPolicy': 2, 'ssm:DescribeParameters': 3, 'sts:GetCallerIdentity': 1, 'iam:GetRole': 1 });
  }); // four CLI processes (Python start-up) on a shared machine

  it('ec2 describe-nat-gateways: filters, NextToken pages and EC2 error XML', { timeout: 180_000 }, async () => {
    const vpc = 'vpc-0a1b2c3d4e5f60718';
    const extra = ['nat-00000001', 'nat-00000002', 'nat-00000003', 'nat-00000004', 'nat-00000005', 'nat-00000006'];
    await sb.apply('add-nat-gateway');
    await sb.change('cli-nat-gateways', extra.map((id, i) => `  - { op: put_nat_gateway, id: ${id}, vpc_id: ${vpc}, subnet_id: subnet-0000000${i}, state: ${i === 0 ? 'deleted' : 'pending'} }`));
    const calls = await sb.serve(async ({ run, fails }) => {
      const out = (await run('ec2', 'describe-nat-gateways', '--filter', 'Name=state,Values=pending,available', `Name=vpc-id,Values=${vpc}`, '--page-size', '5')) as {
        NatGateways: Array<{ NatGatewayId: string; VpcId: string; SubnetId: string; State: string; CreateTime: string; ConnectivityType: string }>;
      };
      // 6 of 7 match (nat-00000001 is deleted); page size 5 means the CLI followed one NextToken.
      expect(out.NatGateways.map((n) => n.NatGatewayId)).toEqual([...extra.slice(1), 'nat-0f1e2d3c4b5a69788']);
      expect(out.NatGateways.at(-1)).toMatchObject({ VpcId: vpc, SubnetId: 'subnet-0123456789abcdef0', State: 'available', ConnectivityType: 'public' });
      expect(Number.isNaN(Date.parse(out.NatGateways[0]!.CreateTime))).toBe(false);
      // botocore parses the EC2 <Response><Errors> shape: code and message reach the operator.
      const failed = await fails('ec2', 'describe-nat-gateways', '--nat-gateway-ids', 'nat-0123456789abcdef0');
      expect([254, 255]).toContain(failed.code); // v2: 254, v1: 255 for a service error
      expect(failed.stderr).toMatch(/\(NatGatewayNotFound\) when calling the DescribeNatGateways operation: The Nat Gateway nat-0123456789abcdef0 was not found/);
    });
    expect(calls).toEqual({ 'ec2:DescribeNatGateways': 3 }); // two pages, then the failing call
  });

  it('ecr describe-repositories / describe-images, ecs describe-services / describe-task-definition, and JSON 1.1 errors', { timeout: 180_000 }, async () => {
    await sb.apply('start-daemons');
    const tag = 'git-799d398a7daf34857cf363c9a1a629c40ec25d5e';
    const calls = await sb.serve(async ({ run, fails }) => {
      const [repos, images, services, td] = (await Promise.all([
        run('ecr', 'describe-repositories', '--repository-names', 'fraud-platform-dev-min'),
        run('ecr', 'describe-images', '--repository-name', 'fraud-platform-dev-min', '--image-ids', `imageTag=${tag}`),
        run('ecs', 'describe-services', '--cluster', 'fraud-platform-dev-min', '--services', 'fraud-platform-dev-min-ig', 'fraud-platform-dev-min-nope'),
        run('ecs', 'describe-task-definition', '--task-definition', 'fraud-platform-dev-min-ig'),
      ])) as unknown as [
        { repositories: Array<{ repositoryName: string; imageTagMutability: string; repositoryUri: string }> },
        { imageDetails: Array<{ imageDigest: string; imageTags: string[]; imagePushedAt: number | string }> },
        { services: Array<{ serviceName: string; status: string; desiredCount: number; runningCount: number; taskDefinition: string }>; failures: Array<{ arn: string; reason: string }> },
        { taskDefinition: { taskDefinitionArn: string; taskRoleArn: string; containerDefinitions: Array<{ image: string; environment: Array<{ name: string; value: string }> }> } },
      ];
      expect(repos.repositories).toHaveLength(1);
      expect(repos.repositories[0]).toMatchObject({ imageTagMutability: 'IMMUTABLE', repositoryUri: '111122223333.dkr.ecr.eu-west-2.amazonaws.com/fraud-platform-dev-min' });
      expect(images.imageDetails).toEqual([expect.objectContaining({ imageDigest: 'sha256:d71cbe335ec0ced59a40721f0e1f6016b276ec17f34e52708d3fd02c04d79f56', imageTags: [tag] })]);
      const pushed = images.imageDetails[0]!.imagePushedAt; // CLI v1 prints the wire's epoch seconds, v2 an ISO date
      expect(new Date(typeof pushed === 'number' ? pushed * 1000 : pushed).toISOString()).toBe('2026-02-13T11:38:51.000Z');
      expect(services.services).toEqual([expect.objectContaining({ serviceName: 'fraud-platform-dev-min-ig', status: 'ACTIVE', desiredCount: 1, runningCount: 1 })]);
      expect(services.failures).toEqual([{ arn: 'arn:aws:ecs:eu-west-2:111122223333:service/fraud-platform-dev-min/fraud-platform-dev-min-nope', reason: 'MISSING' }]);
      // A bare family names the latest revision, the one the service runs.
      expect(td.taskDefinition.taskDefinitionArn).toBe(services.services[0]!.taskDefinition);
      expect(td.taskDefinition.taskRoleArn).toBe('arn:aws:iam::111122223333:role/fraud-platform-dev-min-ig');
      expect(td.taskDefinition.containerDefinitions[0]!.image).toMatch(/@sha256:d71c/);
      expect(td.taskDefinition.containerDefinitions[0]!.environment).toContainEqual({ name: 'REQUIRED_PLATFORM_RUN_ID', value: 'platform_20260213T214223Z' });
      // botocore parses the JSON 1.1 error shape of both services.
      const [noImage, noCluster] = await Promise.all([
        fails('ecr', 'describe-images', '--repository-name', 'fraud-platform-dev-min', '--image-ids', 'imageTag=git-0'),
        fails('ecs', 'describe-services', '--cluster', 'nope', '--services', 'x'),
      ]);
      expect(noImage.stderr).toMatch(/\(ImageNotFoundException\) when calling the DescribeImages operation: The image with imageId/);
      expect(noCluster.stderr).toMatch(/\(ClusterNotFoundException\) when calling the DescribeServices operation: Cluster not found/);
    });
    expect(calls).toEqual({ 'ecr:DescribeRepositories': 1, 'ecr:DescribeImages': 2, 'ecs:DescribeServices': 2, 'ecs:DescribeTaskDefinition': 1 });
  });
});
