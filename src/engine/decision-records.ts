import type { ImplActualSection } from '../logbook/impl-actual.js';
import type { LogbookRecord } from '../logbook/record.js';
import type { Attestation } from '../core/context.js';
import type { Conflict } from './conflicts.js';
import type { PlannedRepin } from './decisions.js';
import type { Verdict } from './verdict.js';
import { VERDICT_SEALED_KIND, type LogbookSealedData, type SnapshotSealedData } from './verdict-sealed.js';

// What each decision looks like in the logbook (data) and in impl_actual (section). Pure, so the
// TUI and the headless runner write the same records for the same decisions. A section is derived
// from its logbook record alone, so a section lost to a crash is rebuilt from the logbook.

export interface Entry {
  kind: string;
  data: Record<string, unknown>;
}

/** Which repin batch a record belongs to: the registry bytes it was decided on and will produce. */
export interface RepinBatch {
  batch: string;
  index: number;
  size: number;
  registry_sha256_before: string;
  registry_sha256_after: string;
}

export function repinEntry(phase: string, r: PlannedRepin, reason: string, registry: string, batch: RepinBatch): Entry {
  return {
    kind: 'repin',
    data: {
      phase,
      handle: r.handle,
      from: r.from,
      to: r.value,
      source: r.source,
      conflict: r.conflict ?? null,
      reason,
      registry,
      ...batch,
    },
  };
}

/** The registry now holds a batch's values (written after the file was replaced). */
export function repinAppliedEntry(batch: string, registry: string, sha256: string, recovered = false): Entry {
  return { kind: 'repin.applied', data: { batch, registry, registry_sha256: sha256, ...(recovered ? { recovered: true } : {}) } };
}

/** A recorded batch that never reached the registry and never will. */
export function repinFailedEntry(batch: string, registry: string, reason: string): Entry {
  return { kind: 'repin.failed', data: { batch, registry, reason } };
}

export function stopEntry(phase: string, conflicts: readonly Conflict[]): Entry {
  return { kind: 'conflict.stop', data: { phase, conflicts } };
}

export function abortEntry(phase: string, reason: string): Entry {
  return { kind: 'abort', data: { phase, reason } };
}

export function interruptedEntry(phase: string, stepsRun: string[], sealed?: string): Entry {
  return { kind: 'interrupted', data: { phase, steps_run: stepsRun, ...(sealed ? { after_seal: sealed } : {}) } };
}

export function attestEntry(phase: string, step: string, a: Attestation): Entry {
  return { kind: 'attest', data: { phase, step, ...a } };
}

/** Written before the snapshot is published: the path it will have and the SHA-256 of its bytes (the record vouches for it). */
export function verdictEntry(v: Verdict, file: string, sha256: string): Entry {
  const data: SnapshotSealedData = {
    phase: v.phase,
    overall_pass: v.overall_pass,
    blockers: v.blockers.map((b) => b.code),
    path: file,
    sha256,
    conflicts: v.conflicts.length,
  };
  return {
    kind: VERDICT_SEALED_KIND,
    data: {
      ...data,
      blocker_details: v.blockers.map((b) => `${b.code} (${b.check}): ${b.message}`),
    },
  };
}

/** A docs-only phase's verdict: the record carries the whole verdict and is its seal (no snapshot file). */
export function logbookVerdictEntry(v: Verdict, verdictSha256: string): Entry {
  const data: LogbookSealedData = {
    phase: v.phase,
    overall_pass: v.overall_pass,
    blockers: v.blockers.map((b) => b.code),
    conflicts: v.conflicts.length,
    sealed_in: 'logbook',
    verdict_sha256: verdictSha256,
    verdict: v as unknown as Record<string, unknown>,
  };
  return { kind: VERDICT_SEALED_KIND, data: { ...data, blocker_details: v.blockers.map((b) => `${b.code} (${b.check}): ${b.message}`) } };
}

/** A verdict record whose snapshot could not be published (its folder name was taken meanwhile). */
export function verdictFailedEntry(seq: number, file: string, reason: string): Entry {
  return { kind: 'verdict.failed', data: { seq, path: file, reason } };
}

