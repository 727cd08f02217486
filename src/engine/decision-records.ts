import type { Attestation } from '../core/context.js';
import type { Conflict } from './conflicts.js';
import type { PlannedRepin } from './decisions.js';
import type { Entry } from './recorder.js';
import type { Verdict } from './verdict.js';
import { VERDICT_SEALED_KIND, type VerdictSealedData } from './verdict-sealed.js';

// What each decision looks like in the logbook (data) and in impl_actual (section). Pure, so the
// TUI and the headless runner write the same records for the same decisions.

export function repinEntry(phase: string, r: PlannedRepin, reason: string, registry: string): Entry {
  return {
    kind: 'repin',
    data: { phase, handle: r.handle, from: r.from, to: r.value, source: r.source, conflict: r.conflict ?? null, reason, registry },
    section: { title: `REPIN ${r.handle} (${phase})`, fields: { handle: r.handle, from: r.from, to: r.value, source: r.source, conflict: r.conflict ?? 'none' }, body: `Rationale: ${reason}` },
  };
}

export function stopEntry(phase: string, conflicts: readonly Conflict[]): Entry {
  const lines = conflicts.map((c) => `- ${c.handle} (${c.kind}): pinned ${c.pinned ?? 'PENDING'}; ${c.offers.map((o) => `${o.source} offers ${o.value}`).join('; ')}`);
  return {
    kind: 'conflict.stop',
    data: { phase, conflicts },
    section: { title: `STOP ${phase}: ${conflicts.length} unresolved conflict(s)`, fields: { phase }, body: `${lines.join('\n')}\n\nNext: repin (new value + rationale) or abort.` },
  };
}

export function abortEntry(phase: string, reason: string): Entry {
  return { kind: 'abort', data: { phase, reason }, section: { title: `ABORT ${phase}`, fields: { phase }, body: reason } };
}

export function interruptedEntry(phase: string, stepsRun: string[]): Entry {
  return { kind: 'interrupted', data: { phase, steps_run: stepsRun } };
}

export function attestEntry(phase: string, step: string, a: Attestation): Entry {
  return { kind: 'attest', data: { phase, step, ...a }, section: { title: `ATTEST ${phase}/${step}: ${a.status}`, fields: { step, status: a.status }, body: a.note } };
}

/** `file` is the snapshot's root-relative path; `sha256` its bytes' hash (the record vouches for it). */
export function verdictEntry(v: Verdict, file: string, sha256: string): Entry {
  const codes = v.blockers.map((b) => b.code);
  const data: VerdictSealedData = { phase: v.phase, overall_pass: v.overall_pass, blockers: codes, path: file, sha256, conflicts: v.conflicts.length };
  return {
    kind: VERDICT_SEALED_KIND,
    data,
    section: {
      title: `VERDICT ${v.phase}: ${v.overall_pass ? 'GREEN' : 'BLOCKED'}`,
      fields: { phase: v.phase, overall_pass: String(v.overall_pass), blockers: codes.join(', ') || '[]', snapshot: file, sha256 },
      ...(v.blockers.length ? { body: v.blockers.map((b) => `- ${b.code} (${b.check}): ${b.message}`).join('\n') } : {}),
    },
  };
}
