import { createHash, type Hash } from 'node:crypto';
import path from 'node:path';
import { sha256Hex } from '../core/hash.js';
import { cacheEnabled } from '../core/machine-key.js';
import { readMaced, writeMaced } from '../core/maced-file.js';
import { readPrefix } from './line-runs.js';
import { HEX64, type LogbookRecord } from './record.js';
import { CHAIN_START, type ChainPoint, verifyChain, type VerifyResult } from './verify.js';

// A checkpoint lets a reader that needs the verified chain (status, the phase screens, a seal) start
// verifying where the last reader stopped instead of at record 1. It is itself checked before use:
//  - its MAC verifies under the per-user key kept outside the project (core/machine-key.ts), so a
//    planted or edited checkpoint is ignored;
//  - the SHA-256 of the logbook's bytes up to the checkpoint is still the one recorded, so an edit,
//    a truncation or a rewrite anywhere before it is seen (one streaming hash, no parsing);
// and the chain is then verified from that point on, record by record. Anything that does not hold
// means a full verification from the first line: a checkpoint can make a read faster, never make a
// broken logbook verify.

const FORMAT = 'gatewalk.logbook-checkpoint/v1';

interface Checkpoint {
  format: typeof FORMAT;
  /** The logbook's absolute path: a checkpoint of another logbook is never used. */
  logbook: string;
  point: ChainPoint;
  /** SHA-256 of the logbook's bytes before `point.offset`. */
  prefix_sha256: string;
  /** Records before the point that the reader still needs (what `carry` kept). */
  carried: LogbookRecord[];
}

export interface CheckedChain {
  result: VerifyResult;
  /** The carried records, then every record after the checkpoint (every record without one). */
  records: LogbookRecord[];
  /** Where the verified chain ends (its last record). */
  last: ChainPoint;
  /** True when verification resumed from a checkpoint that held. */
  resumed: boolean;
}

export interface CheckpointOptions {
  /** Folder of the checkpoint file (the project's .gatewalk/cache). */
  dir: string;
  /** What of the verified records a later read still needs; the rest is not carried. */
  carry: (records: readonly LogbookRecord[]) => LogbookRecord[];
  /** Off when caches are (GATEWALK_CACHE=off, running from sources). */
  enabled?: boolean;
}

/** The chain verified from a checkpoint that holds, or from the first line; on success the checkpoint moves to the end. */
export async function verifyFromCheckpoint(file: string, o: CheckpointOptions): Promise<CheckedChain> {
  const enabled = o.enabled ?? cacheEnabled();
  const where = path.join(o.dir, `logbook-${sha256Hex(path.resolve(file)).slice(0, 32)}.json`);
  const cp = enabled ? await readCheckpoint(where, file) : undefined;
  const prefix = createHash('sha256');
  if (cp && (await hashPrefix(file, cp.point.offset, prefix)) === cp.prefix_sha256) {
    const resumed = await verifyRest(file, cp.point, [...cp.carried], prefix);
    if (resumed.result.ok) {
      if (resumed.last.seq > cp.point.seq) await writeCheckpoint(where, file, resumed, o.carry);
      return { ...resumed, resumed: true };
    }
    // A break after the checkpoint: reported as a verification from the first line reports it.
  }
  const full = await verifyRest(file, CHAIN_START, [], enabled ? createHash('sha256') : undefined);
  if (enabled && full.result.ok && full.last.seq > 0) await writeCheckpoint(where, file, full, o.carry);
  return { ...full, resumed: false };
}

async function verifyRest(file: string, from: ChainPoint, records: LogbookRecord[], hash?: Hash) {
  const onRun = hash && ((run: Buffer) => void hash.update(run));
  const { result, last } = await verifyChain(file, from, (r) => records.push(r), onRun);
  // Stryker disable next-line StringLiteral: the digest of a failed verification is never read.
  return { result, last, records, digest: hash && result.ok ? hash.digest('hex') : '' };
}

async function readCheckpoint(where: string, file: string): Promise<Checkpoint | undefined> {
  try {
    const body = await readMaced(where);
    if (body === undefined) return undefined;
    const cp = JSON.parse(body) as Checkpoint;
    const p = cp.point;
    const sane =
      cp.format === FORMAT &&
      cp.logbook === path.resolve(file) &&
      HEX64.test(cp.prefix_sha256) &&
      Array.isArray(cp.carried) &&
      [p.seq, p.line, p.offset].every((n) => Number.isSafeInteger(n) && n > 0) &&
      HEX64.test(p.hash);
    return sane ? cp : undefined;
  } catch {
    return undefined; // missing, unreadable or not JSON: no checkpoint
  }
}

/** Feeds the file's first `length` bytes to `hash`; its digest then, or undefined when the file is shorter or gone. */
async function hashPrefix(file: string, length: number, hash: Hash): Promise<string | undefined> {
  const reading = readPrefix(file, length, (bytes) => hash.update(bytes));
  // Stryker disable next-line ArrowFunction: equivalent, a gone or unreadable file reads as no length at all.
  const read = await reading.catch(() => undefined);
  // Stryker disable next-line ConditionalExpression: equivalent, the digest of a shorter file never equals the recorded one.
  return read === length ? hash.copy().digest('hex') : undefined;
}

async function writeCheckpoint(
  where: string,
  file: string,
  chain: { last: ChainPoint; records: LogbookRecord[]; digest: string },
  carry: CheckpointOptions['carry'],
): Promise<void> {
  try {
    const cp: Checkpoint = {
      format: FORMAT,
      logbook: path.resolve(file),
      point: chain.last,
      prefix_sha256: chain.digest,
      carried: carry(chain.records),
    };
    await writeMaced(where, JSON.stringify(cp));
  } catch {
    /* a checkpoint that cannot be written only makes the next read slower */
  }
}
