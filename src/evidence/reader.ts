import { type BigIntStats, lstatSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { assertNoLinks, linkRefused } from '../core/confine.js';
import { sha256Hex } from '../core/hash.js';
import { GatewalkError } from '../core/errors.js';
import { isErrno, readDirIfExists } from '../core/fs/durable-fs.js';
import { parseJsonText } from '../core/fs/read-file.js';
import { compareStampDirs, STAMP_DIR } from './stamp.js';
import { assertSegment, assertSnapshotName } from './writer.js';

// A phase folder holds sealed verdict roots and also input evidence folders written by other
// tools (no snapshot inside). Staging folders start with a dot and are never evidence.

export interface VerdictRef {
  /** Folder name: the stamp, possibly with a `-N` suffix. */
  stamp: string;
  dir: string;
  /** Path of the snapshot file. */
  path: string;
  /** What lstat said of the snapshot file as it was listed, to the nanosecond (a regular file: a link is refused). */
  stat: BigIntStats;
}

export interface LoadedVerdict extends VerdictRef {
  verdict: Record<string, unknown>;
}

/**
 * Every sealed verdict of a phase, oldest first. A missing phase folder means none yet. A refusal
 * is the first in folder order.
 */
export async function listVerdicts(evidenceRoot: string, phaseDir: string, snapshotName: string): Promise<VerdictRef[]> {
  assertSegment('phase folder', phaseDir);
  assertSnapshotName(snapshotName);
  const phasePath = path.join(evidenceRoot, phaseDir);
  await assertNoLinks(evidenceRoot, phasePath, 'phase folder');
  const entries = (await readDirIfExists(phasePath)).filter((e) => e.isDirectory() && STAMP_DIR.test(e.name));
  const found: VerdictRef[] = [];
  for (const e of entries) {
    const dir = path.join(phasePath, e.name); // a real folder: readdir said so (a link is not isDirectory())
    const file = path.join(dir, snapshotName);
    // One lstat per folder, synchronous: a long-lived workspace holds hundreds, and through the
    // thread pool each cost this thread ~50 µs (its promise) against ~8 µs. A planted link is
    // refused, never read as a verdict.
    const st = lstatIfExists(file);
    if (st?.isSymbolicLink()) throw linkRefused('sealed snapshot', file);
    if (st?.isFile()) found.push({ stamp: e.name, dir, path: file, stat: st });
  }
  return found.sort((a, b) => compareStampDirs(a.stamp, b.stamp));
}

/** The newest sealed verdict of a phase, parsed; undefined when the phase has none. */
export async function latestVerdict(evidenceRoot: string, phaseDir: string, snapshotName: string): Promise<LoadedVerdict | undefined> {
  const refs = await listVerdicts(evidenceRoot, phaseDir, snapshotName);
  const last = refs.at(-1);
  return last ? { ...last, verdict: await readVerdict(last.path) } : undefined;
}

/**
 * A sealed snapshot's bytes, only when they hash to `sha256` (what its verdict.sealed record says):
 * `missing` when it is gone, `edited` when its bytes differ. Callers parse the verdict from these
 * very bytes (parseVerdict), never from a second read that could see another file.
 */
export async function readSealedBytes(file: string, sha256: string): Promise<Buffer | 'missing' | 'edited'> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    if (isErrno(err, 'ENOENT') || isErrno(err, 'ENOTDIR')) return 'missing';
    throw err;
  }
  return sha256Hex(bytes) === sha256 ? bytes : 'edited';
}

/** Parse a sealed snapshot. A corrupt one is an error, never "no verdict" (that would hide tampering). */
export async function readVerdict(file: string): Promise<Record<string, unknown>> {
  return parseVerdict(await readFile(file, 'utf8'), file);
}

/** A sealed snapshot's text as its verdict (see readVerdict). */
export function parseVerdict(text: string, file: string): Record<string, unknown> {
  const parsed = parseJsonText(
    text,
    `sealed verdict ${file}`,
    'sealed evidence is never edited: restore the file from a backup, or move its folder aside and re-run the phase',
  );
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new GatewalkError(
      `sealed verdict ${file} is not a JSON object`,
      'restore the file from a backup, or move its folder aside and re-run the phase',
    );
  }
  return parsed as Record<string, unknown>;
}

function lstatIfExists(p: string): BigIntStats | undefined {
  try {
    return lstatSync(p, { bigint: true });
  } catch (err) {
    if (isErrno(err, 'ENOENT') || isErrno(err, 'ENOTDIR')) return undefined;
    throw err;
  }
}
