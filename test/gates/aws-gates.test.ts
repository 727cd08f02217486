import { describe, expect, it } from 'vitest';
import { interpolate } from '../../src/core/interpolate.js';
import { iamBindings } from '../../src/gates/iam-bindings.js';
import { iamRolesMaterialized } from '../../src/gates/iam-roles-materialized.js';
import { iamSimulate } from '../../src/gates/iam-simulate.js';
import { ssmParametersPresent } from '../../src/gates/ssm-parameters-present.js';
import { stsIdentity } from '../../src/gates/sts-identity.js';
import { APP_ROLE, EXECUTION_ROLE, SIX_PATHS, ssmArn } from '../substrate/sandbox/helpers.js';
import { emptyAnswerEndpoint } from './empty-answer.js';
import { useFreshGateHarness, repinnedRegistry } from './sandbox-context.js';

// Every AWS gate against the sandbox emulator through the real SDK v3 clients: pass, fail, error.
const h = useFreshGateHarness();
const statuses = (out: { results: Array<{ status: string }> }) => out.results.map((r) => r.status);

describe('sts.identity', () => {
  it('passes for the pinned account and operator role', async () => {
    const out = await stsIdentity.run(await h.context(), {
      account: '111122223333',
      arn_pattern: 'arn:aws:sts::111122223333:assumed-role/fraud-platform-dev-min-operator/*',
    });
    expect(out.results[0]).toMatchObject({
      status: 'pass',
      resource: expect.stringContaining('assumed-role/fraud-platform-dev-min-operator'),
    });
  });
  it('fails for another account or role', async () => {
    expect(statuses(await stsIdentity.run(await h.context(), { account: '999999999999' }))).toEqual(['fail']);
    expect(statuses(await stsIdentity.run(await h.context(), { account: '111122223333', arn_pattern: '*:assumed-role/admin/*' }))).toEqual([
      'fail',
    ]);
  });
  it('is an error, never a pass, when STS answers without the caller ARN or account', async () => {
    const answer = (inner: string) =>
      `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>${inner}</GetCallerIdentityResult></GetCallerIdentityResponse>`;
    for (const inner of [
      '<Account>444455556666</Account><UserId>AROAEXAMPLE</UserId>',
      '<Arn>arn:aws:sts::444455556666:assumed-role/shop-deployer/ci</Arn>',
    ]) {
      const stub = await emptyAnswerEndpoint('text/xml', answer(inner));
      try {
        const out = await stsIdentity.run(await h.context({ clients: stub.clients }), { account: '444455556666', arn_pattern: '*' });
        expect(out.results).toEqual([
          {
            resource: 'caller',
            status: 'error',
            reason: 'GetCallerIdentity answered without the caller ARN or account: the caller is not verified',
          },
        ]);
      } finally {
        await stub.close();
      }
    }
  });
  it('is an error, never a pass, when the credentials expired', async () => {
    h.server.inject({ kind: 'expired-token', service: 'sts' });
    const out = await stsIdentity.run(await h.context(), { account: '111122223333' });
    h.server.clearFaults();
    expect(out.results[0]!.status).toBe('error');
    expect(out.results[0]!.reason).toMatch(/ExpiredToken.*credentials expired/);
  });
});

describe('iam.roles_materialized', () => {
  it('fails PENDING lane roles that do not exist, passes the pinned ones', async () => {
    const out = await iamRolesMaterialized.run(await h.context(), { handles: ['ROLE_*'] });
    const by = Object.fromEntries(out.results.map((r) => [r.resource, r.status]));
    expect(by.ROLE_APP_RUNTIME).toBe('pass');
    expect(by.ROLE_IG).toBe('fail');
    expect(out.results.find((r) => r.resource === 'ROLE_IG')!.reason).toMatch(/not materialized \(NoSuchEntity\)/);
  });
  it('is an error when the checker is denied GetRole', async () => {
    h.server.inject({ kind: 'access-denied', service: 'iam', action: 'GetRole' });
    const out = await iamRolesMaterialized.run(await h.context(), { handles: ['ROLE_APP_RUNTIME'] });
    h.server.clearFaults();
    expect(statuses(out)).toEqual(['error']);
    expect(out.results[0]!.reason).toMatch(/AccessDenied/);
  });
  it('reports a live observation when IAM has another ARN than the pin', async () => {
    const reg = structuredClone(h.registry);
    reg.handles.ROLE_APP_RUNTIME = {
      ...reg.handles.ROLE_APP_RUNTIME!,
      value: 'arn:aws:iam::111122223333:role/legacy/fraud-platform-dev-min-app-runtime',
    };
    const out = await iamRolesMaterialized.run(await h.context({ registry: reg }), { handles: ['ROLE_APP_RUNTIME'] });
    expect(statuses(out)).toEqual(['fail']);
    expect(out.observations).toEqual([{ handle: 'ROLE_APP_RUNTIME', value: APP_ROLE, source: 'live:iam.GetRole' }]);
  });
});

