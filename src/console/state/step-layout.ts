import { sanitizeLine } from '../../core/sanitize.js';
import type { CheckResult } from '../../core/types.js';

// How the step runner shares its rows: everything else first, the results list gets the rest
// (and scrolls), so the summary and the keys never fall off an 80×24 screen.

export interface StepLayoutInput {
  columns: number;
  rows: number;
  /** Rows the guidance takes wrapped to the width. */
  guidanceLines: number;
  live: number;
  results: readonly CheckResult[];
  checkIds: readonly string[];
  /** Rows below the list: detail, changes, banners, summary, errors. */
  tail: number;
}

export function stepLayout(i: StepLayoutInput) {
  const guidanceRows = Math.min(3, i.guidanceLines);
  const listRows = Math.max(2, i.rows - 3 - guidanceRows - i.live - i.tail); // 3: title, spacer, "… more"
  const longest = Math.max(8, ...i.results.map((r) => sanitizeLine(r.resource).length));
  const resourceWidth = Math.min(Math.max(12, Math.floor(i.columns * 0.35)), longest) + 2;
  const checkWidth = i.checkIds.length > 1 ? Math.min(20, Math.max(...i.checkIds.map((c) => c.length))) + 2 : 0;
  return { guidanceRows, listRows, resourceWidth, checkWidth };
}
