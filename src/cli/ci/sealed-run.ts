import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sha256Hex } from '../../core/hash.js';
import type { Verdict } from '../../engine/verdict.js';
import type { Workspace } from '../../core/workspace.js';
import { GatewalkError } from '../../core/errors.js';
import { readVerifiedKinds } from '../../logbook/read-verified.js';
import { isLogbookSealed, logbookVerdictRef, VERDICT_SEALED_KIND, verdictSealedData } from '../../engine/verdict-sealed.js';

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

/**
 * A docs-only phase's run: the verdict as its logbook record holds it, read back from a verified
 * chain (the record must be the one this run wrote); the subject is that record, its digest the
 * verdict's canonical SHA-256 the record carries.
 */
export async function readLoggedRun(ws: Workspace, record: { seq: number; hash: string }): Promise<SealedRun> {
  const rec = (await readVerifiedKinds(ws.logbookPath, [VERDICT_SEALED_KIND])).find((r) => r.seq === record.seq);
  const data = rec && rec.hash === record.hash ? verdictSealedData(rec) : undefined;
  if (!data || typeof data === 'string' || !isLogbookSealed(data))
    throw new GatewalkError(`${ws.logbookPath}: record ${record.seq} is not the verdict this run sealed`, 'run `gatewalk logbook verify`');
  const ref = `${slash(path.relative(ws.root, ws.logbookPath))}#${record.seq}`;
  return {
    verdict: data.verdict as unknown as Verdict,
    file: logbookVerdictRef(ws.logbookPath, record.seq),
    name: ref,
    sha256: data.verdict_sha256,
    rootPath: ref,
    logbook: { path: slash(path.relative(ws.root, ws.logbookPath)), seq: record.seq, hash: record.hash },
  };
}

/** The blocker code a check raised (`GW-CHECK` if the verdict names none for it). */
export function blockerCodeOf(v: Verdict, checkId: string): string | undefined {
  return v.blockers.find((b) => b.check === checkId)?.code;
}
