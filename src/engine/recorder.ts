import { appendImplActual } from '../logbook/impl-actual.js';
import { appendLogbook } from '../logbook/logbook.js';
import type { Clock } from '../core/context.js';
import type { Workspace } from '../core/workspace.js';

/** One decision: a logbook record, and (for the ones a human reads later) an impl_actual section. */
export interface Entry {
  kind: string;
  data: Record<string, unknown>;
  section?: { title: string; fields: Record<string, string>; body?: string };
}

/** Every decision goes to both the hash-chained logbook and the human-readable impl_actual. */
export class Recorder {
  constructor(
    private readonly ws: Workspace,
    private readonly clock: Clock,
    /** Who acts: the caller ARN once STS has answered (records wait for it), else the user name. */
    public actor: string | Promise<string>,
  ) {}

  async record({ kind, data, section }: Entry) {
    const actor = await this.actor;
    const rec = await appendLogbook(
      this.ws.logbookPath,
      { kind, substrate: this.ws.substrate, env: this.ws.env, actor, data },
      this.clock,
    );
    if (section) {
      await appendImplActual(this.ws.implActualPath, {
        title: section.title,
        ts: this.clock.now().toISOString(),
        fields: { substrate: this.ws.substrate, actor, ...section.fields, logbook_seq: String(rec.seq), logbook_hash: rec.hash },
        ...(section.body ? { body: section.body } : {}),
      });
    }
    return rec;
  }
}
