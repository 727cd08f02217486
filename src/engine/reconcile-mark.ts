import { open } from 'node:fs/promises';
import path from 'node:path';
import { sha256Hex } from '../core/hash.js';
import { cacheEnabled } from '../core/machine-key.js';
import { projectCacheDir, readMaced, writeMaced } from '../core/maced-file.js';
import type { Workspace } from '../core/workspace.js';
import type { ImplActualKnown } from '../logbook/impl-actual.js';
import { recordAt, type RecordSpan } from '../logbook/logbook.js';
import { HEX64 } from '../logbook/record.js';

// Where the last complete recovery (reconcile.ts) of this workspace's logbook stopped, so that the
// next start reads the records after it instead of every record again (a logbook only grows; at
// 100,000 records the whole read was ~1.3 s of every run). What a mark says:
//  - every record of this env and substrate up to `record` is settled (its repin batch applied or
//    failed) and has its impl_actual section;
//  - any impl_actual section of a later record lies at byte `impl_from` or after: impl_actual's size
//    was taken before the logbook was read, and a section is written only after its record.
// It is believed only while the logbook still holds that very record (seq and hash) at that very
// place, and impl_actual is no shorter than when the mark was made (`impl_size`, after the
// recovery's own sections) and still ends there with the same bytes (the SHA-256 of the 4 KiB
// before it): impl_actual deleted, cut short or replaced means a whole recovery, which writes
// every missing section again. Kept in the project's .gatewalk/cache and MACed with the per-user key, like the
// logbook checkpoint: a planted, edited or another logbook's mark is ignored, and so is one when
// caches are off. A mark that is not believed means a recovery from the first record, as without.
// A logbook edited before the mark is not this file's to find: the ledger's read of the same run
// verifies the chain (checkpoint.ts) and refuses it.

const FORMAT = 'gatewalk.reconciled/v1';
/** Bytes of impl_actual before `impl_size` whose SHA-256 the mark keeps. */
const IMPL_TAIL = 4096;

interface Mark {
  format: typeof FORMAT;
  logbook: string;
  env: string;
  substrate: string;
  record: RecordSpan;
  impl_actual: string;
  impl_from: number;
  impl_size: number;
  impl_tail_sha256: string;
}

export interface ReconcileMark {
  /** The last record the recovery read. */
  record: RecordSpan;
  /** Where the sections of later records begin in impl_actual (ImplActualKnown.from). */
  implFrom: number;
}

const markFile = (ws: Workspace) =>
  path.join(
    projectCacheDir(ws.root),
    `reconciled-${sha256Hex(`${path.resolve(ws.logbookPath)}\0${ws.env}\0${ws.substrate}`).slice(0, 32)}.json`,
  );

/** What the mark tells impl_actual's writer (undefined without one). */
export const implKnown = (mark: ReconcileMark | undefined): ImplActualKnown | undefined =>
  mark && { seq: mark.record.seq, from: mark.implFrom };

/** impl_actual's size now, and the SHA-256 of its last IMPL_TAIL bytes before `size` (of all of them when `size` is not given). */
async function implTail(file: string, size?: number): Promise<{ size: number; sha256: string }> {
  let fh;
  try {
    fh = await open(file, 'r');
  } catch {
    return { size: 0, sha256: sha256Hex('') }; // none yet
  }
  try {
    const end = size ?? (await fh.stat()).size;
    const buf = Buffer.alloc(Math.min(IMPL_TAIL, end));
    const { bytesRead } = await fh.read(buf, 0, buf.length, end - buf.length);
    // A file shorter than `size`: its tail cannot be the one recorded.
    return { size: end, sha256: bytesRead === buf.length ? sha256Hex(buf) : '' };
  } finally {
    await fh.close();
  }
}

/** The workspace's mark when it is believed (see above); undefined when there is none, caches are off, or it does not hold. */
export async function readReconcileMark(ws: Workspace, enabled = cacheEnabled()): Promise<ReconcileMark | undefined> {
  if (!enabled) return undefined;
  let m: Mark;
  try {
    const body = await readMaced(markFile(ws));
    if (body === undefined) return undefined;
    m = JSON.parse(body) as Mark;
  } catch {
    return undefined;
  }
  if (typeof m !== 'object' || m === null) return undefined;
  const r = m.record;
  const sane =
    m.format === FORMAT &&
    m.logbook === path.resolve(ws.logbookPath) &&
    m.env === ws.env &&
    m.substrate === ws.substrate &&
    m.impl_actual === path.resolve(ws.implActualPath) &&
    Number.isSafeInteger(r?.seq) &&
    typeof r.hash === 'string' &&
    HEX64.test(r.hash) &&
    Number.isSafeInteger(m.impl_from) &&
    Number.isSafeInteger(m.impl_size) &&
    m.impl_from >= 0 &&
    m.impl_from <= m.impl_size;
  if (!sane) return undefined;
  const there = await recordAt(ws.logbookPath, r);
  if (there?.seq !== r.seq || there.hash !== r.hash) return undefined;
  if ((await implTail(ws.implActualPath, m.impl_size)).sha256 !== m.impl_tail_sha256) return undefined;
  return { record: { seq: r.seq, hash: r.hash, start: r.start, end: r.end }, implFrom: m.impl_from };
}

/** Records a completed recovery; a mark that cannot be written only makes the next start read more. */
export async function writeReconcileMark(ws: Workspace, mark: ReconcileMark, enabled = cacheEnabled()): Promise<void> {
  if (!enabled) return;
  try {
    const tail = await implTail(ws.implActualPath); // as it is now, with the recovery's own sections
    const body: Mark = {
      format: FORMAT,
      logbook: path.resolve(ws.logbookPath),
      env: ws.env,
      substrate: ws.substrate,
      record: mark.record,
      impl_actual: path.resolve(ws.implActualPath),
      impl_from: mark.implFrom,
      impl_size: tail.size,
      impl_tail_sha256: tail.sha256,
    };
    await writeMaced(markFile(ws), JSON.stringify(body));
  } catch {
    /* the next start reads from the first record */
  }
}