describe('iam.bindings', () => {
  it('fails every service while its lane role is PENDING', async () => {
    const out = await iamBindings.run(await h.context(), { services: ['SVC_IG'] });
    expect(out.results).toEqual([{ resource: 'SVC_IG', status: 'fail', reason: 'ROLE_IG: PENDING PIN: binding unresolved' }]);
  });
  it('after materialize + repin: bound, materialized and equal to Terraform', async () => {
    await h.apply('materialize-lane-roles');
    const ctx = await h.context();
    const out = await iamBindings.run({ ...ctx, registry: repinnedRegistry(h.registry, ctx.terraform) }, { services: ['SVC_*'] });
    expect(new Set(statuses(out))).toEqual(new Set(['pass']));
    expect(out.results).toHaveLength(19);
  });
  it('fails when the pin differs from the Terraform output, errors when Terraform outputs are unavailable', async () => {
    await h.apply('materialize-lane-roles');
    const ctx = await h.context();
    const reg = repinnedRegistry(h.registry, ctx.terraform);
    const drift = { ...ctx.terraform, demo: { ...ctx.terraform.demo, role_ig_arn: 'arn:aws:iam::111122223333:role/other' } };
    expect(statuses(await iamBindings.run({ ...ctx, registry: reg, terraform: drift }, { services: ['SVC_IG'] }))).toEqual(['fail']);
    const { demo: _gone, ...noDemo } = ctx.terraform;
    const out = await iamBindings.run({ ...ctx, registry: reg, terraform: noDemo }, { services: ['SVC_IG'] });
    expect(out.results[0]!.status).toBe('error');
  });
});

describe('iam.simulate', () => {
  const params = (over = {}) => ({
    actions: ['ssm:GetParameter'],
    resources: SIX_PATHS.map(ssmArn),
    cases: [
      { label: 'app_role', principal: APP_ROLE, expect: 'allowed' as const },
      { label: 'execution_role', principal: EXECUTION_ROLE, expect: 'implicitDeny' as const },
    ],
    ...over,
  });
  it('passes the seed matrix: app role 6/6 allowed, execution role 0/6 implicitDeny', async () => {
    const out = await iamSimulate.run(await h.context(), params());
    expect(out.results.map((r) => [r.status, r.reason])).toEqual([
      ['pass', 'app_role: 6/6 allowed, expected allowed'],
      ['pass', 'execution_role: 0/6 allowed, expected implicitDeny'],
    ]);
  });
  it('fails when the execution role drifts into secret read', async () => {
    await h.apply('grant-execution-role-secret-read');
    const out = await iamSimulate.run(await h.context(), params());
    await h.apply('revoke-execution-role-secret-read');
    expect(statuses(out)).toEqual(['pass', 'fail']);
    expect(out.results[1]!.details).toMatchObject({ allowed_count: 6, total: 6 });
  });
  it('asks one simulation per principal for all checks and cases started together', async () => {
    const ctx = await h.context();
    h.server.resetCalls();
    const [a, b] = await Promise.all([
      iamSimulate.run(ctx, params()),
      iamSimulate.run(ctx, {
        actions: ['ssm:PutParameter'],
        resources: [ssmArn('/fraud-platform/dev_min/db/user')],
        cases: [
          { principal: APP_ROLE, expect: 'implicitDeny' },
          { principal: APP_ROLE, expect: 'denied' },
        ],
      }),
    ]);
    expect([...statuses(a), ...statuses(b)]).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(h.server.calls()).toEqual({ 'iam:SimulatePrincipalPolicy': 2 });
    // The same pass asks nothing again; a new pass (fresh memo) does.
    await iamSimulate.run(ctx, params());
    expect(h.server.calls()).toEqual({ 'iam:SimulatePrincipalPolicy': 2 });
  });
  it('follows IsTruncated/Marker across pages of 1000, the API maximum (3 actions × 400 resources = 1200 pairs)', async () => {
    const resources = Array.from({ length: 400 }, (_, i) => ssmArn(`/fraud-platform/dev_min/x/${i}`));
    h.server.resetCalls();
    const out = await iamSimulate.run(await h.context(), {
      actions: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:PutParameter'],
      resources,
      cases: [{ principal: EXECUTION_ROLE, expect: 'denied' }],
    });
    expect(out.results[0]).toMatchObject({ status: 'pass', reason: '0/1200 allowed, expected denied' });
    expect(h.server.calls()['iam:SimulatePrincipalPolicy']).toBe(2);
  });
  it('is an error for a PENDING principal and for a 5xx past retries', async () => {
    const pending = interpolate(params({ cases: [{ label: 'ig', principal: '${ROLE_IG}', expect: 'allowed' }] }), h.registry).value;
    expect((await iamSimulate.run(await h.context(), pending)).results[0]).toMatchObject({
      status: 'error',
      resource: 'ROLE_IG (PENDING PIN)',
    });
    h.server.inject({ kind: 'server-error', service: 'iam' });
    const out = await iamSimulate.run(await h.context(), params());
    h.server.clearFaults();
    expect(statuses(out)).toEqual(['error', 'error']);
  });
});

