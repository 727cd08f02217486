import type { BigIntStats } from 'node:fs';
import path from 'node:path';
import { projectCacheDir } from '../core/maced-file.js';
import { listVerdicts, parseVerdict } from '../evidence/reader.js';
import { SealedHashes } from '../evidence/sealed-hashes.js';
import { FILE_READS, inOrder, limiter, type Limiter } from '../core/pool.js';
import type { Phase, RunbookDoc } from '../core/runbook-schema.js';
import { evidenceRootOf, sealsInLogbook } from '../core/sealed-in.js';
import { readCheckedChain } from '../logbook/read-chain.js';
import { type CheckpointOptions, verifyFromCheckpoint } from '../logbook/checkpoint.js';
import type { VerifyResult } from '../logbook/verify.js';
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

/** The project's cache folder: the ledger's checkpoint and the list of snapshots already hashed. */
const cacheDirOf = (ws: Workspace) => projectCacheDir(ws.root);

/** The workspace's logbook checkpoint: one per logbook, carrying what phase state needs (ledgerCarry), whoever reads it. */
export function ledgerCheckpoint(ws: Workspace, enabled?: boolean): CheckpointOptions {
  // Stryker disable next-line ConditionalExpression: equivalent, `enabled: undefined` means what leaving it out means (the cache setting).
  return { dir: cacheDirOf(ws), carry: ledgerCarry, ...(enabled === undefined ? {} : { enabled }) };
}

/**
 * The chain's verdict as `status` reaches it: from the checkpoint when it holds (the bytes before it
 * hash as recorded; only the records after it are parsed), else from record 1, reporting a break as
 * a verification from record 1 does. What the console's logbook screen shows.
 */
export async function verifyLedgerChain(ws: Workspace, enabled?: boolean): Promise<VerifyResult> {
  return (await verifyFromCheckpoint(ws.logbookPath, ledgerCheckpoint(ws, enabled))).result;
}

/**
 * Reads the logbook (chain verified, from a checkpoint that holds), then checks every snapshot it vouches for and every one
 * on disk. `verified`: the records of a chain the caller has just verified whole (not read again).
 */
export async function readLedger(runbook: RunbookDoc, ws: Workspace, verified?: readonly LogbookRecord[]): Promise<Ledger> {
  const { records, head } = verified
    ? { records: verified, head: headOf(verified.at(-1)) }
    : await readCheckedChain(ws.logbookPath, ledgerCheckpoint(ws));
  // Each record is parsed once, not once per phase (a long logbook of a many-phase program), nor
  // again by the next read of this process (a run reads the ledger twice).
  const ours = records.filter((r) => r.env === ws.env && r.substrate === ws.substrate).map((rec) => ({ rec, data: sealedDataOf(rec) }));
  // Every phase's snapshots are read side by side (a bounded number of files open at once): a run
  // reads the ledger twice, and a long-lived workspace holds every verdict it ever sealed. Those
  // that already hashed right and have not changed since are not read again (SealedHashes).
  const io = limiter(FILE_READS);
  const hashes = await SealedHashes.forProcess(cacheDirOf(ws), ws.evidenceRoot);
  const phases = await inOrder(runbook.phases.map((phase) => phaseLedger(phase, ours, ws, { io, hashes })));
  await hashes.save();
  return { records, head, phases: new Map(phases) };
}

type Sealed = { rec: LogbookRecord; data: ReturnType<typeof verdictSealedData> };

// What verdictSealedData made of each record this process has read, by the record's hash. The
// records here come from a verified chain (or its MACed checkpoint), where the hash is the SHA-256
// of the record's content: the same hash is the same record.
const parsedSealed = new Map<string, ReturnType<typeof verdictSealedData>>();

function sealedDataOf(rec: LogbookRecord): ReturnType<typeof verdictSealedData> {
  if (rec.kind !== VERDICT_SEALED_KIND) return undefined;
  let data = parsedSealed.get(rec.hash);
  if (data === undefined) parsedSealed.set(rec.hash, (data = verdictSealedData(rec))); // never undefined for this kind
  return data;
}

