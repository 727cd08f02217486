import type { Conflict } from './conflicts.js';
import { readLogbook } from '../logbook/logbook.js';

// A STOP waits for a decision until a repin, an abort or a sealed verdict of its phase follows it
// in the logbook. Leaving the STOP screen leaves it pending; opening the phase again shows the
// same STOP, and recording it a second time would only say the same thing twice.

export interface PendingStop {
  seq: number;
  handles: string[];
  conflicts: Conflict[];
}

interface Rec {
  seq: number;
  kind: string;
  data?: unknown;
}

/** Kinds that decide a phase's pending STOP. */
export const CLOSES = new Set(['repin', 'abort', 'verdict.sealed']);

/** What pendingStop needs of these records for every phase: each phase's STOP still pending at the end (a checkpoint carries them). */
export function pendingStopRecords<R extends Rec>(records: readonly R[]): R[] {
  const pending = new Map<unknown, R>();
  for (const r of records) {
    const phase = ((r.data ?? {}) as { phase?: unknown }).phase;
    if (r.kind === 'conflict.stop') pending.set(phase, r);
    else if (CLOSES.has(r.kind)) pending.delete(phase);
  }
  return [...pending.values()];
}

/** The phase's latest STOP with nothing deciding it after, if any. */
export function pendingStop(records: readonly Rec[], phase: string): PendingStop | undefined {
  let pending: PendingStop | undefined;
  for (const r of records) {
    const d = (r.data ?? {}) as { phase?: unknown; conflicts?: unknown };
    if (d.phase !== phase) continue;
    if (r.kind === 'conflict.stop') {
      const conflicts = Array.isArray(d.conflicts) ? (d.conflicts as Conflict[]) : [];
      pending = { seq: r.seq, handles: conflicts.map((c) => String(c?.handle)), conflicts };
    } else if (CLOSES.has(r.kind)) pending = undefined;
  }
  return pending;
}

const shape = (cs: readonly Conflict[]) =>
  JSON.stringify(
    cs
      .map((c) => [c.handle, c.kind, c.pinned ?? null, (c.offers ?? []).map((o) => [o.source, o.value, o.rank ?? null])])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
  );

/** True when these conflicts are exactly the pending STOP's: recording them again adds nothing. */
export function repeatsPendingStop(pending: PendingStop | undefined, conflicts: readonly Conflict[]): boolean {
  return !!pending && shape(pending.conflicts) === shape(conflicts);
}

/** Reopening a phase on the same conflicts: its STOP is already on record, waiting for a decision. */
export async function stopAlreadyPending(logbookPath: string, phase: string, conflicts: readonly Conflict[]): Promise<boolean> {
  return repeatsPendingStop(pendingStop(await readLogbook(logbookPath), phase), conflicts);
}
