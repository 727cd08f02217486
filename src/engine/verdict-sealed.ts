import path from 'node:path';
import * as z from '../core/zod-mini.js';
import { HEX64, type LogbookRecord } from '../logbook/record.js';

// The `verdict.sealed` logbook record is what makes a snapshot count (law 8): phase state is read
// from these records in logbook order, and a snapshot is believed only while its bytes still hash
// to the SHA-256 recorded here. One definition, used by the writer and every reader.

export const VerdictSealedData = z.object({
  phase: z.string().check(z.minLength(1)),
  overall_pass: z.boolean(),
  /** Blocker codes of the verdict. */
  blockers: z.array(z.string()),
  /** The snapshot file, relative to the project root, `/`-separated. */
  path: z.string().check(z.minLength(1)),
  /** SHA-256 of the snapshot file's bytes. */
  sha256: z.string().check(z.regex(HEX64)),
  conflicts: z.int().check(z.nonnegative()),
});
export type VerdictSealedData = z.infer<typeof VerdictSealedData>;

export const VERDICT_SEALED_KIND = 'verdict.sealed';

/** The record's data, or undefined for other kinds. A `verdict.sealed` record that does not parse is returned as an error string. */
export function verdictSealedData(rec: LogbookRecord): VerdictSealedData | string | undefined {
  if (rec.kind !== VERDICT_SEALED_KIND) return undefined;
  const parsed = VerdictSealedData.safeParse(rec.data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  return `logbook record ${rec.seq} (verdict.sealed) does not vouch for a snapshot (${issue?.path.join('.') || 'data'}: ${issue?.message})`;
}

/** A path as records store it: relative to the project root, `/`-separated (same on every machine). */
export function rootRelative(root: string, p: string): string {
  return path.relative(root, p).split(path.sep).join('/');
}