/** One phase's ledger: its sealed records checked (in logbook order), then every verdict on disk that none vouches for. */
interface SnapshotReads {
  io: Limiter;
  hashes: SealedHashes;
  /** lstat of each snapshot the phase folder's listing found, by absolute path. */
  listed?: ReadonlyMap<string, BigIntStats>;
}

async function phaseLedger(phase: Phase, ours: readonly Sealed[], ws: Workspace, reads: SnapshotReads): Promise<[string, PhaseLedger]> {
  const tamper: Tamper[] = [];
  const sealed = ours.flatMap(({ rec, data }) => {
    if (typeof data === 'string') {
      if ((rec.data as { phase?: unknown })?.phase === phase.id)
        tamper.push({ phase: phase.id, file: rootRelative(ws.root, ws.logbookPath), problem: data });
      return [];
    }
    return data?.phase === phase.id ? [{ seq: rec.seq, data }] : [];
  });
  const root = evidenceRootOf(phase);
  const onDisk = root ? await listVerdicts(ws.evidenceRoot, root.dir, root.snapshot) : [];
  // Listing lstat'ed every snapshot of the phase folder (a link is refused there): that identity
  // serves the check of the record that names the file too, one system call per verdict, not two.
  const phaseReads = { ...reads, listed: new Map(onDisk.map((ref) => [path.resolve(ref.path), ref.stat])) };
  const checked = await inOrder(sealed.map(({ seq, data }, i) => checkSealed(phase, seq, data, i === sealed.length - 1, ws, phaseReads)));
  const vouched = new Set<string>();
  let latest: TrustedVerdict | undefined;
  for (const c of checked) {
    // Stryker disable next-line ConditionalExpression: equivalent, an undefined entry matches no path on disk.
    if (c.file) vouched.add(c.file);
    if (c.tamper) tamper.push(c.tamper);
    latest = c.latest ?? latest;
  }
  for (const ref of onDisk) {
    if (!vouched.has(path.resolve(ref.path))) {
      tamper.push({
        phase: phase.id,
        file: rootRelative(ws.root, ref.path),
        problem: 'no logbook record vouches for this verdict (planted, or its record was removed)',
      });
    }
  }
  return [phase.id, { ...(latest ? { latest } : {}), tamper }];
}

/** One `verdict.sealed` record of `phase`: what it vouches for, what is wrong with it, and the verdict when it is the phase's last and intact. */
async function checkSealed(
  phase: Phase,
  seq: number,
  data: VerdictSealedData,
  last: boolean,
  ws: Workspace,
  { io, hashes, listed }: SnapshotReads,
): Promise<{ file?: string; tamper?: Tamper; latest?: TrustedVerdict }> {
  if (isLogbookSealed(data)) {
    // The record is the seal, and the chain it sits in was verified above.
    if (!sealsInLogbook(phase))
      return {
        tamper: {
          phase: phase.id,
          file: rootRelative(ws.root, ws.logbookPath),
          problem: `logbook record ${seq} carries a verdict of ${phase.id} in the logbook, but the runbook seals ${phase.id} into an evidence root`,
        },
      };
    return last ? { latest: { seq, path: logbookVerdictRef(ws.logbookPath, seq), record: data, verdict: data.verdict } } : {};
  }
  const file = path.resolve(ws.root, data.path);
  const read = await io(() => hashes.check(file, data.sha256, last, listed?.get(file)));
  if (read === 'vouched') return { file };
  if (typeof read === 'string') return { file, tamper: { phase: phase.id, file: data.path, problem: SNAPSHOT_PROBLEM[read](seq) } };
  // The verdict is parsed from the very bytes that hashed to the record's SHA-256, never read again.
  return last ? { file, latest: { seq, path: file, record: data, verdict: parseVerdict(read.toString('utf8'), file) } } : { file };
}

/** What is wrong with a snapshot whose bytes the `verdict.sealed` record `seq` no longer vouches for. */
export const SNAPSHOT_PROBLEM = {
  missing: (seq: number) => `missing: logbook record ${seq} sealed it (deleted or moved?)`,
  edited: (seq: number) => `edited after it was sealed: its SHA-256 differs from logbook record ${seq}`,
};

/** One line per finding, for terminals and error messages. */
export function formatTamper(t: Tamper): string {
  return `${t.file}: ${t.problem}`;
}
