import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { listVerdicts, readVerdict } from '../evidence/reader.js';
import { isErrno } from '../core/fs/durable-fs.js';
import type { RunbookDoc } from '../core/runbook-schema.js';
import { evidenceRootOf, sealsInLogbook } from '../core/sealed-in.js';
import { readCheckedChain } from '../logbook/read-chain.js';
import { sha256Hex } from '../core/hash.js';
import { headOf, type LogbookHead, type LogbookRecord } from '../logbook/record.js';
import { pendingStopRecords } from './pending-stop.js';
import {
  isLogbookSealed,
  logbookVerdictRef,
  rootRelative,
  VERDICT_SEALED_KIND,
  verdictSealedData,
  type VerdictSealedData,
} from './verdict-sealed.js';
import type { Workspace } from '../core/workspace.js';

// Law 8: phase state comes from the hash-chained logbook, not from folder names. The latest
// verdict of a phase is the one its last `verdict.sealed` record names (logbook order, so a
// future-dated folder or a skewed clock changes nothing), and a snapshot counts only while its
// bytes hash to what that record says. Everything else the evidence tree holds is reported.

export interface Tamper {
  phase: string;
  /** The file concerned, relative to the project root. */
  file: string;
  problem: string;
}

export interface TrustedVerdict {
  seq: number;
  /** Absolute path of the snapshot; for a logbook-sealed verdict `<logbook>#<seq>` (logbookVerdictRef). */
  path: string;
  record: VerdictSealedData;
  verdict: Record<string, unknown>;
}

export interface PhaseLedger {
  /** The latest sealed verdict, when its file is intact; undefined when none or tampered. */
  latest?: TrustedVerdict;
  tamper: Tamper[];
}

export interface Ledger {
  /**
   * The records phase state depends on, oldest first: the whole chain, or after a checkpoint what it
   * carried (every verdict.sealed record, each phase's pending STOP: ledgerCarry) and every record since.
   */
  records: readonly LogbookRecord[];
  /** The last record of the verified chain. */
  head: LogbookHead;
  phases: Map<string, PhaseLedger>;
}

/** What a checkpoint carries for phase state: every verdict.sealed record and each phase's pending STOP, in logbook order. */
export function ledgerCarry(records: readonly LogbookRecord[]): LogbookRecord[] {
  const sealed = records.filter((r) => r.kind === VERDICT_SEALED_KIND);
  return [...sealed, ...pendingStopRecords(records)].sort((a, b) => a.seq - b.seq);
}

/**
 * Reads the logbook (chain verified, from a checkpoint that holds), then checks every snapshot it vouches for and every one
 * on disk. `verified`: the records of a chain the caller has just verified whole (not read again).
 */
export async function readLedger(runbook: RunbookDoc, ws: Workspace, verified?: readonly LogbookRecord[]): Promise<Ledger> {
  const { records, head } = verified
    ? { records: verified, head: headOf(verified.at(-1)) }
    : await readCheckedChain(ws.logbookPath, { dir: path.join(ws.root, '.gatewalk', 'cache'), carry: ledgerCarry });
  // Each record is parsed once, not once per phase (a long logbook of a many-phase program).
  const ours = records
    .filter((r) => r.env === ws.env && r.substrate === ws.substrate)
    .map((rec) => ({ rec, data: verdictSealedData(rec) }));
  const phases = new Map<string, PhaseLedger>();
  for (const phase of runbook.phases) {
    const tamper: Tamper[] = [];
    const vouched = new Set<string>();
    let latest: TrustedVerdict | undefined;
    const sealed = ours.flatMap(({ rec, data }) => {
      if (typeof data === 'string') {
        if ((rec.data as { phase?: unknown })?.phase === phase.id)
          tamper.push({ phase: phase.id, file: rootRelative(ws.root, ws.logbookPath), problem: data });
        return [];
      }
      return data?.phase === phase.id ? [{ seq: rec.seq, data }] : [];
    });
    for (const [i, { seq, data }] of sealed.entries()) {
      const last = i === sealed.length - 1;
      if (isLogbookSealed(data)) {
        // The record is the seal, and the chain it sits in was verified above.
        if (!sealsInLogbook(phase))
          tamper.push({
            phase: phase.id,
            file: rootRelative(ws.root, ws.logbookPath),
            problem: `logbook record ${seq} carries a verdict of ${phase.id} in the logbook, but the runbook seals ${phase.id} into an evidence root`,
          });
        else if (last) latest = { seq, path: logbookVerdictRef(ws.logbookPath, seq), record: data, verdict: data.verdict };
        continue;
      }
      const file = path.resolve(ws.root, data.path);
      vouched.add(file);
      const problem = await snapshotProblem(file, data.sha256, seq);
      if (problem) tamper.push({ phase: phase.id, file: data.path, problem });
      else if (last) latest = { seq, path: file, record: data, verdict: await readVerdict(file) };
    }
    const root = evidenceRootOf(phase);
    for (const ref of root ? await listVerdicts(ws.evidenceRoot, root.dir, root.snapshot) : []) {
      if (!vouched.has(path.resolve(ref.path))) {
        tamper.push({
          phase: phase.id,
          file: rootRelative(ws.root, ref.path),
          problem: 'no logbook record vouches for this verdict (planted, or its record was removed)',
        });
      }
    }
    phases.set(phase.id, { ...(latest ? { latest } : {}), tamper });
  }
  return { records, head, phases };
}

async function snapshotProblem(file: string, sha256: string, seq: number): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    if (isErrno(err, 'ENOENT') || isErrno(err, 'ENOTDIR')) return `missing: logbook record ${seq} sealed it (deleted or moved?)`;
    throw err;
  }
  return sha256Hex(bytes) === sha256 ? undefined : `edited after it was sealed: its SHA-256 differs from logbook record ${seq}`;
}

/** One line per finding, for terminals and error messages. */
export function formatTamper(t: Tamper): string {
  return `${t.file}: ${t.problem}`;
}
