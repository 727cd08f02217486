import { withFileLock } from '../core/fs/file-lock.js';
import { maskSecrets } from '../core/mask-secrets.js';
import { ensureFile } from '../logbook/logbook.js';
import { logbookVerdictEntry } from './decision-records.js';
import { changesSince, type SealInput, type Sealed } from './seal-phase.js';
import { readLedger } from './sealed-ledger.js';
import type { Verdict } from './verdict.js';
import { logbookVerdictRef, verdictDigest } from './verdict-sealed.js';

/**
 * A docs-only phase (sealed_in: logbook): the verdict is sealed by one durable logbook append that
 * carries all of it (overall_pass, blockers, results with their hashes) and its digest. No evidence
 * folder is written, so a kill leaves either no record (nothing sealed) or the whole record; its
 * impl_actual section is rebuilt from the record by the next start if a kill cut it short.
 */
export async function sealInLogbook(s: SealInput): Promise<Sealed> {
  const { logbookPath } = s.workspace;
  // One seal of the phase at a time: the previous verdict is read and the new one appended under it.
  // The lock has a name of its own: the append inside takes the logbook's lock (file-lock.ts).
  const name = `${logbookPath}.seal-${s.phase.id}`;
  await ensureFile(logbookPath); // its folder holds the lock
  return withFileLock(
    name,
    async () => {
      const ledger = await readLedger(s.program.runbook.doc, s.workspace);
      const last = ledger.phases.get(s.phase.id)?.latest;
      await s.identity();
      // Masked before hashing, so the digest is of exactly what the record holds (law 6).
      const verdict = JSON.parse(JSON.stringify(maskSecrets(s.verdictFor(last?.path ?? null, ledger.head)))) as Verdict;
      const rec = await s.recorder.log(logbookVerdictEntry(verdict, verdictDigest(verdict)));
      const ref = logbookVerdictRef(logbookPath, rec.seq);
      s.reporter({
        type: 'verdict.sealed',
        phase: s.phase.id,
        overall_pass: verdict.overall_pass,
        blockers: verdict.blockers.length,
        path: ref,
      });
      await s.recorder.describe(rec);
      return {
        verdict,
        path: ref,
        inLogbook: true,
        changes: changesSince(last?.verdict, verdict),
        record: { seq: rec.seq, hash: rec.hash },
      };
    },
    { lockPath: `${name}.lock`, realpath: false },
  );
}
