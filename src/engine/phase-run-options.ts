import type { AwsClients, Clock } from '../core/context.js';
import type { Workspace } from '../core/workspace.js';
import type { AnyGate } from '../gates/gate.js';
import type { LoadedProgram } from '../load/load-program.js';
import type { Reporter } from './reporter.js';

/** What a PhaseRun is opened with: the program, the phase, where to write, and the outside world. */
export interface PhaseRunOptions {
  program: LoadedProgram;
  phaseId: string;
  workspace: Workspace;
  clients: AwsClients;
  reporter: Reporter;
  clock: Clock;
  signal: AbortSignal;
  /** Reloads the program after a repin edited the registry. */
  reload: () => Promise<LoadedProgram>;
  version: string;
  gates?: ReadonlyMap<string, AnyGate>;
  /** Checks of one step in flight at once. */
  concurrency?: number;
  /** A recheck of a sealed phase: no requires gate, nothing recorded; the caller never seals. */
  recheck?: boolean;
}
