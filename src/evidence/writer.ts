import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { assertNoLinks } from '../core/confine.js';
import type { Clock } from '../core/context.js';
import { GatewalkError } from '../core/errors.js';
import { snapshotNameProblem } from '../core/file-names.js';
import { maskSecrets } from '../core/mask-secrets.js';
import { sha256Hex } from '../core/hash.js';
import { fsyncDir, isErrno, writeNewFileSynced } from '../core/fs/durable-fs.js';
import { formatStamp, stampCandidate } from './stamp.js';
import { advice, cmd } from '../core/advice.js';

// Law 5: an evidence root appears whole or not at all, and never replaces an existing one. The
// folder is built under a dot-named staging name next to its final place, synced, then renamed.

export const STAGING_PREFIX = '.staging-';
const MAX_COLLISIONS = 1000;

export interface SealInput {
  evidenceRoot: string;
  /** Folder under the evidence root for this phase, e.g. `m4`. */
  phaseDir: string;
  /** File name of the verdict snapshot, e.g. `m4_c_iam_binding_snapshot.json`. */
  snapshotName: string;
  verdict: { overall_pass: boolean; blockers: readonly unknown[] };
  clock: Clock;
  /**
   * Called once the snapshot is complete in its staging folder and its final name is chosen, just
   * before it is published: the place for the write-ahead logbook record. If it throws, nothing
   * is published.
   */
  beforePublish?: (snapshot: { file: string; sha256: string }) => Promise<void>;
}

export interface SealedVerdict {
  /** The new evidence root `<evidenceRoot>/<phaseDir>/<stamp>`. */
  dir: string;
  /** The sealed snapshot inside it. */
  file: string;
  /** The folder name: the UTC stamp, with a `-N` suffix when that second was already taken. */
  stamp: string;
  /** SHA-256 of the snapshot's bytes: what the logbook records to vouch for it. */
  sha256: string;
}

/** A single path segment: no separators, no `..`, not hidden (hidden names are staging). */
export function assertSegment(what: string, name: string): void {
  if (!name || name.startsWith('.') || name.includes('/') || name.includes('\\') || name.includes('\0')) {
    throw new GatewalkError(`invalid ${what} "${name}": must be a plain file or folder name`);
  }
}

/** The runbook rule for snapshot names (the one validate applies). */
export function assertSnapshotName(name: string): void {
  const problem = snapshotNameProblem(name);
  if (problem) throw new GatewalkError(problem, advice`fix the phase's \`snapshot:\` in the runbook, then run \`${cmd('validate')}\``);
}

export async function sealVerdict(input: SealInput): Promise<SealedVerdict> {
  const { evidenceRoot, phaseDir, snapshotName, verdict, clock } = input;
  assertSegment('phase folder', phaseDir);
  assertSnapshotName(snapshotName);
  const phasePath = path.join(evidenceRoot, phaseDir);
  await mkdir(phasePath, { recursive: true });
  await assertNoLinks(evidenceRoot, phasePath, 'phase folder'); // a linked phase folder would receive the seal
  await fsyncDir(path.dirname(phasePath)); // the phase folder may be new

  const stamp = formatStamp(clock.now());
  const staging = path.join(phasePath, `${STAGING_PREFIX}${stamp}-${randomBytes(6).toString('hex')}`);
  await mkdir(staging, { mode: 0o755 });
  try {
    // Law 6 applies to evidence too: nothing secret-looking is written, whoever built the verdict.
    const text = JSON.stringify(maskSecrets(verdict), null, 2) + '\n';
    const sha256 = sha256Hex(text);
    await writeNewFileSynced(path.join(staging, snapshotName), text, 0o444);
    await fsyncDir(staging);
    // Read-only before publishing: renaming within the same parent needs no write permission on it.
    await chmod(staging, 0o555);
    const announce = input.beforePublish && ((file: string) => input.beforePublish!({ file, sha256 }));
    const name = await publish(staging, phasePath, stamp, snapshotName, announce);
    await fsyncDir(phasePath);
    const dir = path.join(phasePath, name);
    return { dir, file: path.join(dir, snapshotName), stamp: name, sha256 };
  } catch (err) {
    await chmod(staging, 0o755).catch(() => undefined);
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Rename the staging folder to the first free stamp name. Taken names are never replaced. Once
 * `announce` has recorded a name, that name is the only one allowed.
 */
async function publish(
  staging: string,
  phasePath: string,
  stamp: string,
  snapshotName: string,
  announce?: (file: string) => Promise<void>,
): Promise<string> {
  for (let attempt = 1; attempt <= MAX_COLLISIONS; attempt++) {
    const name = stampCandidate(stamp, attempt);
    const target = path.join(phasePath, name);
    // rename(2) would silently replace an *empty* directory, so look first; a non-empty one
    // (another seal that raced us) makes rename fail with ENOTEMPTY/EEXIST below.
    if (await exists(target)) continue;
    await announce?.(path.join(target, snapshotName));
    try {
      await rename(staging, target);
      return name;
    } catch (err) {
      const taken = isErrno(err, 'ENOTEMPTY') || isErrno(err, 'EEXIST') || isErrno(err, 'ENOTDIR');
      if (taken && announce)
        throw new GatewalkError(
          `evidence folder ${target} appeared while it was being sealed; the verdict was not published`,
          'run the phase again',
        );
      if (taken) continue;
      throw err;
    }
  }
  throw new GatewalkError(`could not find a free evidence folder name for ${stamp} under ${phasePath}`);
}

async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return false;
    throw err;
  }
}
