import path from 'node:path';
import type { RunbookDoc } from '../core/runbook-schema.js';
import { readImplActualAnchors } from '../logbook/impl-actual-anchors.js';
import { readSealedBytes } from '../evidence/reader.js';
import type { LogbookHead, LogbookRecord } from '../logbook/record.js';
import { formatTamper, readLedger, SNAPSHOT_PROBLEM } from './sealed-ledger.js';
import { isLogbookSealed, rootRelative, verdictSealedData } from './verdict-sealed.js';
import type { Workspace } from '../core/workspace.js';

// `logbook verify` beyond the chain: the tail is anchored outside the logbook. Each sealed
// verdict carries the head it was written after, each impl_actual section the record it follows;
// a logbook that no longer holds those records was truncated or had its tail re-forged, even when
// its own chain is intact. The evidence tree is cross-checked too (law 8).

/**
 * Problems found, each naming a file (and line where there is one), in a chain just verified whole:
 * `hashes` holds every record's hash (index seq - 1), `kept` at least every verdict.sealed record,
 * in order (phase state and the anchors depend on no other record whole; the ledger's head is not read).
 */
export async function checkAnchors(
  runbook: RunbookDoc,
  ws: Workspace,
  chain: { hashes: readonly string[]; kept: readonly LogbookRecord[] },
): Promise<string[]> {
  const problems: string[] = [];
  const { hashes } = chain;
  const holds = (h: LogbookHead) => h.seq === 0 || hashes[h.seq - 1] === h.hash;
  const end = hashes.length;
  const ledger = await readLedger(runbook, ws, chain.kept);
  const phases = new Set(runbook.phases.map((p) => p.id));
  for (const l of ledger.phases.values()) problems.push(...l.tamper.map((t) => `tampering: ${formatTamper(t)}`));
  for (const rec of chain.kept) {
    const data = verdictSealedData(rec);
    if (!data || typeof data === 'string' || rec.env !== ws.env || rec.substrate !== ws.substrate) continue;
    if (isLogbookSealed(data)) continue; // the record is the verdict: the chain itself anchors it
    const bytes = await readSealedBytes(path.resolve(ws.root, data.path), data.sha256);
    if (typeof bytes === 'string') {
      // readLedger reports the runbook's phases; a phase since removed from it still sealed evidence
      // that must not change.
      if (!phases.has(data.phase))
        problems.push(`tampering: ${data.path}: ${SNAPSHOT_PROBLEM[bytes](rec.seq)} (phase ${data.phase}, no longer in the runbook)`);
      continue;
    }
    const head = (JSON.parse(bytes.toString('utf8')) as { logbook_head?: LogbookHead }).logbook_head;
    if (!head) continue; // sealed before verdicts carried their head
    if (head.seq >= rec.seq || !holds(head)) {
      problems.push(
        `${data.path}: sealed after logbook record ${head.seq} (${head.hash.slice(0, 12)}…), which this logbook ${head.seq > end ? `does not reach (it ends at ${end}): truncated` : 'holds differently: rewritten'}`,
      );
    }
  }
  const impl = rootRelative(ws.root, ws.implActualPath);
  for (const a of await readImplActualAnchors(ws.implActualPath)) {
    if (a.seq > end) problems.push(`${impl}:${a.line}: names logbook record ${a.seq}, but the logbook ends at ${end}: truncated`);
    else if (a.hash && hashes[a.seq - 1] !== a.hash)
      problems.push(`${impl}:${a.line}: logbook record ${a.seq} is not the one written then: rewritten`);
  }
  return problems;
}
