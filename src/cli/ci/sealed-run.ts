import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sha256Hex } from '../../core/hash.js';
import type { Verdict } from '../../engine/verdict.js';
import type { Workspace } from '../../core/workspace.js';

// What CI outputs are built from: the sealed snapshot as written (masked, exactly the bytes the
// logbook vouches for), its digest, and the logbook record that sealed it. Never the in-memory
// verdict: an artifact must not say more than the evidence does.

export interface SealedRun {
  verdict: Verdict;
  /** Absolute path of the snapshot file. */
  file: string;
  /** Path relative to the evidence root, `/`-separated (stable across machines). */
  name: string;
  sha256: string;
  /** Path relative to the program root, `/`-separated. */
  rootPath: string;
  logbook: { path: string; seq: number; hash: string };
}

const slash = (p: string) => p.split(path.sep).join('/');

export async function readSealedRun(ws: Workspace, file: string, record: { seq: number; hash: string }): Promise<SealedRun> {
  const bytes = await readFile(file);
  return {
    verdict: JSON.parse(bytes.toString('utf8')) as Verdict,
    file,
    name: slash(path.relative(ws.evidenceRoot, file)),
    sha256: sha256Hex(bytes),
    rootPath: slash(path.relative(ws.root, file)),
    logbook: { path: slash(path.relative(ws.root, ws.logbookPath)), seq: record.seq, hash: record.hash },
  };
}

/** The blocker code a check raised (`GW-CHECK` if the verdict names none for it). */
export function blockerCodeOf(v: Verdict, checkId: string): string | undefined {
  return v.blockers.find((b) => b.check === checkId)?.code;
}
