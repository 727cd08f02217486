import path from 'node:path';
import { ExitCode, GatewalkError } from '../core/errors.js';
import type { CheckResult } from '../core/types.js';
import type { Workspace } from '../core/workspace.js';
import { phaseHistory, type HistoryEvent, type SnapshotChecks } from '../engine/history.js';
import { parseVerdict, readSealedBytes } from '../evidence/reader.js';
import { readLogbookTail } from '../logbook/logbook.js';
import { verifyLogbook } from '../logbook/verify.js';
import { advice, cmd } from '../core/advice.js';

/**
 * A phase's history as both faces show it: the logbook is verified first (a history from a
 * broken chain is not evidence), then read whole; each verdict's snapshot is read for its results.
 */
export async function loadPhaseHistory(ws: Workspace, phaseId: string): Promise<{ records: number; events: HistoryEvent[] }> {
  const chain = await verifyLogbook(ws.logbookPath);
  if (!chain.ok) {
    throw new GatewalkError(
      `the logbook is broken at ${ws.logbookPath}:${chain.line}: ${chain.reason}`,
      advice`a history from a broken chain would not be evidence: run \`${cmd('logbook', 'verify')}\``,
      ExitCode.blockers,
    );
  }
  const records = await readLogbookTail(ws.logbookPath, Number.MAX_SAFE_INTEGER);
  const readChecks: SnapshotChecks = async (snapshot, sha256) => {
    const file = path.isAbsolute(snapshot) ? snapshot : path.resolve(ws.root, snapshot);
    try {
      // Results come only from the bytes the record sealed (law 8), parsed from those very bytes.
      const bytes = await readSealedBytes(file, sha256);
      if (bytes === 'edited') return { problem: 'edited after it was sealed: its SHA-256 differs from its logbook record' };
      if (bytes === 'missing') return undefined;
      const v = parseVerdict(bytes.toString('utf8'), file);
      return Array.isArray(v.checks) ? (v.checks as CheckResult[]) : undefined;
    } catch {
      return undefined; // shown as "snapshot …" instead of a change list
    }
  };
  return { records: chain.records, events: await phaseHistory(records, phaseId, readChecks) };
}
