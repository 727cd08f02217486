import { advice, cmd, input } from '../core/advice.js';
import { GatewalkError } from '../core/errors.js';
import { Handle } from '../core/registry-schema.js';
import type { Conflict } from './conflicts.js';
import type { ResolvedRegistry } from '../core/context.js';

// The operator's answer to a STOP: explicit repins and/or "take every value a source offers",
// always with a rationale. Turning that answer into a concrete plan is pure; applying it is not.

export interface RepinDecision {
  repins: Array<{ handle: string; value: string }>;
  /** Take the value offered by this source (`terraform` or `live`) for every conflict it covers. */
  fromSource?: 'terraform' | 'live';
  reason: string;
}

export interface PlannedRepin {
  handle: string;
  value: string;
  /** Previous pinned value, or `PENDING`. */
  from: string;
  /** Where the new value came from: the operator, or the offering source. */
  source: string;
  conflict?: Conflict['kind'];
}

export function planRepins(
  registry: ResolvedRegistry,
  conflicts: readonly Conflict[],
  decision: RepinDecision | undefined,
): { planned: PlannedRepin[]; unresolved: Conflict[] } {
  if (!decision) return { planned: [], unresolved: [...conflicts] };
  if (!decision.reason.trim()) {
    throw new GatewalkError('a repin needs a rationale', advice`give one: ${input('reason', 'why this value is right')}`, undefined, {
      code: 'repin.no_reason',
      data: {},
    });
  }
  const planned = new Map<string, PlannedRepin>();
  const prev = (h: string) => registry.handles[h]?.value ?? 'PENDING';
  for (const c of conflicts) {
    const offer = decision.fromSource && c.offers.find((o) => o.source.startsWith(`${decision.fromSource}:`));
    if (offer)
      planned.set(c.handle, { handle: c.handle, value: offer.value, from: prev(c.handle), source: offer.source, conflict: c.kind });
  }
  for (const r of decision.repins) {
    if (!registry.handles[r.handle]) {
      throw new GatewalkError(
        advice`${input('repin', r.handle)}: no such handle in the registry`,
        advice`check the name with \`${cmd('validate')}\``,
        undefined,
        { code: 'repin.unknown_handle', data: { handle: r.handle } },
      );
    }
    const problem = repinValueProblem(registry, r.handle, r.value);
    if (problem) {
      throw new GatewalkError(advice`${input('repin', `${r.handle}=${r.value}`)}: ${problem}`, undefined, undefined, {
        code: 'repin.invalid_value',
        data: { handle: r.handle, value: r.value, problem },
      });
    }
    const c = conflicts.find((x) => x.handle === r.handle);
    // The value a source offered keeps that source's name; `operator` is only a value typed by hand.
    const offered = c?.offers.find((o) => o.value === r.value);
    planned.set(r.handle, {
      handle: r.handle,
      value: r.value,
      from: prev(r.handle),
      source: offered?.source ?? 'operator',
      ...(c ? { conflict: c.kind } : {}),
    });
  }
  const unresolved = conflicts.filter((c) => !planned.has(c.handle));
  return { planned: [...planned.values()], unresolved };
}

/** Why `value` cannot be pinned on `handle`, or undefined when it can (the console asks while typing). */
export function repinValueProblem(registry: ResolvedRegistry, handle: string, value: string): string | undefined {
  const h = registry.handles[handle];
  if (!h) return 'no such handle in the registry';
  const check = Handle.safeParse({ ...h, pending: undefined, value });
  return check.success ? undefined : (check.error.issues[0]?.message ?? 'invalid value');
}
