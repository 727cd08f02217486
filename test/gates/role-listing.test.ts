import type { IAMClient } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import type { GateContext } from '../../src/core/context.js';
import type { GateOutcome } from '../../src/core/types.js';
import { iamBindings } from '../../src/gates/iam-bindings.js';
import { iamRolesMaterialized } from '../../src/gates/iam-roles-materialized.js';
import { APP_ROLE } from '../substrate/sandbox/helpers.js';
import { repinnedRegistry, useFreshGateHarness } from './sandbox-context.js';

// More roles asked at once than the session keeps AWS calls in flight: one ListRoles answers them
// all instead of one GetRole each. Same verdicts as GetRole; a listing that is refused falls back
// to GetRole; one throttled past retries or truncated without a Marker passes nothing.
const h = useFreshGateHarness();
const byResource = (out: GateOutcome) => Object.fromEntries(out.results.map((r) => [r.resource, r.status]));

/** A context whose clients keep `concurrency` calls in flight (dev_min asks 11 roles). */
async function withConcurrency(concurrency: number, over: Partial<GateContext> = {}): Promise<GateContext> {
  const ctx = await h.context(over);
  return { ...ctx, clients: { ...ctx.clients, concurrency } };
}

/** After materialize + repin, both role gates over every role and service at 4 calls in flight (calls counted from here). */
async function materializedAndBound(): Promise<[GateOutcome, GateOutcome]> {
  await h.apply('materialize-lane-roles');
  const ctx = await withConcurrency(4);
  const c = { ...ctx, registry: repinnedRegistry(h.registry, ctx.terraform) };
  h.server.resetCalls();
  return Promise.all([iamRolesMaterialized.run(c, { handles: ['ROLE_*'] }), iamBindings.run(c, { services: ['SVC_*'] })]);
}

/** Runs `use` with a middleware on the harness's IAM client that edits ListRoles requests or answers. */
async function tampered<T>(
  ctx: GateContext,
  edit: { input?: (i: Record<string, unknown>) => void; output?: (o: Record<string, unknown>) => void },
  use: () => Promise<T>,
): Promise<T> {
  const iam = (await ctx.clients.iam()) as unknown as IAMClient;
  const name = 'test-tamper-list-roles';
  iam.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'ListRolesCommand') return next(args);
      edit.input?.(args.input as Record<string, unknown>);
      const out = await next(args);
      edit.output?.(out.output as unknown as Record<string, unknown>);
      return out;
    },
    { step: 'initialize', name },
  );
  try {
    return await use();
  } finally {
    iam.middlewareStack.remove(name);
  }
}

