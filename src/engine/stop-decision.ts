import type { Conflict } from './conflicts.js';
import { stopEntry } from './decision-records.js';
import type { Recorder } from './recorder.js';
import { stopAlreadyPending } from './pending-stop.js';

/**
 * What a run STOPs on (law 4), decided here and nowhere else: the preflight conflicts no repin has
 * closed, or, once the checks saw values that contradict the pins, those live conflicts. The faces
 * (headless text, console) only show what this decided; every STOP is recorded before it is shown.
 */
export class StopDecision {
  /** Conflicts the run stands STOPped on now. */
  open: Conflict[] = [];
  /** Values the checks saw live that differ from the pins (GW-CONFLICT blockers in the verdict). */
  live: Conflict[] = [];

  constructor(
    private readonly phase: string,
    private readonly recorder: Recorder,
    private readonly logbookPath: string,
  ) {}

  /** Records the STOP while conflicts are open and returns them; [] means the run goes on. */
  async stopIfConflicted(): Promise<Conflict[]> {
    if (!this.open.length) return [];
    // Reopened with the same conflicts: the STOP is on record and still waiting, not a new one.
    if (!(await stopAlreadyPending(this.logbookPath, this.phase, this.open))) await this.recorder.record(stopEntry(this.phase, this.open));
    return [...this.open];
  }

  /** The live conflicts become the open ones and the run STOPs on them (recorded); [] when none. */
  async stopOnLive(): Promise<Conflict[]> {
    if (!this.live.length) return [];
    this.open = [...this.live];
    return this.stopIfConflicted();
  }
}
