import { chmod, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { readDirIfExists } from '../core/fs/durable-fs.js';
import { STAGING_PREFIX } from './writer.js';

// A crash between "start building" and "rename into place" leaves a `.staging-*` folder. Readers
// ignore it; this removes the old ones. Young ones may belong to a seal still in progress.

const ONE_HOUR_MS = 60 * 60 * 1000;

/** Remove staging folders of a phase older than `olderThanMs`; returns the removed paths. */
export async function removeStaleStaging(evidenceRoot: string, phaseDir: string, now: Date, olderThanMs = ONE_HOUR_MS): Promise<string[]> {
  const phasePath = path.join(evidenceRoot, phaseDir);
  const entries = await readDirIfExists(phasePath);
  const removed: string[] = [];
  for (const e of entries) {
    if (!e.isDirectory() || !e.name.startsWith(STAGING_PREFIX)) continue;
    const dir = path.join(phasePath, e.name);
    if (now.getTime() - (await stat(dir)).mtimeMs < olderThanMs) continue;
    await chmod(dir, 0o755); // it may already have been made read-only just before the crash
    await rm(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}
