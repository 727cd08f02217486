import type { CheckResult } from '../core/types.js';
import { diffResults, type Change } from './result-changes.js';

// A phase's history, from the logbook (the record of what happened) and the sealed snapshots it
// names (what each verdict saw): runs with their verdicts and blockers, STOPs, repins with their
// rationale and source, attestations, aborts, interruptions, and what changed between consecutive
// verdicts. Pure apart from the snapshot reader it is given.

/** The part of a logbook record history reads (any record shape with these fields works). */
export interface HistoryRecord {
  seq: number;
  ts: string;
  kind: string;
  actor?: string;
  data: unknown;
}

interface Base {
  seq: number;
  ts: string;
  actor?: string;
}

export type HistoryEvent = Base &
  (
    | {
        kind: 'verdict';
        overall_pass: boolean;
        blockers: string[];
        snapshot: string;
        changes: Change[] | null;
        /** Why the snapshot's results are not shown: its bytes no longer hash to what the record sealed. */
        problem?: string;
      }
    | { kind: 'stop'; handles: string[] }
    | { kind: 'repin'; handle: string; from: string; to: string; source: string; reason: string }
    | { kind: 'attest'; step: string; status: string; note: string }
    | { kind: 'abort'; reason: string }
    | { kind: 'interrupted' }
    | { kind: 'other'; record: string }
  );

/**
 * Reads the results a sealed snapshot holds, only from bytes that hash to `sha256` (what its record
 * sealed); `problem` when they do not; undefined when it cannot read it (moved, unreadable).
 */
export type SnapshotChecks = (snapshot: string, sha256: string) => Promise<CheckResult[] | { problem: string } | undefined>;

const SKIPPED = new Set(['run.started', 'authority.resolved']);

export async function phaseHistory(records: readonly HistoryRecord[], phase: string, readChecks: SnapshotChecks): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let previous: CheckResult[] | undefined;
  for (const r of records) {
    const d = (r.data ?? {}) as Record<string, unknown>;
    if (d.phase !== phase || SKIPPED.has(r.kind)) continue;
    const base: Base = { seq: r.seq, ts: r.ts, ...(r.actor ? { actor: r.actor } : {}) };
    const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
    switch (r.kind) {
      case 'verdict.sealed': {
        // A docs-only phase's record carries its verdict (read from a verified chain); others name a snapshot.
        const inRecord = d.sealed_in === 'logbook' ? (d.verdict as { checks?: unknown } | undefined) : undefined;
        const snapshot = inRecord ? `logbook#${r.seq}` : text(d.path);
        const read = inRecord
          ? Array.isArray(inRecord.checks)
            ? (inRecord.checks as CheckResult[])
            : undefined
          : snapshot
            ? await readChecks(snapshot, text(d.sha256))
            : undefined;
        // An edited snapshot's results never enter the history, not even as the base of the next change list.
        const checks = Array.isArray(read) ? read : undefined;
        const changes = checks && previous ? diffResults(previous, checks) : null;
        if (checks) previous = checks;
        const blockers = Array.isArray(d.blockers)
          ? [...new Set(d.blockers.map((b) => (typeof b === 'string' ? b : text((b as { code?: unknown })?.code))))]
          : [];
        const problem = read && !Array.isArray(read) ? { problem: read.problem } : {};
        events.push({ ...base, kind: 'verdict', overall_pass: d.overall_pass === true, blockers, snapshot, changes, ...problem });
        break;
      }
      case 'conflict.stop': {
        const conflicts = Array.isArray(d.conflicts) ? d.conflicts : [];
        events.push({ ...base, kind: 'stop', handles: conflicts.map((c) => text((c as { handle?: unknown })?.handle)) });
        break;
      }
      case 'repin':
        events.push({
          ...base,
          kind: 'repin',
          handle: text(d.handle),
          from: text(d.from),
          to: text(d.to),
          source: text(d.source),
          reason: text(d.reason),
        });
        break;
      case 'attest':
        events.push({ ...base, kind: 'attest', step: text(d.step), status: text(d.status), note: text(d.note) });
        break;
      case 'abort':
        events.push({ ...base, kind: 'abort', reason: text(d.reason) });
        break;
      case 'interrupted':
        events.push({ ...base, kind: 'interrupted' });
        break;
      default:
        events.push({ ...base, kind: 'other', record: r.kind });
    }
  }
  return events;
}
