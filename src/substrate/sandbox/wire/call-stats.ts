// What a sandbox session was asked, for benchmarks and the tests that pin AWS call counts:
// calls per `service:Action`, and how many round trips followed one another (the latency a run
// could not hide). A call's depth is 1 + the deepest call that had answered before it arrived.

import { monotonicMs } from '../../../core/monotonic.js';

export interface CallStats {
  /** Calls received, keyed `service:Action`, retries included. */
  calls: Record<string, number>;
  /** Longest chain of calls each sent only after the previous one was answered. */
  round_trips: number;
  /** Most calls in flight at one moment. */
  max_in_flight: number;
}

interface Span {
  start: number;
  end: number;
}

export class CallLog {
  private counts = new Map<string, number>();
  private spans: Span[] = [];
  private open = 0;
  private peak = 0;

  /** Counts a call; the returned function marks it answered. */
  begin(key: string): () => void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    const span: Span = { start: monotonicMs(), end: Infinity };
    this.spans.push(span);
    this.peak = Math.max(this.peak, ++this.open);
    return () => {
      span.end = monotonicMs();
      this.open--;
    };
  }

  calls(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }

  stats(): CallStats {
    return { calls: this.calls(), round_trips: roundTrips(this.spans), max_in_flight: this.peak };
  }
}

function roundTrips(spans: readonly Span[]): number {
  const byStart = [...spans].sort((a, b) => a.start - b.start);
  const depth: number[] = [];
  let deepest = 0;
  for (let i = 0; i < byStart.length; i++) {
    let d = 1;
    for (let j = 0; j < i; j++) if (byStart[j]!.end <= byStart[i]!.start) d = Math.max(d, depth[j]! + 1);
    depth.push(d);
    deepest = Math.max(deepest, d);
  }
  return deepest;
}
