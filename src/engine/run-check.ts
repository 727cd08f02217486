import type { AnyGate } from '../gates/gate.js';
import type { Check, Step } from '../core/runbook-schema.js';
import type { CheckResult, GateOutcome, Observation } from '../core/types.js';
import type { GateContext } from '../core/context.js';
import { interpolate } from '../core/interpolate.js';
import { monotonicMs } from '../core/monotonic.js';

export interface CheckRun {
  results: CheckResult[];
  observations: Observation[];
}

/**
 * Runs one check fail-closed: unknown gate, unresolved handle, invalid params, a throw, an abort or
 * an empty answer all become `error` results. Only a gate's own verdict can say `pass`.
 */
export async function runCheck(gates: ReadonlyMap<string, AnyGate>, ctx: GateContext, step: string, check: Check): Promise<CheckRun> {
  const started = monotonicMs();
  const outcome = await evaluate(gates, ctx, check).catch((err): GateOutcome => ({
    results: [{ resource: check.id, status: 'error', reason: `cannot evaluate: ${(err as Error)?.message ?? String(err)}` }],
  }));
  const duration_ms = Math.round(monotonicMs() - started);
  const items = outcome.results.length
    ? outcome.results
    : [{ resource: check.id, status: 'error' as const, reason: 'the check selected nothing to verify (fail closed)' }];
  return {
    results: items.map((r) => ({ id: check.id, step, gate: check.gate, ...r, duration_ms })),
    observations: outcome.observations ?? [],
  };
}

type Prepared = { gate: AnyGate; params: unknown } | { error: string };

/** The gate and validated params a check runs with, or why it cannot run (fail closed). */
export function prepareCheck(gates: ReadonlyMap<string, AnyGate>, ctx: GateContext, check: Check): Prepared {
  const gate = gates.get(check.gate);
  if (!gate) return { error: `unknown gate kind ${check.gate}` };
  const { value, pending, unknown } = interpolate(check.params, ctx.registry);
  if (unknown.length) return { error: `unknown handle(s): ${unknown.join(', ')}` };
  if (pending.length && !gate.acceptsPending) return { error: `unresolved: ${pending.join(', ')} is PENDING PIN` };
  const parsed = gate.params.safeParse(value);
  if (!parsed.success)
    return { error: `invalid params: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
  return { gate, params: parsed.data };
}

async function evaluate(gates: ReadonlyMap<string, AnyGate>, ctx: GateContext, check: Check): Promise<GateOutcome> {
  const error = (reason: string): GateOutcome => ({ results: [{ resource: check.id, status: 'error', reason }] });
  const prepared = prepareCheck(gates, ctx, check);
  if ('error' in prepared) return error(prepared.error);
  if (ctx.signal.aborted) return error('interrupted before the check ran');
  try {
    return await prepared.gate.run(ctx, prepared.params);
  } catch (err) {
    if (ctx.signal.aborted) return error('interrupted while the check ran');
    return error(`gate ${check.gate} failed: ${(err as Error)?.message ?? String(err)}`);
  }
}

/** Starts the AWS lookups these steps' checks will make (memoized by the gates; nothing is decided here). */
export function prefetchChecks(
  gates: ReadonlyMap<string, AnyGate>,
  steps: readonly Pick<Step, 'id' | 'checks'>[],
  contextFor: (stepId: string) => GateContext,
): void {
  for (const step of steps) {
    const ctx = contextFor(step.id);
    for (const check of step.checks) {
      const prepared = prepareCheck(gates, ctx, check);
      if ('error' in prepared) continue; // the check itself fails closed with the reason
      const { gate, params } = prepared;
      const prefetch = gate.prefetch;
      try {
        // Stryker disable next-line OptionalChaining: calling a missing prefetch throws into the catch below, which skips it all the same (equivalent).
        prefetch?.call(gate, ctx, params);
      } catch {
        // the check itself will run, and fail closed, with whatever went wrong here
      }
    }
  }
}
