// Vocabulary shared by the engine, gates, reporters and screens. No I/O here.

/** Closed set of check statuses. `skip` is not `fail`; `error` means "could not evaluate" and blocks. */
export type CheckStatus = 'pass' | 'fail' | 'error' | 'skip' | 'manual';

export type Substrate = 'aws' | 'sandbox';

/** One finding of a gate about one resource. */
export interface ResultItem {
  resource: string;
  status: CheckStatus;
  reason: string;
  /** Extra machine-readable facts (e.g. the simulate matrix). Never secret values. */
  details?: Record<string, unknown>;
}

/** A value a gate saw live for a handle, used for pinned-vs-observed conflicts. */
export interface Observation {
  handle: string;
  value: string;
  source: string;
}

/** What a gate returns for one check. */
export interface GateOutcome {
  results: ResultItem[];
  observations?: Observation[];
}

/** One row of a verdict: a gate result tagged with the check that produced it. */
export interface CheckResult extends ResultItem {
  id: string;
  step: string;
  gate: string;
  duration_ms: number;
}

export interface Blocker {
  code: string;
  message: string;
  check: string;
}

/**
 * `stale`: its own verdict is green but a phase it requires (transitively) is not any more.
 * `tampered`: the evidence tree holds a verdict the logbook does not vouch for (edited, planted, missing).
 */
export type PhaseState = 'locked' | 'ready' | 'green' | 'blocked' | 'stopped' | 'stale' | 'tampered';

/** Worst-first ordering used to fold many results into one status. */
const SEVERITY: Record<CheckStatus, number> = { error: 4, fail: 3, manual: 2, skip: 1, pass: 0 };

export function worstStatus(statuses: readonly CheckStatus[]): CheckStatus {
  let worst: CheckStatus = 'pass';
  for (const s of statuses) if (SEVERITY[s] > SEVERITY[worst]) worst = s;
  return worst;
}

/**
 * Green law: `fail`, `error` and `manual` (an attestation not yet given) block the phase.
 * `skip` (an optional resource that is absent) is not a failure and does not block.
 */
export function isBlocking(status: CheckStatus): boolean {
  return status === 'fail' || status === 'error' || status === 'manual';
}