describe('iam.simulate against an answer without a decision AWS defines', () => {
  // A proxy, a stub or a future API may answer a pair with no EvalDecision or an unknown one: that
  // proves nothing, and must never pass a `denied` case as "not allowed". Values of another account.
  const ACTION = 'kms:Decrypt';
  const RESOURCE = 'arn:aws:kms:us-east-1:444455556666:key/shop-stage';
  const PRINCIPAL = 'arn:aws:iam::444455556666:role/shop-worker';
  const answer = (decision: string | undefined) =>
    `<SimulatePrincipalPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><SimulatePrincipalPolicyResult>` +
    `<IsTruncated>false</IsTruncated><EvaluationResults><member><EvalActionName>${ACTION}</EvalActionName>` +
    `<EvalResourceName>${RESOURCE}</EvalResourceName>${decision === undefined ? '' : `<EvalDecision>${decision}</EvalDecision>`}` +
    `</member></EvaluationResults></SimulatePrincipalPolicyResult></SimulatePrincipalPolicyResponse>`;
  it.each([
    ['an unknown decision', 'maybe', '"maybe"'],
    ['no decision', undefined, '"?"'],
  ])('is an error, never a pass, for %s', async (_, decision, shown) => {
    const stub = await emptyAnswerEndpoint('text/xml', answer(decision));
    try {
      const ctx = await h.context({ clients: stub.clients });
      for (const expect_ of ['denied', 'implicitDeny', 'allowed'] as const) {
        const out = await iamSimulate.run(ctx, {
          actions: [ACTION],
          resources: [RESOURCE],
          cases: [{ principal: PRINCIPAL, expect: expect_ }],
        });
        expect(out.results).toEqual([
          {
            resource: PRINCIPAL,
            status: 'error',
            reason: `simulation gave no decision AWS defines for ${ACTION} on ${RESOURCE} (${shown})`,
          },
        ]);
      }
    } finally {
      await stub.close();
    }
  });
});

describe('ssm.parameters_present', () => {
  it('passes the six SecureString paths and the optional DSN, metadata only', async () => {
    h.server.resetCalls();
    const out = await ssmParametersPresent.run(await h.context(), { handles: ['SSM_*_PATH'] });
    expect(statuses(out)).toEqual(Array(7).fill('pass'));
    expect(Object.keys(h.server.calls())).toEqual(['ssm:DescribeParameters']);
  });
  it('fails a missing required parameter', async () => {
    await h.apply('drop-db-password-parameter');
    const out = await ssmParametersPresent.run(await h.context(), { handles: ['SSM_DB_PASSWORD_PATH'] });
    await h.apply('restore-db-password-parameter');
    expect(out.results[0]).toMatchObject({ status: 'fail', reason: 'SSM_DB_PASSWORD_PATH: parameter does not exist' });
  });
  it('is an error, never absent or skipped, when SSM answers without a Parameters list', async () => {
    const stub = await emptyAnswerEndpoint('application/x-amz-json-1.1', '{}');
    try {
      const out = await ssmParametersPresent.run(await h.context({ clients: stub.clients }), { handles: ['SSM_*_PATH'] });
      expect(new Set(statuses(out))).toEqual(new Set(['error']));
      expect(out.results[0]!.reason).toMatch(/without a Parameters list: cannot tell which exist/);
    } finally {
      await stub.close();
    }
  });
  it('asks 50 names a call (the API maximum), every batch at once: 120 handles → 3 calls in one round trip', async () => {
    const handles = { ...h.registry.handles };
    for (let i = 0; i < 120; i++) handles[`SSM_BULK_${i}_PATH`] = { kind: 'ssm_parameter', value: `/fraud-platform/dev_min/bulk/${i}` };
    h.server.resetCalls();
    h.server.inject({ kind: 'latency', ms: 150 });
    const out = await ssmParametersPresent.run(await h.context({ registry: { ...h.registry, handles } }), {
      handles: ['SSM_BULK_*_PATH', 'SSM_DB_USER_PATH'],
    });
    h.server.clearFaults();
    expect(statuses(out).sort()).toEqual([...Array(120).fill('fail'), 'pass']);
    expect(h.server.stats()).toMatchObject({ calls: { 'ssm:DescribeParameters': 3 }, round_trips: 1 });
  });
  it('is an error when throttled past retries', async () => {
    h.server.inject({ kind: 'throttling', service: 'ssm' });
    const out = await ssmParametersPresent.run(await h.context(), { handles: ['SSM_DB_USER_PATH'] });
    h.server.clearFaults();
    expect(out.results[0]!.status).toBe('error');
    expect(out.results[0]!.reason).toMatch(/Throttl/);
  });
});
