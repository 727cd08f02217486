import { matchNames } from '../../core/interpolate.js';
import type { Step } from '../../core/runbook-schema.js';
import { sanitizeLine } from '../../core/sanitize.js';
import type { CheckResult } from '../../core/types.js';
import type { AuthorityDocument } from '../ports/engine-port.js';
import { clipMiddle } from '../theme/text.js';

// What an attestation about the authority stack asks the operator to confirm, shown beside the
// question: the documents a docs.pinned check of the step selects, highest rank first, each with
// its rank, path and pinned SHA-256 (PENDING until pinned), and what the check found in the file.

export interface AuthorityLines {
  /** One row per document, the hash clipped to the width (beside the form). */
  compact: string[];
  /** Path and whole hash on rows of their own (the guidance page). */
  full: string[];
}

const NONE: AuthorityLines = { compact: [], full: [] };

export function authorityLines(
  step: Step,
  docs: readonly AuthorityDocument[],
  results: readonly CheckResult[],
  columns: number,
): AuthorityLines {
  const checks = step.checks.filter((c) => c.gate === 'docs.pinned');
  if (!checks.length || !docs.length) return NONE;
  const patterns = checks.flatMap((c) => (Array.isArray(c.params.documents) ? c.params.documents.map(String) : ['*']));
  const ids = new Set(
    matchNames(
      patterns,
      docs.map((d) => d.id),
    ),
  );
  const chosen = docs.filter((d) => ids.has(d.id)).sort((a, b) => a.rank - b.rank);
  if (!chosen.length) return NONE;
  const found = (id: string) => {
    const r = results.find((x) => x.gate === 'docs.pinned' && x.resource === id);
    return !r ? '' : r.status === 'pass' ? '✔ file matches' : `✘ ${r.status === 'fail' ? 'file differs or is missing' : 'not checked'}`;
  };
  const pinned = chosen.filter((d) => d.sha256).length;
  const head = `Authority stack (rank 1 wins): ${chosen.length} document(s), ${pinned} hash(es) pinned`;
  const idWidth = Math.min(32, Math.max(...chosen.map((d) => sanitizeLine(d.id).length)));
  const compact = chosen.map((d) => {
    const lead = `  ${d.rank}  ${clipMiddle(sanitizeLine(d.id), idWidth).padEnd(idWidth)}  `;
    const mark = found(d.id) ? ` ${found(d.id).slice(0, 1)}` : '';
    const room = Math.max(8, columns - lead.length - mark.length);
    return lead + (d.sha256 ? clipMiddle(sanitizeLine(d.sha256), room) : d.pin ? 'PENDING PIN' : 'no sha256_pin') + mark;
  });
  const full = chosen.flatMap((d) => [
    `  rank ${d.rank}  ${sanitizeLine(d.id)}${found(d.id) ? `  ${found(d.id)}` : ''}`,
    `      ${sanitizeLine(d.path)}`,
    `      ${d.sha256 ? `sha256 ${sanitizeLine(d.sha256)}` : d.pin ? `${sanitizeLine(d.pin)} PENDING PIN` : 'no sha256_pin'}`,
  ]);
  return { compact: [head, ...compact], full: [head, ...full] };
}
