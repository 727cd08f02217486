import { chmod, mkdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { withFileLock } from '../core/fs/file-lock.js';
import { sha256Hex } from '../core/hash.js';
import { isErrno, readDirIfExists } from '../core/fs/durable-fs.js';
import { assertSegment, STAGING_PREFIX } from './writer.js';

// A crash between "start building" and "rename into place" leaves a `.staging-*` folder. Readers
// ignore it. Seals of one phase take the phase lock, so whoever holds it knows every staging
// folder it sees is a leftover: either one a write-ahead record vouches for (published by the
// recovery) or garbage (removed).

const PHASE_LOCK = '.lock';

/** Run `fn` holding the phase folder's lock: one seal (or recovery) of a phase at a time. */
export async function withPhaseLock<T>(evidenceRoot: string, phaseDir: string, fn: () => Promise<T>): Promise<T> {
  assertSegment('phase folder', phaseDir);
  const phasePath = path.join(evidenceRoot, phaseDir);
  await mkdir(phasePath, { recursive: true });
  return withFileLock(phasePath, fn, { lockPath: path.join(phasePath, PHASE_LOCK) });
}

/** Remove staging folders of a phase older than `olderThanMs` (0: all); returns the removed paths. */
export async function removeStaleStaging(evidenceRoot: string, phaseDir: string, now: Date, olderThanMs = 0): Promise<string[]> {
  const removed: string[] = [];
  for (const dir of await stagingDirs(path.join(evidenceRoot, phaseDir))) {
    try {
      if (now.getTime() - (await stat(dir)).mtimeMs < olderThanMs) continue;
      await chmod(dir, 0o755); // it may already have been made read-only just before the crash
    } catch (err) {
      if (isErrno(err, 'ENOENT')) continue; // gone meanwhile (a seal of an older gatewalk without the lock)
      throw err;
    }
    await rm(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}

/** The staging folder holding a complete snapshot with these bytes, if a crash left one. */
export async function findStaged(phasePath: string, snapshotName: string, sha256: string): Promise<string | undefined> {
  for (const dir of await stagingDirs(phasePath)) {
    const bytes = await readFile(path.join(dir, snapshotName)).catch(() => undefined);
    if (bytes && sha256Hex(bytes) === sha256) return dir;
  }
  return undefined;
}

/** Phase folders (names under the evidence root) holding a staging folder: a live seal's or a crash's. */
export async function phaseDirsWithStaging(evidenceRoot: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readDirIfExists(evidenceRoot))
    if (e.isDirectory() && (await hasStaging(path.join(evidenceRoot, e.name)))) out.push(e.name);
  return out;
}

/** Whether a phase folder holds a staging folder (a live seal's, or one a crash left). */
export async function hasStaging(phasePath: string): Promise<boolean> {
  return (await stagingDirs(phasePath)).length > 0;
}

async function stagingDirs(phasePath: string): Promise<string[]> {
  const entries = await readDirIfExists(phasePath);
  return entries.filter((e) => e.isDirectory() && e.name.startsWith(STAGING_PREFIX)).map((e) => path.join(phasePath, e.name));
}
