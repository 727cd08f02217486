import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { prefetchChecks, runCheck } from '../../src/engine/run-check.js';
import type { AnyGate, GateKind } from '../../src/gates/gate.js';
import type { Check } from '../../src/core/runbook-schema.js';
import type { GateOutcome } from '../../src/core/types.js';
import { offlineContext, registry } from '../gates/context.js';

// Item 5: every run-check rule, pinned directly. Only a gate's own verdict may say pass; an unknown
// gate, an unresolved handle, bad params, a throw, an abort or an empty answer are all `error`.

const reg = registry({
  DB_URL_PARAM: { kind: 'ssm_parameter', value: '/shop/db/url' },
  WORKER_ROLE: { kind: 'iam_role', pending: true },
});

function gate(run: GateKind<{ name: string }>['run'], over: Partial<GateKind<{ name: string }>> = {}): GateKind<{ name: string }> {
  return { kind: 'fake', summary: 'fake', params: z.object({ name: z.string().min(1) }).strict(), run, ...over };
}
const check = (params: Record<string, unknown> = { name: '${DB_URL_PARAM}' }, gateName = 'fake'): Check => ({
  id: 'c1',
  gate: gateName,
  params,
  blocker: 'X-1',
});
const passing = gate(async (_ctx, p) => ({
  results: [{ resource: p.name, status: 'pass', reason: 'present' }],
  observations: [{ handle: 'DB_URL_PARAM', value: p.name, source: 'live' } as never],
}));
const gates = (g: AnyGate = passing) => new Map([['fake', g]]);
const ctx = (over = {}) => offlineContext({ registry: reg, ...over });

async function only(g: AnyGate, c = check(), context = ctx()) {
  const run = await runCheck(gates(g), context, 'step-1', c);
  expect(run.results).toHaveLength(1);
  return run.results[0]!;
}

