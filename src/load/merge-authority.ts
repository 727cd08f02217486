import type { Handle } from '../core/registry-schema.js';

// Law 4 between registry documents: of two documents of different authority rank the higher
// (rank 1) wins and the decision is logged; documents of the same rank that disagree are a
// conflict the engine STOPs on. Loading never fails because of either.

/** One registry document's say on handles. `doc` is its authority document id. */
export interface RankedHandles {
  doc: string;
  rank: number;
  handles: Record<string, Handle>;
}

/** `value: null` is a PENDING PIN. */
export interface AuthorityValue {
  doc: string;
  rank: number;
  value: string | null;
}

export interface AuthorityDecision {
  handle: string;
  winner: AuthorityValue;
  loser: AuthorityValue;
}

/** Same shape as the engine's SameRankConflict; documents holding the handle PENDING are listed apart. */
export interface SameRankConflict {
  handle: string;
  values: Array<{ doc: string; rank: number; value: string }>;
  pending: Array<{ doc: string; rank: number }>;
}

export interface MergedHandles {
  /** Primary document's handles first, then handles only overlays define, in document order. */
  handles: Record<string, Handle>;
  authorityDecisions: AuthorityDecision[];
  sameRankConflicts: SameRankConflict[];
}

const pinOf = (h: Handle): string | null => (h.pending || h.value === undefined ? null : h.value);

/** Merge handles by authority rank; `docs[0]` is the primary registry (it wins ties for the placeholder). */
export function mergeByAuthority(docs: readonly RankedHandles[]): MergedHandles {
  const names = [...new Set(docs.flatMap((d) => Object.keys(d.handles)))];
  const handles: Record<string, Handle> = {};
  const authorityDecisions: AuthorityDecision[] = [];
  const sameRankConflicts: SameRankConflict[] = [];
  for (const name of names) {
    const says = docs.flatMap((d) => (d.handles[name] ? [{ doc: d.doc, rank: d.rank, handle: d.handles[name] }] : []));
    const top = Math.min(...says.map((s) => s.rank));
    const best = says.filter((s) => s.rank === top);
    const winner = best[0]!;
    // While a same-rank conflict is open the primary's (or first) value stands in; the engine STOPs.
    handles[name] = winner.handle;
    const pins = new Set(best.map((s) => pinOf(s.handle)));
    if (pins.size > 1) {
      sameRankConflicts.push({
        handle: name,
        values: best.flatMap((s) => (pinOf(s.handle) === null ? [] : [{ doc: s.doc, rank: s.rank, value: pinOf(s.handle)! }])),
        pending: best.filter((s) => pinOf(s.handle) === null).map((s) => ({ doc: s.doc, rank: s.rank })),
      });
    }
    for (const lower of says.filter((s) => s.rank !== top && pinOf(s.handle) !== pinOf(winner.handle))) {
      authorityDecisions.push({
        handle: name,
        winner: { doc: winner.doc, rank: winner.rank, value: pinOf(winner.handle) },
        loser: { doc: lower.doc, rank: lower.rank, value: pinOf(lower.handle) },
      });
    }
  }
  return { handles, authorityDecisions, sameRankConflicts };
}
