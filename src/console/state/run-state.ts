import type { EngineEvent } from '../../engine/reporter.js';
import type { Phase } from '../../core/runbook-schema.js';
import type { CheckResult } from '../../core/types.js';
import type { Attestation, Conflict, OperatorIdentity, PlannedRepin, Verdict } from '../ports/engine-port.js';

// What the screens know about the phase run in progress: fed by engine events (through the
// reporter) and by the outcome of each call the console makes. Pure, so it is tested without Ink.

export interface LiveCheck {
  check: string;
  gate: string;
  startedAt: number;
}

export interface RunState {
  phase?: Phase;
  operator?: OperatorIdentity;
  /** Phase id being opened (preflight in progress). */
  opening?: string;
  /** What the engine is doing right now; undefined when idle. */
  busy?: string;
  /** Step whose checks are running. */
  runningStep?: string;
  live: LiveCheck[];
  /** Results of the running step so far. */
  partial: CheckResult[];
  /** Latest results per step in this run. */
  results: Record<string, CheckResult[]>;
  /** Results per step before the latest run of it (this run's, or the last sealed verdict's). */
  previous: Record<string, CheckResult[]>;
  sealedPrevious: CheckResult[];
  /** Latest results per step from an earlier run of the same phase in this session. */
  baseline: Record<string, CheckResult[]>;
  attested: Record<string, Attestation>;
  conflicts: Conflict[];
  liveConflicts: Conflict[];
  authority: string[];
  repins: PlannedRepin[];
  /** `stopped`: live conflicts the engine STOPped on after sealing (recorded). */
  sealed?: { verdict: Verdict; path: string; stopped: Conflict[]; inLogbook?: true };
  error?: string;
  /** Something the operator should know about how they got here (e.g. why the run restarted). */
  notice?: string;
  interrupting: boolean;
}

export type RunAction =
  | { type: 'engine'; event: EngineEvent; at: number }
  | { type: 'opening'; phase: string }
  | { type: 'opened'; phase: Phase; operator: OperatorIdentity; conflicts: Conflict[]; sealedPrevious: CheckResult[] }
  | { type: 'busy'; label: string }
  | { type: 'idle' }
  | { type: 'stepDone'; step: string; results: CheckResult[]; liveConflicts: Conflict[] }
  | { type: 'attested'; step: string; attestation: Attestation }
  | { type: 'decided'; planned: PlannedRepin[]; conflicts: Conflict[] }
  | { type: 'stopped'; conflicts: Conflict[] }
  /** `results`: every step's results as sealed (the seal ran the steps not run yet). */
  | { type: 'sealed'; verdict: Verdict; path: string; stopped: Conflict[]; inLogbook?: true; results: Record<string, CheckResult[]> }
  | { type: 'error'; message: string }
  | { type: 'notice'; text: string }
  | { type: 'interrupting' }
  | { type: 'closed' };

export const initialRunState: RunState = {
  live: [],
  partial: [],
  results: {},
  previous: {},
  sealedPrevious: [],
  baseline: {},
  attested: {},
  conflicts: [],
  liveConflicts: [],
  authority: [],
  repins: [],
  interrupting: false,
};

function onEngine(s: RunState, e: EngineEvent, at: number): RunState {
  switch (e.type) {
    case 'step.started': {
      const before = s.results[e.step] ?? s.baseline[e.step] ?? s.sealedPrevious.filter((r) => r.step === e.step);
      const previous = { ...s.previous };
      if (before.length) previous[e.step] = before;
      return { ...s, previous, runningStep: e.step, live: [], partial: [] };
    }
    case 'check.started':
      return { ...s, live: [...s.live, { check: e.check, gate: e.gate, startedAt: at }] };
    case 'check.finished':
      return { ...s, live: s.live.filter((l) => l.check !== e.check), partial: [...s.partial, ...e.results] };
    case 'conflict':
      return { ...s, conflicts: e.conflicts };
    case 'authority.resolved':
      return { ...s, authority: [...s.authority, `${e.handle} = ${e.value} (${e.winner} outranks ${e.loser})`] };
    case 'phase.started':
    case 'repin.applied':
    case 'verdict.sealed':
      return s;
    default: {
      const never: never = e;
      return never;
    }
  }
}

/** No step running and nothing in flight. */
const NOTHING_RUNNING: Pick<RunState, 'busy' | 'runningStep' | 'live' | 'partial'> = {
  busy: undefined,
  runningStep: undefined,
  live: [],
  partial: [],
};

export function runReducer(s: RunState, a: RunAction): RunState {
  switch (a.type) {
    case 'engine':
      return onEngine(s, a.event, a.at);
    case 'opening': {
      // Running the same phase again: its last results stay the baseline for "what changed".
      const baseline = s.phase?.id === a.phase ? { ...s.baseline, ...s.results } : {};
      return { ...initialRunState, baseline, opening: a.phase, busy: `opening ${a.phase}` };
    }
    case 'opened':
      return {
        ...s,
        opening: undefined,
        busy: undefined,
        phase: a.phase,
        operator: a.operator,
        conflicts: a.conflicts,
        sealedPrevious: a.sealedPrevious,
      };
    case 'busy':
      return { ...s, busy: a.label, error: undefined };
    case 'idle':
      return { ...s, busy: undefined, opening: undefined, runningStep: undefined, live: [] };
    case 'stepDone':
      return {
        ...s,
        ...NOTHING_RUNNING,
        results: { ...s.results, [a.step]: a.results },
        liveConflicts: a.liveConflicts,
        sealed: undefined,
      };
    case 'attested':
      return { ...s, busy: undefined, attested: { ...s.attested, [a.step]: a.attestation } };
    case 'decided':
      return { ...s, busy: undefined, repins: a.planned, conflicts: a.conflicts };
    case 'stopped':
      return { ...s, busy: undefined, repins: [], conflicts: a.conflicts };
    case 'sealed':
      return {
        ...s,
        ...NOTHING_RUNNING,
        results: a.results,
        conflicts: a.stopped.length ? a.stopped : s.conflicts,
        sealed: { verdict: a.verdict, path: a.path, stopped: a.stopped, ...(a.inLogbook ? { inLogbook: a.inLogbook } : {}) },
      };
    case 'error':
      return { ...s, busy: undefined, opening: undefined, runningStep: undefined, live: [], error: a.message };
    case 'notice':
      return { ...s, notice: a.text };
    case 'interrupting':
      return { ...s, interrupting: true, busy: 'interrupting: cancelling the running checks' };
    case 'closed':
      return initialRunState;
    default: {
      const never: never = a;
      return never;
    }
  }
}

/** A run is open and has work that no sealed verdict covers yet. */
export const hasUnsealedWork = (s: RunState) => !!s.phase && !s.sealed && Object.keys(s.results).length > 0;