describe('runCheck', () => {
  it("a pass comes only from the gate, with params substituted and the check's id, step and gate stamped on", async () => {
    const run = await runCheck(gates(), ctx(), 'step-1', check());
    expect(run.results).toEqual([
      {
        id: 'c1',
        step: 'step-1',
        gate: 'fake',
        resource: '/shop/db/url',
        status: 'pass',
        reason: 'present',
        duration_ms: expect.any(Number),
      },
    ]);
    expect(run.observations).toEqual([{ handle: 'DB_URL_PARAM', value: '/shop/db/url', source: 'live' }]);
  });
  it("a gate's fail, skip and manual results pass through unchanged, every one of them", async () => {
    const g = gate(async () => ({
      results: [
        { resource: 'a', status: 'fail', reason: 'f' },
        { resource: 'b', status: 'skip', reason: 's' },
        { resource: 'c', status: 'manual', reason: 'm' },
      ],
    }));
    const run = await runCheck(gates(g), ctx(), 'step-1', check());
    expect(run.results.map((x) => [x.resource, x.status, x.reason])).toEqual([
      ['a', 'fail', 'f'],
      ['b', 'skip', 's'],
      ['c', 'manual', 'm'],
    ]);
    expect(run.observations).toEqual([]);
  });
  it('unknown gate kind → error, the gate never runs', async () => {
    const res = (await runCheck(gates(), ctx(), 'step-1', check(undefined, 'no.such_gate'))).results;
    expect(res).toEqual([
      expect.objectContaining({
        id: 'c1',
        gate: 'no.such_gate',
        resource: 'c1',
        status: 'error',
        reason: 'unknown gate kind no.such_gate',
      }),
    ]);
  });
  it('a pending handle → error naming it, unless the gate reads pending handles itself', async () => {
    let ran = 0;
    const counting = gate(async () => (ran++, { results: [{ resource: 'r', status: 'pass', reason: 'ok' }] }));
    expect(await only(counting, check({ name: '${WORKER_ROLE}' }))).toMatchObject({
      status: 'error',
      reason: 'unresolved: WORKER_ROLE is PENDING PIN',
      resource: 'c1',
    });
    expect(ran).toBe(0);
    expect(await only({ ...counting, acceptsPending: true }, check({ name: '${WORKER_ROLE}' }))).toMatchObject({ status: 'pass' });
    expect(ran).toBe(1);
  });
  it('an unknown handle → error naming every one', async () => {
    expect(await only(passing, check({ name: '${NO_SUCH}' }))).toMatchObject({ status: 'error', reason: 'unknown handle(s): NO_SUCH' });
    expect(await only(passing, check({ name: '${NO_SUCH}-${NOR_THIS}' }))).toMatchObject({
      status: 'error',
      reason: 'unknown handle(s): NO_SUCH, NOR_THIS',
    });
  });
  it('several pending handles are all named', async () => {
    const reg2 = registry({ A_ROLE: { kind: 'iam_role', pending: true }, B_ROLE: { kind: 'iam_role', pending: true } });
    expect(await only(passing, check({ name: '${A_ROLE}+${B_ROLE}' }), ctx({ registry: reg2 }))).toMatchObject({
      reason: 'unresolved: A_ROLE, B_ROLE is PENDING PIN',
    });
  });
  it('every invalid param is named by its path', async () => {
    const nested = gate(async () => ({ results: [] }), {
      params: z.object({ a: z.object({ b: z.string() }), c: z.number() }).strict() as never,
    });
    expect(await only(nested, check({ a: { b: 1 }, c: 'x' }))).toMatchObject({
      status: 'error',
      reason: 'invalid params: a.b: Invalid input: expected string, received number; c: Invalid input: expected number, received string',
    });
  });
  it('a params schema that throws while checking → error "cannot evaluate" (the gate never runs)', async () => {
    const bad = (thrown: unknown) =>
      gate(async () => ({ results: [{ resource: 'r', status: 'pass', reason: 'ok' }] }), {
        params: z.any().transform(() => {
          throw thrown;
        }) as never,
      });
    expect(await only(bad(new Error('schema blew up')))).toMatchObject({
      id: 'c1',
      resource: 'c1',
      status: 'error',
      reason: 'cannot evaluate: schema blew up',
    });
    expect(await only(bad(undefined))).toMatchObject({ status: 'error', reason: 'cannot evaluate: undefined' });
  });
  it('the duration is the time the check took', async () => {
    const clock = [1_000_000_000n, 1_250_000_000n]; // nanoseconds, as process.hrtime.bigint() reads them
    const spy = vi.spyOn(process.hrtime, 'bigint').mockImplementation(() => clock.shift() ?? 9_999_000_000n);
    try {
      expect((await only(passing)).duration_ms).toBe(250);
    } finally {
      spy.mockRestore();
    }
  });
  it("params the gate's schema rejects → error naming the field", async () => {
    expect(await only(passing, check({ name: '' }))).toMatchObject({
      status: 'error',
      reason: expect.stringMatching(/^invalid params: name: /),
    });
    expect(await only(passing, check({ name: 'x', extra: 1 }))).toMatchObject({
      status: 'error',
      reason: expect.stringMatching(/^invalid params: /),
    });
  });
  it('a gate that throws → error with its message (never pass)', async () => {
    const throws = gate(async () => {
      throw new Error('socket hang up');
    });
    expect(await only(throws)).toMatchObject({ status: 'error', resource: 'c1', reason: 'gate fake failed: socket hang up' });
    const throwsString = gate(async () => {
      throw 'plain';
    });
    expect(await only(throwsString)).toMatchObject({ status: 'error', reason: 'gate fake failed: plain' });
    const throwsNothing = gate(async () => {
      throw undefined;
    });
    expect(await only(throwsNothing)).toMatchObject({ status: 'error', reason: 'gate fake failed: undefined' });
  });
  it('a gate whose run is not even a promise (throws synchronously) → error', async () => {
    const sync = gate((() => {
      throw new TypeError('boom');
    }) as never);
    expect(await only(sync)).toMatchObject({ status: 'error', reason: 'gate fake failed: boom' });
  });
  it('aborted before the check runs → error, the gate never runs', async () => {
    const controller = new AbortController();
    controller.abort();
    let ran = false;
    const g = gate(async () => ((ran = true), { results: [{ resource: 'r', status: 'pass', reason: 'ok' }] }));
    expect(await only(g, check(), ctx({ signal: controller.signal }))).toMatchObject({
      status: 'error',
      reason: 'interrupted before the check ran',
    });
    expect(ran).toBe(false);
  });
  it('aborted while the gate runs and it throws → error "interrupted while the check ran"', async () => {
    const controller = new AbortController();
    const g = gate(async () => {
      controller.abort();
      throw new Error('aborted');
    });
    expect(await only(g, check(), ctx({ signal: controller.signal }))).toMatchObject({
      status: 'error',
      reason: 'interrupted while the check ran',
    });
  });
  it('a gate that answers nothing → error (fail closed), not pass', async () => {
    const empty = gate(async (): Promise<GateOutcome> => ({ results: [] }));
    expect(await only(empty)).toMatchObject({
      id: 'c1',
      step: 'step-1',
      gate: 'fake',
      resource: 'c1',
      status: 'error',
      reason: 'the check selected nothing to verify (fail closed)',
    });
  });
});

describe('prefetchChecks (starts lookups, decides nothing)', () => {
  const steps = [
    { id: 'a', checks: [check({ name: '${DB_URL_PARAM}' }), check({ name: '${WORKER_ROLE}' })] },
    { id: 'b', checks: [check({ name: 'second' }), check({}, 'missing'), check({ name: '' })] },
  ];
  it('prefetches every check that can run, with its substituted params and its own step context; skips the rest', () => {
    const seen: Array<[string, unknown]> = [];
    const g = gate(async () => ({ results: [] }), { prefetch: (c, p) => void seen.push([(c as { step?: string }).step ?? '', p]) });
    prefetchChecks(gates(g), steps, (step) => ({ ...ctx(), step }) as never);
    // the PENDING handle, the unknown gate and the invalid params are left to the check itself (it fails closed)
    expect(seen).toEqual([
      ['a', { name: '/shop/db/url' }],
      ['b', { name: 'second' }],
    ]);
  });
  it('a gate without prefetch is not touched; a throwing prefetch does not stop the others', () => {
    expect(() => prefetchChecks(gates(passing), steps, () => ctx())).not.toThrow();
    const calls: unknown[] = [];
    const throwing = gate(async () => ({ results: [] }), {
      prefetch: (_c, p) => {
        calls.push(p);
        throw new Error('boom');
      },
    });
    expect(() => prefetchChecks(gates(throwing), steps, () => ctx())).not.toThrow();
    expect(calls).toHaveLength(2);
  });
});
