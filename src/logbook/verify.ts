import { isErrno } from '../core/fs/durable-fs.js';
import { walkChain } from './chain-walk.js';
import { GENESIS, type LogbookRecord } from './record.js';

// `gatewalk logbook verify`: stream the file once, recompute every hash and the chain, and name the
// first bad line (the rules: chain-walk.ts).

export type VerifyResult = { ok: true; records: number } | { ok: false; line: number; seq?: number; reason: string };

/** Where a verification starts: after record `seq` (hash `hash`), whose line `line` ends just before byte `offset`. */
export interface ChainPoint {
  seq: number;
  hash: string;
  line: number;
  offset: number;
}

export const CHAIN_START: ChainPoint = { seq: 0, hash: GENESIS, line: 0, offset: 0 };

/** A missing logbook verifies as empty: nothing has been decided yet. `onRecord` sees each record that verified. */
export async function verifyLogbook(file: string, onRecord?: (rec: LogbookRecord) => void): Promise<VerifyResult> {
  return (await verifyChain(file, CHAIN_START, onRecord)).result;
}

/**
 * The chain from `from` (a point already verified: the next line must carry its hash as
 * `prev_hash` and the next seq) to the end of the file; `last` is the point where it ends when ok.
 * `onRun` sees the bytes of each run of lines that verified, in order (a digest of the file up to `last`).
 */
export async function verifyChain(
  file: string,
  from: ChainPoint,
  onRecord?: (rec: LogbookRecord) => void,
  onRun?: (bytes: Buffer) => void,
): Promise<{ result: VerifyResult; last: ChainPoint }> {
  try {
    const walk = await walkChain(file, from, { start: from.offset, ...(onRecord ? { onRecord } : {}), ...(onRun ? { onRun } : {}) });
    const last = { ...walk.last!, line: from.line + walk.lines, offset: from.offset + walk.bytes }; // anchored: `last` is at least `from`
    if (!walk.broken) return { result: { ok: true, records: last.seq }, last };
    const { line, ...why } = walk.broken;
    return { result: { ok: false, line: from.line + line, ...why }, last };
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return { result: { ok: true, records: 0 }, last: from };
    throw err;
  }
}
