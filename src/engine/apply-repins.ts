import { randomUUID } from 'node:crypto';
import type { LogbookRecord } from '../logbook/record.js';
import { repinHandles } from '../registry/repin.js';
import { repinAppliedEntry, repinEntry } from './decision-records.js';
import type { PlannedRepin } from './decisions.js';
import type { Recorder } from './recorder.js';
import type { Reporter } from './reporter.js';

export interface RepinBatchInput {
  phase: string;
  planned: readonly PlannedRepin[];
  reason: string;
  registryPath: string;
  /** The registry as the program was loaded from it: a file changed meanwhile is refused. */
  registrySha256: string;
  /** The registry path as records name it (root-relative). */
  registryName: string;
  recorder: Recorder;
  reporter: Reporter;
}

/**
 * Write-ahead: every repin record (old → new, source, rationale) is durable before the registry is
 * rewritten, and `repin.applied` closes the batch; all inside the registry lock.
 */
export async function applyRepins(b: RepinBatchInput): Promise<void> {
  const batch = randomUUID();
  const logged: LogbookRecord[] = [];
  await repinHandles(
    b.registryPath,
    b.planned.map(({ handle, value }) => ({ handle, value })),
    {
      expectSha256: b.registrySha256,
      beforeWrite: async ({ beforeSha256, afterSha256 }) => {
        const at = (i: number) => ({
          batch,
          index: i + 1,
          size: b.planned.length,
          registry_sha256_before: beforeSha256,
          registry_sha256_after: afterSha256,
        });
        logged.push(...(await b.recorder.logAll(b.planned.map((r, i) => repinEntry(b.phase, r, b.reason, b.registryName, at(i))))));
      },
      afterWrite: async ({ afterSha256 }) => void (await b.recorder.log(repinAppliedEntry(batch, b.registryName, afterSha256))),
    },
  );
  for (const r of b.planned) b.reporter({ type: 'repin.applied', handle: r.handle, from: r.from, to: r.value, reason: b.reason });
  await b.recorder.describe(...logged);
}
