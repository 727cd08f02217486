import { createReadStream } from 'node:fs';
import { isErrno } from '../core/fs/durable-fs.js';
import { describeShape, type LineProblem, parseRecordLine, shapedRecordHash } from './line-check.js';
import { GENESIS, isLogbookRecord, type LogbookRecord } from './record.js';

// `gatewalk logbook verify`: stream the file once, recompute every hash and the chain, and name the
// first bad line. Lines are split on raw 0x0A bytes (not readline, which also splits on \r) so
// the reported line number is exactly the line an editor shows.

export type VerifyResult = { ok: true; records: number } | { ok: false; line: number; seq?: number; reason: string };

/** Where a verification starts: after record `seq` (hash `hash`), whose line `line` ends just before byte `offset`. */
export interface ChainPoint {
  seq: number;
  hash: string;
  line: number;
  offset: number;
}

export const CHAIN_START: ChainPoint = { seq: 0, hash: GENESIS, line: 0, offset: 0 };

/** Lines of a file as raw buffers, with 1-based numbers; `complete` is false for a torn last line. */
export async function* fileLines(file: string): AsyncGenerator<{ line: number; bytes: Buffer; complete: boolean }> {
  let rest = Buffer.alloc(0);
  let line = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    let buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
    let nl: number;
    while ((nl = buf.indexOf(0x0a)) !== -1) {
      yield { line: ++line, bytes: buf.subarray(0, nl), complete: true };
      buf = buf.subarray(nl + 1);
    }
    rest = Buffer.from(buf);
  }
  if (rest.length) yield { line: line + 1, bytes: rest, complete: false };
}

/**
 * The bytes of a file from byte `start` on, in runs of whole lines (each run ends with a newline),
 * then the torn rest if the file does not end with one. Lines are decoded one by one by the
 * reader: a run decoded at once would turn into two-byte text wherever one line is not ASCII.
 */
export async function* lineRuns(file: string, start = 0): AsyncGenerator<{ buf: Buffer; torn: boolean }> {
  let rest: Buffer[] = []; // the start of a line that a chunk boundary cut
  for await (const chunk of createReadStream(file, { start, highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const first = chunk.indexOf(0x0a);
    if (first === -1) {
      rest.push(chunk);
      continue;
    }
    let from = 0;
    if (rest.length) {
      yield { buf: Buffer.concat([...rest, chunk.subarray(0, first + 1)]), torn: false }; // the one line across the boundary
      from = first + 1;
      rest = [];
    }
    const last = chunk.lastIndexOf(0x0a);
    if (last >= from) yield { buf: chunk.subarray(from, last + 1), torn: false };
    if (last + 1 < chunk.length) rest.push(chunk.subarray(last + 1));
  }
  if (rest.length) yield { buf: Buffer.concat(rest), torn: true };
}

/** Number of lines, counting a torn last line. */
export async function countLines(file: string): Promise<number> {
  let n = 0;
  for await (const _ of fileLines(file)) n++;
  return n;
}

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
  let prevHash = from.hash;
  let expectedSeq = from.seq + 1;
  let line = from.line;
  let offset = from.offset;
  const result = (r: VerifyResult) => ({ result: r, last: { seq: expectedSeq - 1, hash: prevHash, line, offset } });
  try {
    for await (const { buf, torn } of lineRuns(file, from.offset)) {
      let pos = 0;
      while (pos < buf.length) {
        line++;
        const fail = (reason: string, seq?: number) => result({ ok: false, line, ...(seq !== undefined ? { seq } : {}), reason });
        if (torn) return fail('torn last line: no trailing newline (an interrupted write?)');
        const nl = torn ? buf.length : buf.indexOf(0x0a, pos);
        const lineText = buf.toString('utf8', pos, nl);
        pos = nl + 1;
        const rec = parseRecordLine(lineText);
        const broken = 'problem' in rec ? lineProblem(rec) : chainProblem(rec, expectedSeq, prevHash);
        if (broken) return fail(broken.reason, broken.seq);
        const ok = rec as LogbookRecord;
        prevHash = ok.hash;
        expectedSeq++;
        onRecord?.(ok);
      }
      offset += buf.length;
      onRun?.(buf);
    }
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return result({ ok: true, records: 0 });
    throw err;
  }
  return result({ ok: true, records: expectedSeq - 1 });
}

type Broken = { reason: string; seq?: number } | undefined;

function lineProblem(p: LineProblem): Broken {
  return 'json' in p ? describeShape(p.json) : { reason: p.problem };
}

/** The first rule a shaped record breaks, in the order verify has always reported them: shape, seq, link, hash. */
function chainProblem(rec: LogbookRecord, expectedSeq: number, prevHash: string): Broken {
  const why =
    rec.seq !== expectedSeq
      ? `seq ${rec.seq} where ${expectedSeq} was expected (not monotonic)`
      : rec.prev_hash !== prevHash
        ? 'prev_hash does not match the previous record (chain broken)'
        : shapedRecordHash(rec) !== rec.hash
          ? 'hash does not match the record (edited after it was written)'
          : undefined;
  if (why === undefined) return undefined; // the link and the hash equal hex values: the patterns hold
  return isLogbookRecord(rec) ? { reason: why, seq: rec.seq } : describeShape(rec);
}
