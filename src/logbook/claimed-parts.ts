import { type Segment, type SegmentTask, walkSegment } from './chain-walk.js';
import { GENESIS } from './record.js';

// The parts of a logbook cut for `logbook verify` (verify-parallel.ts) are claimed, in file order,
// by whichever walker is free: this thread and its helper threads share one counter in shared
// memory, and each walker takes the next part until none is left. No walker is handed a fixed share,
// so a helper that starts late (a worker takes ~100 ms of a core to start, more under load) or runs on
// a busy core simply walks fewer parts, and the walkers finish within about one part of each other.

/** What every walker of one verification shares: the parts, and the counter the next part is claimed from. */
export interface Claims {
  tasks: SegmentTask[];
  /** An Int32 at 0: the next part to claim (tasks.length or more: none left). */
  next: SharedArrayBuffer;
}

export function newClaims(tasks: SegmentTask[]): Claims {
  return { tasks, next: new SharedArrayBuffer(4) };
}

/**
 * Walks parts claimed from `claims` until none is left, handing each to `each` as it is done. The first
 * part is walked from the chain's start (GENESIS); any other without a link (see Walk.head). A part
 * that breaks ends the claims of every walker: what comes after a break is never reported.
 */
export async function walkClaimed(claims: Claims, each: (part: number, segment: Segment) => void): Promise<void> {
  const next = new Int32Array(claims.next);
  const n = claims.tasks.length;
  for (let part = Atomics.add(next, 0, 1); part < n; part = Atomics.add(next, 0, 1)) {
    const segment = await walkSegment(claims.tasks[part]!, part === 0 ? { seq: 0, hash: GENESIS } : undefined);
    if (segment.broken) Atomics.store(next, 0, n);
    each(part, segment);
  }
}
