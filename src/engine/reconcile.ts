import { rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { fsyncDir, isErrno } from '../core/fs/durable-fs.js';
import { findStaged, hasStaging, phaseDirsWithStaging, removeStaleStaging, withPhaseLock } from '../evidence/staging.js';
import { implActualSeqs } from '../logbook/impl-actual.js';
import { readLogbook, readLogbookFrom } from '../logbook/logbook.js';
import { cacheEnabled } from '../core/machine-key.js';
import { implKnown, readReconcileMark, writeReconcileMark } from './reconcile-mark.js';
import { sha256Hex } from '../core/hash.js';
import type { LogbookRecord } from '../logbook/record.js';
import { planRegistryRepin, withRegistryLock, writeRegistry } from '../registry/repin.js';
import { repinAppliedEntry, repinFailedEntry, sectionFor } from './decision-records.js';
import type { Recorder } from './recorder.js';
import type { Workspace } from '../core/workspace.js';

// Recovery at every start (law 8: the logbook is the write-ahead log). A decision's record is
// durable before its effect, so after a crash an effect never lacks its record; what can be left
// is a record whose effect is missing or half-done. This completes it from the record (redo), or
// says in a record of its own that it failed, and writes impl_actual sections the logbook has and
// impl_actual lacks, so the two never disagree.

type Data = Record<string, unknown>;
const data = (r: LogbookRecord) => (r.data ?? {}) as Data;

export interface Reconciled {
  /** The registry was rewritten (a recorded repin completed): reload the program. */
  registryChanged: boolean;
  /** Snapshots a write-ahead record vouched for and that were published now. */
  published: string[];
}

/**
 * Complete or fail every unfinished decision of this workspace; clean the staging a crash left in
 * any phase (settled under that phase's lock, so a live seal is waited for).
 *
 * This runs at the start of every run, and a workspace's history only grows: the logbook is read
 * once, and only after the mark the last complete recovery left (reconcile-mark.ts; what settling
 * appends describes itself in impl_actual as it is written), and a phase
 * folder is settled (its lock taken) only when it holds a staging folder. Without one there is nothing to settle: a recorded snapshot that
 * is missing and has no staging left was removed after publishing, which is tampering (reported by
 * the ledger), not a crash.
 */
export async function reconcile(ws: Workspace, recorder: Recorder, o: { marks?: boolean } = {}): Promise<Reconciled> {
  const marks = o.marks ?? cacheEnabled();
  // impl_actual's size (a stat) before the logbook is read: a section of a record this read does not
  // see can only be written after it (reconcile-mark.ts). Unknown reads as 0: all of it.
  const implFrom = marks ? ((await stat(ws.implActualPath).catch(() => undefined))?.size ?? 0) : 0;
  // Where the last complete recovery stopped: only the records after it can need anything.
  let mark = await readReconcileMark(ws, marks);
  let read = await readLogbookFrom(ws.logbookPath, mark?.record.end ?? 0);
  if (mark && !batchesWhole(read.records)) {
    // A repin batch begins before the mark (never written so, but a partial one is judged from all of it).
    mark = undefined;
    read = await readLogbookFrom(ws.logbookPath);
  }
  const mine = (r: LogbookRecord) => r.env === ws.env && r.substrate === ws.substrate;
  const records = read.records.filter(mine);
  recorder.implKnown = implKnown(mark);
  const registryChanged = await settleRepins(ws, recorder, records);
  const published: string[] = [];
  for (const dir of await phaseDirsWithStaging(ws.evidenceRoot)) {
    published.push(...(await withPhaseLock(ws.evidenceRoot, dir, () => settlePhase(ws, dir))));
  }
  const seqs = await implActualSeqs(ws.implActualPath, mark?.implFrom ?? 0);
  await recorder.describe(...records.filter((r) => !seqs.has(r.seq) && sectionFor(r)));
  if (read.last) {
    mark = { record: read.last, implFrom };
    await writeReconcileMark(ws, mark, marks);
    recorder.implKnown = implKnown(mark);
  }
  return { registryChanged, published };
}

/** True when every repin batch among these records is all there (as many records as its `size`). */
function batchesWhole(records: readonly LogbookRecord[]): boolean {
  const seen = new Map<string, { n: number; size: unknown }>();
  for (const r of records) {
    const batch = data(r).batch;
    if (r.kind !== 'repin' || typeof batch !== 'string') continue;
    const b = seen.get(batch) ?? { n: 0, size: data(r).size };
    b.n++;
    seen.set(batch, b);
  }
  return [...seen.values()].every((b) => b.n === b.size);
}

/**
 * Call holding the phase lock: publish every snapshot of the phase that a `verdict.sealed` record
 * vouches for and a crash left in staging, then remove every other staging folder (nobody else
 * can be sealing this phase). A recorded snapshot with no staging left is not touched here: it
 * was removed after publishing, which is tampering, not a crash.
 */
export async function settlePhase(ws: Workspace, phaseDir: string): Promise<string[]> {
  const published: string[] = [];
  // No staging folder, nothing to publish or remove (every seal of a phase holds this lock while it stages).
  if (!(await hasStaging(path.join(ws.evidenceRoot, phaseDir)))) return published;
  const records = await readLogbook(ws.logbookPath); // under the lock: every seal of this phase that got recorded
  const failed = new Set(records.filter((r) => r.kind === 'verdict.failed').map((r) => data(r).seq));
  for (const r of records) {
    const d = data(r);
    if (r.kind !== 'verdict.sealed' || typeof d.sha256 !== 'string' || failed.has(r.seq) || phaseDirOf(ws, r) !== phaseDir) continue;
    if (await snapshotExists(ws, r)) continue;
    const file = snapshotPath(ws, r)!;
    const staged = await findStaged(path.dirname(path.dirname(file)), path.basename(file), d.sha256);
    if (!staged) continue;
    await rename(staged, path.dirname(file));
    await fsyncDir(path.dirname(path.dirname(file)));
    published.push(file);
  }
  await removeStaleStaging(ws.evidenceRoot, phaseDir, new Date());
  return published;
}

async function settleRepins(ws: Workspace, recorder: Recorder, records: LogbookRecord[]): Promise<boolean> {
  const settled = (rs: LogbookRecord[]) =>
    new Set(rs.filter((r) => r.kind === 'repin.applied' || r.kind === 'repin.failed').map((r) => data(r).batch));
  const done = settled(records);
  const open = new Map<string, LogbookRecord[]>();
  for (const r of records) {
    const batch = data(r).batch;
    if (r.kind === 'repin' && typeof batch === 'string' && !done.has(batch)) open.set(batch, [...(open.get(batch) ?? []), r]);
  }
  let changed = false;
  for (const [batch, recs] of open) {
    await withRegistryLock(ws.registryPath, async (file, bytes) => {
      // The run that wrote the batch holds this lock until it settles it: look again now.
      if (settled(await readLogbook(ws.logbookPath)).has(batch)) return;
      const first = data(recs[0]!);
      const actor = recs[0]!.actor;
      const sha = sha256Hex(bytes);
      if (sha === first.registry_sha256_after) {
        await recorder.log(repinAppliedEntry(batch, ws.registryPath, sha, true), actor);
        return;
      }
      const complete = recs.length === first.size;
      if (sha === first.registry_sha256_before && complete) {
        const { after } = await planRegistryRepin(
          bytes,
          recs.map((r) => ({ handle: String(data(r).handle), value: String(data(r).to) })),
          ws.registryPath,
        );
        if (sha256Hex(after) === first.registry_sha256_after) {
          await writeRegistry(file, after);
          changed = true;
          await recorder.log(repinAppliedEntry(batch, ws.registryPath, sha256Hex(after), true), actor);
          return;
        }
      }
      const why = !complete
        ? `interrupted while recording: ${recs.length} of ${String(first.size)} repin records were written, so the registry was left unchanged`
        : `the registry no longer holds the bytes this batch was decided on (sha256 ${sha.slice(0, 12)}…); nothing was rewritten`;
      await recorder.record(repinFailedEntry(batch, ws.registryPath, why), actor);
    });
  }
  return changed;
}

function snapshotPath(ws: Workspace, r: LogbookRecord): string | undefined {
  const p = data(r).path;
  return typeof p === 'string' ? path.resolve(ws.root, p) : undefined;
}

/** The phase folder (relative to the evidence root) a verdict record's snapshot lives in; '' if outside it. */
function phaseDirOf(ws: Workspace, r: LogbookRecord): string {
  const file = snapshotPath(ws, r);
  if (!file) return '';
  const rel = path.relative(ws.evidenceRoot, path.dirname(path.dirname(file)));
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) && !rel.includes(path.sep) ? rel : '';
}

async function snapshotExists(ws: Workspace, r: LogbookRecord): Promise<boolean> {
  const file = snapshotPath(ws, r);
  if (!file || typeof data(r).sha256 !== 'string') return true; // records from before write-ahead: nothing to complete
  try {
    await stat(file);
    return true;
  } catch (err) {
    if (isErrno(err, 'ENOENT') || isErrno(err, 'ENOTDIR')) return false;
    throw err;
  }
}
