import type { Observation } from '../core/types.js';
import type { ResolvedRegistry, TerraformOutputs } from '../core/context.js';

// A conflict: two sources of truth disagree on a handle. Every kind STOPs the session until the
// operator repins or aborts (law 4); nothing here picks a winner.

export type ConflictKind = 'pending_offered' | 'pinned_vs_terraform' | 'pinned_vs_live' | 'same_rank';

export interface Offer {
  /** Where the value comes from: `terraform:demo.role_ig_arn`, `live:iam.GetRole`, `registry:<doc id>`. */
  source: string;
  value: string;
  /** Authority rank when the source is a registry document (1 = highest). */
  rank?: number;
}

export interface Conflict {
  handle: string;
  kind: ConflictKind;
  /** The registry's pinned value, or undefined for a PENDING PIN. */
  pinned?: string;
  offers: Offer[];
}

export interface SameRankConflict {
  handle: string;
  values: Array<{ doc: string; rank: number; value: string }>;
}

/** Registry pin vs Terraform outputs, and same-rank registry disagreement, for the given handles. */
export function detectPinConflicts(
  registry: ResolvedRegistry,
  terraform: TerraformOutputs,
  sameRank: readonly SameRankConflict[],
  handles: readonly string[],
): Conflict[] {
  const scope = new Set(handles);
  const conflicts: Conflict[] = [];
  for (const name of handles) {
    const h = registry.handles[name];
    if (!h?.terraform) continue;
    const offered = terraform[h.terraform.source]?.[h.terraform.output];
    if (typeof offered !== 'string' || offered === '') continue;
    const offer = { source: `terraform:${h.terraform.source}.${h.terraform.output}`, value: offered };
    // A handle is either PENDING or pinned to a value (the registry schema), so no value is PENDING.
    if (h.value === undefined) conflicts.push({ handle: name, kind: 'pending_offered', offers: [offer] });
    else if (h.value !== offered) conflicts.push({ handle: name, kind: 'pinned_vs_terraform', pinned: h.value, offers: [offer] });
  }
  for (const c of sameRank) {
    if (!scope.has(c.handle)) continue;
    conflicts.push({
      handle: c.handle,
      kind: 'same_rank',
      pinned: registry.handles[c.handle]?.value,
      offers: c.values.map((v) => ({ source: `registry:${v.doc}`, value: v.value, rank: v.rank })),
    });
  }
  return conflicts;
}

/** Values gates saw live that differ from the pin. */
export function detectLiveConflicts(registry: ResolvedRegistry, observations: readonly Observation[]): Conflict[] {
  const byHandle = new Map<string, Conflict>();
  for (const o of observations) {
    const h = registry.handles[o.handle];
    if (!h || h.value === o.value) continue;
    const c = byHandle.get(o.handle) ?? { handle: o.handle, kind: 'pinned_vs_live' as const, pinned: h.value, offers: [] };
    if (!c.offers.some((x) => x.source === o.source && x.value === o.value)) c.offers.push({ source: o.source, value: o.value });
    byHandle.set(o.handle, c);
  }
  return [...byHandle.values()];
}
