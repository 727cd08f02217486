import type { Attestation } from '../../core/context.js';
import type { Conflict } from '../../engine/conflicts.js';
import type { PlannedRepin, RepinDecision } from '../../engine/decisions.js';
import type { OperatorIdentity } from '../../gates/caller-identity.js';
import type { PhaseStatus } from '../../engine/phase-state.js';
import type { RecheckOutcome } from '../../engine/recheck.js';
import type { Reporter } from '../../engine/reporter.js';
import type { Verdict } from '../../engine/verdict.js';
import type { TimelineItem } from '../../engine/history-text.js';
import type { Phase } from '../../core/runbook-schema.js';
import type { LogbookRecord, VerifyResult } from '../../logbook/index.js';
import type { CheckResult, Substrate } from '../../core/types.js';

// What the screens need from the engine. A real PhaseRun satisfies RunPort as it is; tests pass
// small fakes. Screens import these types only, never the engine's modules, so the TUI chunk
// stays thin and every screen renders without AWS.

export interface RunPort {
  readonly phase: Phase;
  readonly operator: OperatorIdentity;
  /** What the engine STOPs on now; the console shows it, never recomputes it. */
  readonly conflicts: Conflict[];
  readonly liveConflicts: Conflict[];
  readonly results: ReadonlyMap<string, CheckResult[]>;
  decide(decision: RepinDecision): Promise<{ planned: PlannedRepin[]; unresolved: Conflict[] }>;
  /** Why a typed value cannot be pinned on the handle; undefined when it can. */
  repinValueProblem(handle: string, value: string): string | undefined;
  /** The engine's STOP on open conflicts (recorded); [] when there is none. */
  stopIfConflicted(): Promise<Conflict[]>;
  /** The engine's STOP on what the checks saw live (recorded); [] when there is none. */
  stopOnLiveConflicts(): Promise<Conflict[]>;
  abort(reason: string): Promise<void>;
  interrupted(): Promise<void>;
  attest(stepId: string, a: Attestation): Promise<void>;
  attestableSteps(): string[];
  runStep(stepId: string): Promise<CheckResult[]>;
  /** Runs every step not yet run, seals; `stopped`: live conflicts the engine STOPped on (recorded). */
  /** `inLogbook`: a docs-only phase, sealed in its logbook record (`path` is `<logbook>#<seq>`, no folder). */
  seal(): Promise<{ verdict: Verdict; path: string; stopped: Conflict[]; inLogbook?: true }>;
}

export interface ConsoleInfo {
  env: string;
  substrate: Substrate;
  region: string;
  program: string;
}

/** The newest records as read from the end of the file: shown at once, not yet verified. */
export interface LogbookView {
  path: string;
  records: LogbookRecord[];
  /** Why the end of the file could not be read (torn or unreadable); the chain's verdict says where. */
  unreadable?: string;
}

/** One document of the registry's authority stack, as an attestation shows it. */
export interface AuthorityDocument {
  id: string;
  /** 1 is the highest authority. */
  rank: number;
  path: string;
  /** The handle that pins its SHA-256, if any. */
  pin?: string;
  /** The pinned SHA-256; absent while the pin is PENDING (or there is none). */
  sha256?: string;
}

export interface ConsolePort {
  info(): ConsoleInfo;
  /** The registry's authority stack (documents, ranks, pinned hashes) as the program was last read. */
  authority?(): AuthorityDocument[];
  /** A gatewalk command as the shell line to paste, with the flags this console runs with (from the CLI). */
  shellCommand?(argv: readonly string[]): string;
  /** STS identity of whoever runs the console (shown in the header before any run). */
  identity(signal: AbortSignal): Promise<OperatorIdentity>;
  phaseStatuses(): Promise<PhaseStatus[]>;
  /** The statuses read while the console opened, handed out once (the home screen's first frame), then undefined. */
  takeFirstStatuses?(): PhaseStatus[] | undefined;
  /** Results of the latest sealed verdict of a phase: "the previous run" of each of its steps. */
  sealedResults(phaseId: string): Promise<CheckResult[]>;
  /**
   * Conflicts a fresh preflight of the phase would find now (Terraform outputs and the registry
   * re-read; nothing recorded). A run reads Terraform once, so a rerun after an apply asks this.
   */
  freshConflicts(phaseId: string): Promise<Conflict[]>;
  /** Preflight of a phase run; throws GatewalkError (exit 3) when a required phase is not green. */
  openRun(phaseId: string, reporter: Reporter, signal: AbortSignal): Promise<RunPort>;
  logbook(count: number): Promise<LogbookView>;
  /** The whole hash chain, verified (linear in the logbook: the screen asks it after showing the tail). */
  verifyChain(): Promise<VerifyResult>;
  /** The phase's story from the (verified) logbook and its sealed verdicts, oldest first. */
  history(phaseId: string): Promise<TimelineItem[]>;
  /** Live checks of every sealed-green phase again, nothing sealed, one `recheck` record (drift). */
  recheck(signal: AbortSignal): Promise<RecheckOutcome>;
}

export type { Attestation, Conflict, OperatorIdentity, PhaseStatus, PlannedRepin, RecheckOutcome, RepinDecision, Verdict };
