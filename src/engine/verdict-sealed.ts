import path from 'node:path';
import * as z from '../core/zod-mini.js';
import { sha256Hex } from '../core/hash.js';
import { canonicalJson } from '../logbook/canonical-json.js';
import { HEX64, type LogbookRecord } from '../logbook/record.js';

// The `verdict.sealed` logbook record is what makes a snapshot count (law 8): phase state is read
// from these records in logbook order, and a snapshot is believed only while its bytes still hash
// to the SHA-256 recorded here. A docs-only phase (sealed_in: logbook) has no snapshot: its record
// carries the whole verdict, read only from a verified chain. One definition, used by the writer and
// every reader.

const Common = {
  phase: z.string().check(z.minLength(1)),
  overall_pass: z.boolean(),
  /** Blocker codes of the verdict. */
  blockers: z.array(z.string()),
  conflicts: z.int().check(z.nonnegative()),
};

/** A verdict sealed into an evidence root: the record names the snapshot and the SHA-256 of its bytes. */
export const SnapshotSealedData = z.object({
  ...Common,
  /** The snapshot file, relative to the project root, `/`-separated. */
  path: z.string().check(z.minLength(1)),
  /** SHA-256 of the snapshot file's bytes. */
  sha256: z.string().check(z.regex(HEX64)),
});

/** A docs-only phase's verdict (sealed_in: logbook): the record carries the whole verdict and is its seal. */
export const LogbookSealedData = z.object({
  ...Common,
  sealed_in: z.literal('logbook'),
  /** SHA-256 of the verdict's canonical JSON (RFC 8785): its digest for CI artifacts. */
  verdict_sha256: z.string().check(z.regex(HEX64)),
  verdict: z.record(z.string(), z.unknown()),
});

export const VerdictSealedData = z.union([LogbookSealedData, SnapshotSealedData]);
export type VerdictSealedData = z.infer<typeof VerdictSealedData>;
export type SnapshotSealedData = z.infer<typeof SnapshotSealedData>;
export type LogbookSealedData = z.infer<typeof LogbookSealedData>;

export const isLogbookSealed = (d: VerdictSealedData): d is LogbookSealedData => 'sealed_in' in d;

/** SHA-256 of a verdict's RFC 8785 canonical JSON. */
export function verdictDigest(verdict: unknown): string {
  return sha256Hex(canonicalJson(verdict) ?? '');
}

/**
 * Where a logbook-sealed verdict lives, as paths are named elsewhere (`requires`, `previous_verdict`,
 * outputs): the logbook file and the record's seq.
 */
export function logbookVerdictRef(logbookPath: string, seq: number): string {
  return `${logbookPath}#${seq}`;
}

/** Why the summary fields of a logbook-sealed record disagree with the verdict it carries, if they do. */
function logbookSealProblem(d: LogbookSealedData): string | undefined {
  const v = d.verdict;
  const codes = Array.isArray(v.blockers) ? v.blockers.map((b) => (b as { code?: unknown })?.code) : undefined;
  if (v.phase !== d.phase) return 'its verdict is of another phase';
  // Code by code: joined, a blocker without a code (or with '') and none at all read the same.
  if (v.overall_pass !== d.overall_pass || !codes || codes.length !== d.blockers.length || codes.some((c, i) => c !== d.blockers[i]))
    return 'its overall_pass or blockers differ from the verdict it carries';
  if (verdictDigest(v) !== d.verdict_sha256) return 'its verdict does not hash to verdict_sha256';
  return undefined;
}

export const VERDICT_SEALED_KIND = 'verdict.sealed';

/**
 * VerdictSealedData.safeParse, answering the common record (a snapshot's seal, no `sealed_in`) with
 * one parse instead of the union's failed logbook branch first (a long-lived workspace's ledger
 * holds thousands). Without `sealed_in` the logbook branch cannot match, so the union's answer is
 * the snapshot branch's; anything else, failures too, goes through the union as before.
 */
function parseSealedData(data: unknown): ReturnType<typeof VerdictSealedData.safeParse> {
  if (typeof data === 'object' && data !== null && !('sealed_in' in data)) {
    const snapshot = SnapshotSealedData.safeParse(data);
    // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent, the union answers a record without `sealed_in` as this parse did (only slower).
    if (snapshot.success) return snapshot;
  }
  return VerdictSealedData.safeParse(data);
}

/** The record's data, or undefined for other kinds. A `verdict.sealed` record that does not parse is returned as an error string. */
export function verdictSealedData(rec: LogbookRecord): VerdictSealedData | string | undefined {
  if (rec.kind !== VERDICT_SEALED_KIND) return undefined;
  const parsed = parseSealedData(rec.data);
  if (parsed.success) {
    const problem = isLogbookSealed(parsed.data) ? logbookSealProblem(parsed.data) : undefined;
    return problem ? `logbook record ${rec.seq} (verdict.sealed) does not vouch for its verdict: ${problem}` : parsed.data;
  }
  const issue = parsed.error.issues[0];
  return `logbook record ${rec.seq} (verdict.sealed) does not vouch for a snapshot (${issue?.path.join('.') || 'data'}: ${issue?.message})`;
}

/** A path as records store it: relative to the project root, `/`-separated (same on every machine). */
export function rootRelative(root: string, p: string): string {
  return path.relative(root, p).split(path.sep).join('/');
}