type Section = Omit<ImplActualSection, 'ts'>;
const str = (v: unknown) => (v === undefined || v === null ? 'none' : String(v));

/** The impl_actual section of a logbook record, or undefined for kinds humans do not read there. */
export function sectionFor(rec: LogbookRecord): ImplActualSection | undefined {
  const d = (rec.data ?? {}) as Record<string, unknown>;
  const s = sectionBody(rec.kind, d);
  if (!s) return undefined;
  return {
    ts: rec.ts,
    title: s.title,
    fields: { substrate: rec.substrate, actor: rec.actor, ...s.fields, logbook_seq: String(rec.seq), logbook_hash: rec.hash },
    ...(s.body ? { body: s.body } : {}),
  };
}

function sectionBody(kind: string, d: Record<string, unknown>): Section | undefined {
  switch (kind) {
    case 'repin':
      return {
        title: `REPIN ${str(d.handle)} (${str(d.phase)})`,
        fields: { handle: str(d.handle), from: str(d.from), to: str(d.to), source: str(d.source), conflict: str(d.conflict) },
        body: `Rationale: ${str(d.reason)}`,
      };
    case 'repin.failed':
      return { title: `REPIN NOT APPLIED (batch ${str(d.batch)})`, fields: { registry: str(d.registry) }, body: str(d.reason) };
    case 'conflict.stop': {
      const conflicts = (Array.isArray(d.conflicts) ? d.conflicts : []) as Conflict[];
      const lines = conflicts.map(
        (c) =>
          `- ${c.handle} (${c.kind}): pinned ${c.pinned ?? 'PENDING'}; ${c.offers.map((o) => `${o.source} offers ${o.value}`).join('; ')}`,
      );
      return {
        title: `STOP ${str(d.phase)}: ${conflicts.length} unresolved conflict(s)`,
        fields: { phase: str(d.phase) },
        body: `${lines.join('\n')}\n\nNext: repin (new value + rationale) or abort.`,
      };
    }
    case 'recheck': {
      const checked = (Array.isArray(d.phases) ? d.phases : []).map((p) => str((p as { phase?: unknown }).phase));
      const drifted = (Array.isArray(d.drifted) ? d.drifted : []).map(String);
      return {
        title: `RECHECK ${checked.length} sealed-green phase(s): ${drifted.length ? `${drifted.join(', ')} no longer green` : 'all still green'}`,
        fields: { phases: checked.join(', ') || 'none', drifted: drifted.join(', ') || 'none' },
      };
    }
    case 'abort':
      return { title: `ABORT ${str(d.phase)}`, fields: { phase: str(d.phase) }, body: str(d.reason) };
    case 'attest':
      return {
        title: `ATTEST ${str(d.phase)}/${str(d.step)}: ${str(d.status)}`,
        fields: { step: str(d.step), status: str(d.status) },
        body: str(d.note),
      };
    case 'verdict.sealed': {
      const codes = Array.isArray(d.blockers) ? d.blockers.map(String) : [];
      const details = Array.isArray(d.blocker_details) ? d.blocker_details.map((b) => `- ${String(b)}`) : [];
      return {
        title: `VERDICT ${str(d.phase)}: ${d.overall_pass === true ? 'GREEN' : 'BLOCKED'}`,
        fields: {
          phase: str(d.phase),
          overall_pass: String(d.overall_pass === true),
          blockers: codes.join(', ') || '[]',
          ...(d.sealed_in === 'logbook'
            ? { sealed_in: 'logbook (this record is the seal; no evidence folder)' }
            : { snapshot: str(d.path) }),
        },
        ...(details.length ? { body: details.join('\n') } : {}),
      };
    }
    case 'verdict.failed':
      return { title: `VERDICT NOT PUBLISHED (logbook seq ${str(d.seq)})`, fields: { snapshot: str(d.path) }, body: str(d.reason) };
    default:
      return undefined;
  }
}
