import { describeShape, type LineProblem, parseRecordLine, shapedRecordHash } from './line-check.js';
import { isLogbookRecord, type LogbookRecord } from './record.js';
import { lineRuns } from './line-runs.js';

// The chain law, once: lines in file order, each parsed and shaped, then its seq, its link and its
// hash against the record before it; the first line that breaks a rule ends the walk. Both ways of
// verifying use it: one walk over the whole file (verify.ts), or the file cut at line boundaries into
// segments walked side by side (verify-parallel.ts), where each segment but the first starts without
// the record before it and hands its first record back for the seam to be checked by the same rules.

/** A record of the chain as the next one must link to it (seq 0 and GENESIS before the first). */
export interface Link {
  seq: number;
  hash: string;
}

/** Why a line breaks the chain, at its line of the walk (1-based), with the seq it claims when it has one. */
export interface Break {
  line: number;
  seq?: number;
  reason: string;
}

export interface Walk {
  /** Lines read: up to and including a break. */
  lines: number;
  /** Bytes of the whole runs of lines verified (a break's run not counted). */
  bytes: number;
  /** The last record verified, or `from` when none was. */
  last: Link | undefined;
  /** Started without a link: the first record, whose seq, prev_hash and hash are still to be checked (linkProblem). */
  head?: LogbookRecord;
  broken?: Break;
}

export interface WalkOptions {
  start?: number;
  /** Stop before this byte (a line boundary); the end of the file when undefined. */
  end?: number | undefined;
  /** Each record that verified, in order (a headless walk's first record included). */
  onRecord?: (rec: LogbookRecord) => void;
  /** The bytes of each run of lines that verified, in order. */
  onRun?: (bytes: Buffer) => void;
}

/** Walks the lines of `file` from `from` (undefined: the first record's links are left to the caller, see Walk.head). */
export async function walkChain(file: string, from: Link | undefined, o: WalkOptions = {}): Promise<Walk> {
  let prevHash = from?.hash;
  let expectedSeq = from ? from.seq + 1 : 0;
  let head: LogbookRecord | undefined;
  let lines = 0;
  let bytes = 0;
  const walk = (broken?: Omit<Break, 'line'>): Walk => ({
    lines,
    bytes,
    // Stryker disable next-line ConditionalExpression: equivalent, a walk without a link that verified no record broke on its first line (a part is never empty), and a broken walk's `last` is not read.
    last: prevHash === undefined ? undefined : { seq: expectedSeq - 1, hash: prevHash },
    ...(head ? { head } : {}),
    ...(broken ? { broken: { line: lines, ...broken } } : {}),
  });
  for await (const { buf, torn } of lineRuns(file, o.start, o.end)) {
    let pos = 0;
    while (pos < buf.length) {
      lines++;
      if (torn) return walk({ reason: 'torn last line: no trailing newline (an interrupted write?)' });
      const nl = buf.indexOf(0x0a, pos);
      const rec = parseRecordLine(buf.toString('utf8', pos, nl));
      pos = nl + 1;
      if ('problem' in rec) return walk(lineProblem(rec));
      if (prevHash === undefined) head = rec;
      else {
        const broken = linkProblem(rec, { seq: expectedSeq - 1, hash: prevHash });
        if (broken) return walk(broken);
      }
      prevHash = rec.hash;
      expectedSeq = rec.seq + 1;
      o.onRecord?.(rec);
    }
    bytes += buf.length;
    o.onRun?.(buf);
  }
  return walk();
}

/** One segment of a file to verify on its own: bytes `start` to `end` (line boundaries; undefined: to the end). */
export interface SegmentTask {
  file: string;
  start: number;
  end?: number;
  /** Kinds of the records to hand back whole (every record's hash is handed back). */
  keep: readonly string[];
}

/** A walked segment (what a worker posts back): the walk, every record's hash in order, the records of the kinds kept. */
export interface Segment extends Walk {
  hashes: string[];
  kept: LogbookRecord[];
}

/** Walks a segment: from `from` for the file's first segment, without a link (see Walk.head) for any other. */
export async function walkSegment(task: SegmentTask, from?: Link): Promise<Segment> {
  const hashes: string[] = [];
  const kept: LogbookRecord[] = [];
  const keep = new Set(task.keep);
  const onRecord = (rec: LogbookRecord) => {
    hashes.push(rec.hash);
    if (keep.has(rec.kind)) kept.push(rec);
  };
  const walk = await walkChain(task.file, from, { start: task.start, end: task.end, onRecord });
  return { ...walk, hashes, kept };
}

function lineProblem(p: LineProblem): Omit<Break, 'line'> {
  return 'json' in p ? describeShape(p.json) : { reason: p.problem };
}

/** The first rule a shaped record following `prev` breaks, in the order verify has always reported them: shape, seq, link, hash. */
export function linkProblem(rec: LogbookRecord, prev: Link): Omit<Break, 'line'> | undefined {
  const why =
    rec.seq !== prev.seq + 1
      ? `seq ${rec.seq} where ${prev.seq + 1} was expected (not monotonic)`
      : rec.prev_hash !== prev.hash
        ? 'prev_hash does not match the previous record (chain broken)'
        : shapedRecordHash(rec) !== rec.hash
          ? 'hash does not match the record (edited after it was written)'
          : undefined;
  if (why === undefined) return undefined; // the link and the hash equal hex values: the patterns hold
  return isLogbookRecord(rec) ? { reason: why, seq: rec.seq } : describeShape(rec);
}
