import { GetRoleCommand, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { DescribeParametersCommand } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { APP_ROLE, iamClient, rejection, ssmClient, startHarness, stsClient, type Harness } from './helpers.js';

// Every injected fault must reach the SDK as the error real AWS would produce, so the gates'
// fail-closed handling is tested against the real client's parsing and retry behaviour.
describe('sandbox fault injection', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterEach(() => {
    h.server.clearFaults();
    h.server.resetCalls();
  });
  afterAll(() => h.close());

  it('latency delays the call and lets it succeed', async () => {
    h.server.inject({ kind: 'latency', ms: 150, service: 'sts' });
    const started = Date.now();
    await stsClient(h.server).send(new GetCallerIdentityCommand({}));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('throttling surfaces as Throttling after the SDK retried (Query) and ThrottlingException (JSON)', async () => {
    h.server.inject({ kind: 'throttling' });
    const iamErr = await rejection(iamClient(h.server, { maxAttempts: 2 }).send(new GetRoleCommand({ RoleName: 'fraud-platform-dev-min-app-runtime' })));
    expect(iamErr.name).toBe('Throttling');
    expect(iamErr.message).toBe('Rate exceeded');
    expect(iamErr.$metadata?.attempts).toBe(2);
    const ssmErr = await rejection(ssmClient(h.server).send(new DescribeParametersCommand({})));
    expect(ssmErr.name).toBe('ThrottlingException');
    expect(h.server.calls()).toEqual({ 'iam:GetRole': 2, 'ssm:DescribeParameters': 1 });
  });

  it('a throttle limited to one occurrence is absorbed by one retry', async () => {
    h.server.inject({ kind: 'throttling', service: 'iam', action: 'GetRole', times: 1 });
    const out = await iamClient(h.server, { maxAttempts: 2 }).send(new GetRoleCommand({ RoleName: 'fraud-platform-dev-min-app-runtime' }));
    expect(out.Role?.RoleName).toBe('fraud-platform-dev-min-app-runtime');
    expect(out.$metadata.attempts).toBe(2);
  });

  it('5xx: InternalFailure 500 and ServiceUnavailable 503', async () => {
    h.server.inject({ kind: 'server-error', service: 'iam', times: 1 });
    const internal = await rejection(iamClient(h.server).send(new GetRoleCommand({ RoleName: 'fraud-platform-dev-min-app-runtime' })));
    expect(internal.name).toBe('InternalFailure');
    expect(internal.$metadata?.httpStatusCode).toBe(500);
    expect(internal.$fault).toBe('server');
    h.server.inject({ kind: 'server-error', status: 503, service: 'ssm' });
    const unavailable = await rejection(ssmClient(h.server, { maxAttempts: 2 }).send(new DescribeParametersCommand({})));
    expect(unavailable.name).toBe('ServiceUnavailable');
    expect(unavailable.$metadata?.httpStatusCode).toBe(503);
    expect(unavailable.$metadata?.attempts).toBe(2);
  });

  it('access denied for the checking principal: AccessDenied (Query, 403) and AccessDeniedException (JSON)', async () => {
    h.server.inject({ kind: 'access-denied', action: 'SimulatePrincipalPolicy' });
    const denied = await rejection(iamClient(h.server).send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: APP_ROLE, ActionNames: ['ssm:GetParameter'] })));
    expect(denied.name).toBe('AccessDenied');
    expect(denied.$metadata?.httpStatusCode).toBe(403);
    expect(denied.message).toBe(
      `User: arn:aws:sts::111122223333:assumed-role/fraud-platform-dev-min-operator/gatewalk-sandbox is not authorized to perform: iam:SimulatePrincipalPolicy on resource: ${APP_ROLE} because no identity-based policy allows the iam:SimulatePrincipalPolicy action`,
    );
    // Other actions are not affected by an action-scoped fault.
    await iamClient(h.server).send(new GetRoleCommand({ RoleName: 'fraud-platform-dev-min-app-runtime' }));
    h.server.inject({ kind: 'access-denied', service: 'ssm' });
    const ssmDenied = await rejection(ssmClient(h.server).send(new DescribeParametersCommand({})));
    expect(ssmDenied.name).toBe('AccessDeniedException');
    expect(ssmDenied.message).toContain('ssm:DescribeParameters on resource: arn:aws:ssm:eu-west-2:111122223333:*');
  });

  it('expired credentials: ExpiredToken (Query) and ExpiredTokenException (JSON), not retried', async () => {
    h.server.inject({ kind: 'expired-token' });
    const sts = await rejection(stsClient(h.server, { maxAttempts: 3 }).send(new GetCallerIdentityCommand({})));
    expect(sts.name).toBe('ExpiredToken');
    expect(sts.message).toBe('The security token included in the request is expired');
    expect(sts.$metadata?.attempts).toBe(1);
    const ssm = await rejection(ssmClient(h.server).send(new DescribeParametersCommand({})));
    expect(ssm.name).toBe('ExpiredTokenException');
  });

  it('unknown access keys are refused as AWS refuses them', async () => {
    const foreign = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' };
    expect((await rejection(stsClient(h.server, foreign).send(new GetCallerIdentityCommand({})))).name).toBe('InvalidClientTokenId');
    const iam = await rejection(iamClient(h.server, foreign).send(new GetRoleCommand({ RoleName: 'x' })));
    expect(iam.name).toBe('InvalidClientTokenId');
    expect(iam.$metadata?.httpStatusCode).toBe(403);
    expect((await rejection(ssmClient(h.server, foreign).send(new DescribeParametersCommand({})))).name).toBe('UnrecognizedClientException');
  });

  it('answers unsigned requests with MissingAuthenticationToken and every reply carries x-amzn-RequestId', async () => {
    const res = await fetch(h.server.endpoint, { method: 'POST', body: 'Action=GetCallerIdentity&Version=2011-06-15', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    const body = await res.text();
    expect(body).toContain('<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>MissingAuthenticationToken</Code>');
    expect(body).toContain(`<RequestId>${res.headers.get('x-amzn-requestid')}</RequestId>`);
    const json = await fetch(h.server.endpoint, { method: 'POST', body: '{}', headers: { 'x-amz-target': 'AmazonSSM.DescribeParameters', 'content-type': 'application/x-amz-json-1.1' } });
    expect(json.status).toBe(400);
    expect(json.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(await json.json()).toEqual({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
  });

  it('reads a gzip-encoded request body (Content-Encoding: gzip) as its text', async () => {
    const body = gzipSync('Action=GetCallerIdentity&Version=2011-06-15');
    const res = await fetch(h.server.endpoint, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'gzip' },
    });
    // Unsigned, so refused; but as STS's GetCallerIdentity, which only the decoded body names.
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>MissingAuthenticationToken</Code>');
  });

  it('escapes request text echoed into XML', async () => {
    const err = await rejection(iamClient(h.server).send(new GetRoleCommand({ RoleName: 'a<b>&"c' })));
    expect(err.name).toBe('NoSuchEntityException');
    expect(err.message).toBe('The role with name a<b>&"c cannot be found.');
  });
});
