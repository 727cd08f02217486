import type { CheckResult } from '../core/types.js';
import type { Conflict } from './conflicts.js';

// The one interface the TUI and the headless runner both implement. Events only flow out of the
// engine; decisions flow in through explicit calls (repin, attest), never through the reporter.

export type EngineEvent =
  | { type: 'phase.started'; phase: string; title: string; substrate: string }
  | { type: 'authority.resolved'; handle: string; winner: string; loser: string; value: string }
  | { type: 'conflict'; phase: string; conflicts: Conflict[] }
  | { type: 'repin.applied'; handle: string; from: string; to: string; reason: string }
  | { type: 'step.started'; phase: string; step: string; title: string }
  | { type: 'check.started'; phase: string; step: string; check: string; gate: string }
  | { type: 'check.finished'; phase: string; step: string; check: string; gate: string; results: CheckResult[] }
  | { type: 'verdict.sealed'; phase: string; overall_pass: boolean; blockers: number; path: string };

export type Reporter = (event: EngineEvent) => void;
