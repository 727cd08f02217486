import { GetRoleCommand, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ROLE, EXECUTION_ROLE, iamClient, rejection, roleArn, SIX_PATHS, ssmArn, startHarness, stsClient, type Harness } from './helpers.js';

// STS and IAM through the real SDK v3 clients: Query protocol, XML, SigV4 scope routing.
describe('sandbox STS and IAM', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('answers GetCallerIdentity with the scenario operator', async () => {
    const id = await stsClient(h.server).send(new GetCallerIdentityCommand({}));
    expect(id.Account).toBe('111122223333');
    expect(id.Arn).toBe('arn:aws:sts::111122223333:assumed-role/fraud-platform-dev-min-operator/gatewalk-sandbox');
    expect(id.UserId).toMatch(/^AROA[A-Z0-9]{17}:gatewalk-sandbox$/);
    expect(id.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('GetRole returns the role with its URL-encoded trust policy', async () => {
    const { Role } = await iamClient(h.server).send(new GetRoleCommand({ RoleName: 'fraud-platform-dev-min-app-runtime' }));
    expect(Role?.Arn).toBe(APP_ROLE);
    expect(Role?.Path).toBe('/');
    expect(Role?.RoleId).toMatch(/^AROA[A-Z0-9]{17}$/);
    expect(Role?.CreateDate).toEqual(new Date('2026-02-13T09:12:51Z'));
    const trust = JSON.parse(decodeURIComponent(Role?.AssumeRolePolicyDocument ?? ''));
    expect(trust.Statement[0].Principal.Service).toBe('ecs-tasks.amazonaws.com');
  });

  it('GetRole on a missing role throws NoSuchEntityException (HTTP 404)', async () => {
    const err = await rejection(iamClient(h.server).send(new GetRoleCommand({ RoleName: 'fraud-platform-dev-min-sr' })));
    expect(err.name).toBe('NoSuchEntityException');
    expect(err.message).toBe('The role with name fraud-platform-dev-min-sr cannot be found.');
    expect(err.$metadata?.httpStatusCode).toBe(404);
  });

  it('simulates the app role as allowed on all six paths, with the matched statement located', async () => {
    const out = await iamClient(h.server).send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: APP_ROLE, ActionNames: ['ssm:GetParameter'], ResourceArns: SIX_PATHS.map(ssmArn) }),
    );
    expect(out.IsTruncated).toBe(false);
    expect(out.EvaluationResults?.map((r) => r.EvalDecision)).toEqual(Array(6).fill('allowed'));
    const first = out.EvaluationResults![0]!;
    expect(first.EvalActionName).toBe('ssm:GetParameter');
    expect(first.EvalResourceName).toBe(ssmArn(SIX_PATHS[0]!));
    expect(first.MatchedStatements).toEqual([
      {
        SourcePolicyId: 'role_fraud-platform-dev-min-app-runtime_secret-read-pinned-paths',
        SourcePolicyType: 'IAM Policy',
        StartPosition: { Line: 4, Column: 9 },
        EndPosition: { Line: 16, Column: 10 },
      },
    ]);
    expect(first.MissingContextValues).toEqual([]);
    expect(first.ResourceSpecificResults).toEqual([
      { EvalResourceName: ssmArn(SIX_PATHS[0]!), EvalResourceDecision: 'allowed', MatchedStatements: first.MatchedStatements, MissingContextValues: [] },
    ]);
  });

  it('simulates the execution role as implicitDeny on all six paths', async () => {
    const out = await iamClient(h.server).send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: EXECUTION_ROLE, ActionNames: ['ssm:GetParameter'], ResourceArns: SIX_PATHS.map(ssmArn) }),
    );
    expect(out.EvaluationResults?.map((r) => r.EvalDecision)).toEqual(Array(6).fill('implicitDeny'));
    expect(out.EvaluationResults?.every((r) => r.MatchedStatements?.length === 0)).toBe(true);
  });

  it('still allows what the execution role is for (attached managed policy)', async () => {
    const out = await iamClient(h.server).send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: EXECUTION_ROLE, ActionNames: ['ecr:BatchGetImage', 'ssm:GetParameter'] }));
    expect(out.EvaluationResults?.map((r) => [r.EvalActionName, r.EvalResourceName, r.EvalDecision])).toEqual([
      ['ecr:BatchGetImage', '*', 'allowed'],
      ['ssm:GetParameter', '*', 'implicitDeny'],
    ]);
    expect(out.EvaluationResults?.[0]?.MatchedStatements?.[0]?.SourcePolicyId).toBe('AmazonECSTaskExecutionRolePolicy');
    expect(out.EvaluationResults?.[0]?.ResourceSpecificResults).toBeUndefined();
  });

  it('paginates with MaxItems and Marker, every pair exactly once', async () => {
    const iam = iamClient(h.server);
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await iam.send(
        new SimulatePrincipalPolicyCommand({ PolicySourceArn: APP_ROLE, ActionNames: ['ssm:GetParameter'], ResourceArns: SIX_PATHS.map(ssmArn), MaxItems: 2, Marker: marker }),
      );
      pages += 1;
      expect(page.EvaluationResults).toHaveLength(2);
      seen.push(...page.EvaluationResults!.map((r) => `${r.EvalResourceName}=${r.EvalDecision}`));
      marker = page.IsTruncated ? page.Marker : undefined;
      if (page.IsTruncated) expect(page.Marker).toBeTruthy();
    } while (marker);
    expect(pages).toBe(3);
    expect(seen).toEqual(SIX_PATHS.map((p) => `${ssmArn(p)}=allowed`));
  });

  it('refuses a Marker that belongs to another request', async () => {
    const iam = iamClient(h.server);
    const first = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: APP_ROLE, ActionNames: ['ssm:GetParameter'], ResourceArns: SIX_PATHS.map(ssmArn), MaxItems: 1 }));
    const err = await rejection(
      iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: EXECUTION_ROLE, ActionNames: ['ssm:GetParameter'], ResourceArns: SIX_PATHS.map(ssmArn), Marker: first.Marker })),
    );
    expect(err.name).toBe('InvalidInputException');
  });

  it('simulating a missing role throws NoSuchEntityException', async () => {
    const err = await rejection(
      iamClient(h.server).send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: roleArn('fraud-platform-dev-min-ig'), ActionNames: ['ssm:GetParameter'] })),
    );
    expect(err.name).toBe('NoSuchEntityException');
    expect(err.$metadata?.httpStatusCode).toBe(404);
  });

  it('reports condition keys it was not given as MissingContextValues', async () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/lane': 'ig' } } }],
    });
    const iam = iamClient(h.server);
    const without = await iam.send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: EXECUTION_ROLE, ActionNames: ['ssm:GetParameter'], ResourceArns: [ssmArn(SIX_PATHS[3]!)], PolicyInputList: [policy] }),
    );
    expect(without.EvaluationResults?.[0]?.EvalDecision).toBe('implicitDeny');
    expect(without.EvaluationResults?.[0]?.ResourceSpecificResults?.[0]?.MissingContextValues).toEqual(['aws:ResourceTag/lane']);
    const withContext = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: EXECUTION_ROLE,
        ActionNames: ['ssm:GetParameter'],
        ResourceArns: [ssmArn(SIX_PATHS[3]!)],
        PolicyInputList: [policy],
        ContextEntries: [{ ContextKeyName: 'aws:ResourceTag/lane', ContextKeyValues: ['ig'], ContextKeyType: 'string' }],
      }),
    );
    expect(withContext.EvaluationResults?.[0]?.EvalDecision).toBe('allowed');
    expect(withContext.EvaluationResults?.[0]?.MatchedStatements?.[0]?.SourcePolicyId).toBe('PolicyInputList.1');
  });
});
