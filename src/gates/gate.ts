import type { z } from 'zod';
import type { GateContext } from '../core/context.js';
import type { HandleKind } from '../core/registry-schema.js';
import type { GateOutcome } from '../core/types.js';

/**
 * A gate kind: a name, a zod schema for its params, and `run`. Params reach `run` already
 * validated and with `${HANDLE}` references substituted. Problems evaluating a check are
 * returned as `error` results, never thrown; a throw is treated as `error` by the engine too.
 */
export interface GateKind<P = unknown> {
  kind: string;
  summary: string;
  params: z.ZodType<P>;
  /**
   * Handle names the check selects by name (not by `${…}`), so the loader can validate them
   * and `registry.resolved` knows what a phase uses. Default: none.
   */
  handleNames?(params: P, allHandles: readonly string[]): string[];
  /** The kind every handle its `handles` param selects must have (validated at load and at run time). */
  selectsKind?: HandleKind;
  /** True when the gate reads pending handles itself (others get `error` for a pending `${X}`). */
  acceptsPending?: boolean;
  run(ctx: GateContext, params: P): Promise<GateOutcome>;
}

export function defineGate<P>(gate: GateKind<P>): GateKind<P> {
  return gate;
}

/** AWS calls one gate keeps in flight: enough to be quick, few enough not to trip throttling. */
export const AWS_CONCURRENCY = 8;
