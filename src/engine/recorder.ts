import { appendImplActualSections, type ImplActualKnown } from '../logbook/impl-actual.js';
import { appendLogbookRecords } from '../logbook/logbook.js';
import type { LogbookRecord } from '../logbook/record.js';
import type { Clock } from '../core/context.js';
import { sectionFor, type Entry } from './decision-records.js';
import type { Workspace } from '../core/workspace.js';

export type { Entry };

/**
 * Every decision goes to the hash-chained logbook first (the write-ahead log), then to the
 * human-readable impl_actual, whose section is derived from the logbook record alone.
 */
export class Recorder {
  constructor(
    private readonly ws: Workspace,
    private readonly clock: Clock,
    /** Who acts: the caller ARN once STS has answered (records wait for it), else the user name. */
    public actor: string | Promise<string>,
  ) {}

  /** The logbook record only: durable when this returns. */
  async log(entry: Entry, actor: string | Promise<string> = this.actor): Promise<LogbookRecord> {
    return (await this.logAll([entry], actor))[0]!;
  }

  /** Records that belong together, in one durable append. */
  async logAll(entries: readonly Entry[], actor: string | Promise<string> = this.actor): Promise<LogbookRecord[]> {
    const { substrate, env } = this.ws;
    const who = await actor;
    return appendLogbookRecords(
      this.ws.logbookPath,
      entries.map(({ kind, data }) => ({ kind, substrate, env, actor: who, data })),
      this.clock,
    );
  }

  /**
   * What this session's recovery established about impl_actual (reconcile-mark.ts): which records
   * have their section already, and from where a later record's could lie. Without it, finding
   * whether a section is there reads all of impl_actual.
   */
  implKnown?: ImplActualKnown;

  /** impl_actual sections of these records (kinds that have one), skipping any it already has. */
  async describe(...recs: LogbookRecord[]): Promise<void> {
    const items = recs.flatMap((rec) => {
      const section = sectionFor(rec);
      return section ? [{ section, seq: rec.seq }] : [];
    });
    await appendImplActualSections(this.ws.implActualPath, items, this.implKnown);
  }

  async record(entry: Entry, actor: string | Promise<string> = this.actor): Promise<LogbookRecord> {
    const rec = await this.log(entry, actor);
    await this.describe(rec);
    return rec;
  }
}
