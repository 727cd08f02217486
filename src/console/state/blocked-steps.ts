import type { Phase } from '../../core/runbook-schema.js';
import { sanitizeLine } from '../../core/sanitize.js';
import { isBlocking, type CheckResult } from '../../core/types.js';

// The console lets a red step go on to the next one, as the headless runner does; the phase then
// stays blocked, and every later step says so plainly.

/**
 * `step 2 failed — phase stays BLOCKED; continuing to step 3` when steps before `index` ran and are
 * not green in this run; undefined when none is.
 */
export function blockedBefore(phase: Phase, results: Readonly<Record<string, readonly CheckResult[]>>, index: number): string | undefined {
  const red = phase.steps.slice(0, index).flatMap((s, i) => {
    const mine = results[s.id];
    if (!mine?.some((r) => isBlocking(r.status))) return [];
    const failed = mine.some((r) => r.status === 'fail' || r.status === 'error');
    return [{ n: i + 1, id: sanitizeLine(s.id), failed }];
  });
  if (!red.length) return undefined;
  const which = red.map((r) => `${r.n} (${r.id})`).join(', ');
  const word = red.every((r) => r.failed) ? 'failed' : 'not green';
  return `step${red.length > 1 ? 's' : ''} ${which} ${word} — phase stays BLOCKED; continuing to step ${index + 1}`;
}