describe('role lookups by listing (iam.roles_materialized, iam.bindings)', () => {
  it('one ListRoles answers 11 roles with the verdicts 11 GetRole give', async () => {
    h.server.resetCalls();
    const got = await iamRolesMaterialized.run(await withConcurrency(32), { handles: ['ROLE_*'] });
    expect(h.server.stats().calls).toEqual({ 'iam:GetRole': 11 });
    h.server.resetCalls();
    const listed = await iamRolesMaterialized.run(await withConcurrency(4), { handles: ['ROLE_*'] });
    expect(h.server.stats()).toMatchObject({ calls: { 'iam:ListRoles': 1 }, round_trips: 1 });
    expect(byResource(listed)).toEqual(byResource(got));
    expect(byResource(listed)).toMatchObject({ ROLE_APP_RUNTIME: 'pass', ROLE_IG: 'fail' });
    expect(listed.results.find((r) => r.resource === 'ROLE_IG')!.reason).toBe(
      "role fraud-platform-dev-min-ig is not materialized (not among the account's 2 roles (ListRoles)); handle is PENDING PIN",
    );
  });

  it('bindings after materialize + repin: 19 services bound, 11 roles from one listing shared with roles_materialized', async () => {
    const [roles, bound] = await materializedAndBound();
    expect(new Set(Object.values(byResource(roles)))).toEqual(new Set(['pass']));
    expect(Object.values(byResource(bound))).toEqual(Array(19).fill('pass'));
    expect(h.server.stats().calls).toEqual({ 'iam:ListRoles': 1 });
  });

  it('a pin on another path than IAM has: fail, and the live ARN observed from the listing', async () => {
    const reg = structuredClone(h.registry);
    reg.handles.ROLE_APP_RUNTIME = {
      ...reg.handles.ROLE_APP_RUNTIME!,
      value: 'arn:aws:iam::111122223333:role/legacy/fraud-platform-dev-min-app-runtime',
    };
    const out = await iamRolesMaterialized.run(await withConcurrency(1, { registry: reg }), {
      handles: ['ROLE_APP_RUNTIME', 'ROLE_ECS_TASK_EXECUTION'],
    });
    expect(byResource(out)).toEqual({ ROLE_APP_RUNTIME: 'fail', ROLE_ECS_TASK_EXECUTION: 'pass' });
    expect(out.observations).toEqual([{ handle: 'ROLE_APP_RUNTIME', value: APP_ROLE, source: 'live:iam.ListRoles' }]);
  });

  it('ListRoles denied: each role asked by GetRole instead (what a GetRole-only operator may do), same verdicts', async () => {
    h.server.inject({ kind: 'access-denied', service: 'iam', action: 'ListRoles' });
    h.server.resetCalls();
    const out = await iamRolesMaterialized.run(await withConcurrency(4), { handles: ['ROLE_*'] });
    expect(h.server.stats().calls).toEqual({ 'iam:ListRoles': 1, 'iam:GetRole': 11 });
    expect(byResource(out)).toMatchObject({ ROLE_APP_RUNTIME: 'pass', ROLE_ECS_TASK_EXECUTION: 'pass', ROLE_IG: 'fail' });
    expect(out.results.find((r) => r.resource === 'ROLE_IG')!.reason).toMatch(/\(NoSuchEntity\)/);
  });

  it('ListRoles and GetRole both denied: every role is an error, none passes', async () => {
    h.server.inject({ kind: 'access-denied', service: 'iam' });
    const out = await iamRolesMaterialized.run(await withConcurrency(4), { handles: ['ROLE_*'] });
    expect(new Set(Object.values(byResource(out)))).toEqual(new Set(['error']));
    expect(out.results[0]!.reason).toMatch(/AccessDenied/);
  });

  it('ListRoles throttled past retries: every role and binding is an error, and no GetRole storm follows', async () => {
    h.server.inject({ kind: 'throttling', service: 'iam', action: 'ListRoles' });
    const [roles, bound] = await materializedAndBound();
    expect(new Set([...Object.values(byResource(roles)), ...Object.values(byResource(bound))])).toEqual(new Set(['error']));
    expect(roles.results[0]!.reason).toMatch(/^ListRoles: Throttling.*throttled past the retry budget/);
    expect(h.server.stats().calls).toEqual({ 'iam:ListRoles': 2 }); // the harness's clients try twice
  });

  it('follows Marker across pages (one role a page) to the same verdicts', async () => {
    const ctx = await withConcurrency(4);
    h.server.resetCalls();
    const out = await tampered(ctx, { input: (i) => (i.MaxItems = 1) }, () => iamRolesMaterialized.run(ctx, { handles: ['ROLE_*'] }));
    expect(h.server.stats().calls).toEqual({ 'iam:ListRoles': 2 });
    expect(byResource(out)).toMatchObject({ ROLE_APP_RUNTIME: 'pass', ROLE_ECS_TASK_EXECUTION: 'pass', ROLE_IG: 'fail' });
  });

  it('an answer without a Roles list decides nothing: every role is an error, not missing', async () => {
    const ctx = await withConcurrency(4);
    const out = await tampered(ctx, { output: (o) => delete o.Roles }, () => iamRolesMaterialized.run(ctx, { handles: ['ROLE_*'] }));
    expect(new Set(Object.values(byResource(out)))).toEqual(new Set(['error']));
    expect(out.results[0]!.reason).toBe('ListRoles answered without a Roles list: the listing decides nothing');
  });

  it('a listing truncated without a Marker decides nothing: every role is an error, even those it held', async () => {
    const ctx = await withConcurrency(4);
    const out = await tampered(
      ctx,
      {
        input: (i) => (i.MaxItems = 1),
        output: (o) => delete o.Marker,
      },
      () => iamRolesMaterialized.run(ctx, { handles: ['ROLE_*'] }),
    );
    expect(new Set(Object.values(byResource(out)))).toEqual(new Set(['error']));
    expect(out.results[0]!.reason).toMatch(/IsTruncated but gave no Marker/);
  });
});
