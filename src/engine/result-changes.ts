import { sanitizeLine } from '../core/sanitize.js';
import { checkStyle } from '../core/status-style.js';
import type { CheckResult, CheckStatus } from '../core/types.js';
import { isBlocking } from '../core/types.js';

// "What changed since the previous run of this step": one line per (check, resource) whose status
// moved, e.g. `ROLE_IG: FAIL → PASS`. Unchanged results are not news during an incident.

export interface Change {
  label: string;
  from?: CheckStatus;
  to?: CheckStatus;
}

/**
 * Results keyed by check id + case + resource. A case is what iam.simulate calls a case: a result
 * whose details carry a `label` (by that label, or by its position in the check when unlabelled),
 * so two cases with the same principal never overwrite each other.
 */
function keyed(results: readonly CheckResult[]): Map<string, CheckResult & { case: string }> {
  const seen = new Map<string, number>();
  const out = new Map<string, CheckResult & { case: string }>();
  for (const r of results) {
    const i = seen.get(r.id) ?? 0;
    seen.set(r.id, i + 1);
    const d = r.details;
    const kase = d && 'label' in d ? (typeof d.label === 'string' ? d.label : `case ${i + 1}`) : '';
    out.set(`${r.id}\u0000${kase}\u0000${r.resource}`, { ...r, case: kase });
  }
  return out;
}

export function diffResults(before: readonly CheckResult[], after: readonly CheckResult[]): Change[] {
  const old = keyed(before);
  const now = keyed(after);
  const checksOf = new Map<string, Set<string>>();
  for (const r of [...old.values(), ...now.values()])
    checksOf.set(r.resource, (checksOf.get(r.resource) ?? new Set()).add(`${r.id}\u0000${r.case}`));
  // The resource alone reads best ("ROLE_IG"); check id and case are added only when several share it.
  const label = (r: CheckResult & { case: string }) =>
    sanitizeLine(checksOf.get(r.resource)!.size > 1 ? [r.id, r.case, r.resource].filter(Boolean).join(' ') : r.resource);
  const changes: Change[] = [];
  for (const [k, r] of now) {
    const was = old.get(k);
    if (!was) changes.push({ label: label(r), to: r.status });
    else if (was.status !== r.status) changes.push({ label: label(r), from: was.status, to: r.status });
  }
  for (const [k, r] of old) if (!now.has(k)) changes.push({ label: label(r), from: r.status });
  // Fixes and regressions first: they are what the operator reran the step for.
  return changes.sort((a, b) => rank(b) - rank(a));
}

const rank = (c: Change) => (c.from && c.to && isBlocking(c.from) !== isBlocking(c.to) ? 1 : 0);

export function formatChange(c: Change): string {
  const word = (s?: CheckStatus, none = '(none)') => (s ? checkStyle(s).word : none);
  return `${c.label}: ${word(c.from, '(new)')} → ${word(c.to, '(gone)')}`;
}

/** Blocking results first (error, fail, manual), then the rest, each group in engine order. */
export function blockingFirst(results: readonly CheckResult[]): CheckResult[] {
  return [...results.filter((r) => isBlocking(r.status)), ...results.filter((r) => !isBlocking(r.status))];
}

/** Green law for one step: it ran and nothing in it blocks. */
export const stepIsGreen = (results: readonly CheckResult[] | undefined) => !!results?.length && !results.some((r) => isBlocking(r.status));
