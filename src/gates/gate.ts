import type * as z from '../core/zod-mini.js';
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
  params: z.ZodMiniType<P>;
  /**
   * Handle names the check selects by name (not by `${…}`), so the loader can validate them
   * and `registry.resolved` knows what a phase uses. Default: none.
   */
  handleNames?(params: P, allHandles: readonly string[]): string[];
  /** The kind every handle its `handles` param selects must have (validated at load and at run time). */
  selectsKind?: HandleKind;
  /**
   * False only when the gate never calls AWS (documents, evidence files, attestations): a phase
   * whose checks are all such never waits for AWS. Left out, a gate counts as calling AWS (fail
   * closed): a phase with such a check never seals green without a verified caller identity.
   */
  aws?: boolean;
  /** True when the gate reads pending handles itself (others get `error` for a pending `${X}`). */
  acceptsPending?: boolean;
  run(ctx: GateContext, params: P): Promise<GateOutcome>;
  /**
   * Starts, without waiting, the AWS lookups `run` will make, into `ctx.memo`. The engine calls it
   * for every check of a pass before the first step, so calls of later steps overlap the first
   * one's and questions several checks share are asked once. Never decides anything.
   */
  prefetch?(ctx: GateContext, params: P): void;
}

export function defineGate<P>(gate: GateKind<P>): GateKind<P> {
  return gate;
}

/**
 * AWS calls one gate keeps in flight. The session's clients bound every call anyway (the AWS
 * concurrency setting); gates may simply issue all their calls at once.
 */
export const AWS_CONCURRENCY = 8;

/**
 * A gate of any params type, as the registry of gate kinds holds them. `P` appears both in and out
 * (`params` produces it, `run` consumes it), so no concrete type is a supertype of every gate; each
 * call site pairs a gate with params its own schema produced.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- existential over P, see above
export type AnyGate = GateKind<any>;
