import { open, stat } from 'node:fs/promises';
import os from 'node:os';
import type { Worker, WorkerOptions } from 'node:worker_threads';
import { distWorker } from '../core/code-cache/dist-worker.js';
import { isErrno } from '../core/fs/durable-fs.js';
import { type Break, type Link, linkProblem, type Segment, type SegmentTask, walkSegment } from './chain-walk.js';
import { GENESIS, type LogbookRecord } from './record.js';
import type { VerifyResult } from './verify.js';

// `logbook verify` on a big logbook: the file is cut at line boundaries into one part per core;
// this thread walks the first while workers walk the others, each checking its lines, hashes and
// the links inside it. The seams are then checked here, in file order, by the same rules
// (linkProblem on each part's first record), so the first break reported is the one a walk from
// the first line reports: same line, seq and reason. A worker costs ~40 ms to start on the 2-core
// machine (~100 ms of CPU under load) while a record of ~450 bytes takes ~6 µs, so a part is at
// least PART_BYTES (below that the worker's start costs more than the part it takes over), and
// this thread, which starts at once, takes LEAD_BYTES more than each worker: about what it walks
// while a worker boots (~60-100 ms on the quiet 2-core machine, less what this thread does after the
// join). A small logbook is walked in this thread, as is every part when running from sources (a
// worker loads built code).

/** The smallest part worth a worker: 4 MiB, ~9,000 records of the benchmark's size (~50 ms of work). */
export const PART_BYTES = 4 << 20;
/**
 * What this thread walks while a worker starts: 4 MiB (~9,000 records, ~60 ms). Measured side by side
 * on 100k records: 1048 ms with 5 MiB against 1086 ms with 2 MiB, when records took ~6 µs each.
 */
export const LEAD_BYTES = 4 << 20;

/** The chain, verified, as the anchor check reads it: every record's hash (index seq - 1) and the records of the kinds asked for. */
export interface IndexedChain {
  result: VerifyResult;
  /** Empty unless ok. */
  hashes: string[];
  kept: LogbookRecord[];
}

export interface ParallelOptions {
  /** How many segments (default: one per core, each at least PART_BYTES). */
  parts?: number;
  /** Walks every segment but the first (default: a worker each, or this thread when running from sources). */
  walk?: (task: SegmentTask) => Promise<Segment>;
}

// Stryker disable next-line StringLiteral: vitest runs the sources, which never start a worker; the built entry is pinned by test/cli/logbook-verify-parallel.test.ts.
const WORKER = new URL('./logbook-verify-worker.js', import.meta.url);
// Stryker disable next-line StringLiteral: equivalent under vitest, where every module is a .ts file (a mutant that never starts a worker is killed).
const FROM_SOURCES = import.meta.url.endsWith('.ts');

/** Verifies the whole chain of `file` (missing: ok and empty), keeping the records whose kind is in `keep`. */
export async function verifyLogbookIndexed(file: string, keep: readonly string[], o: ParallelOptions = {}): Promise<IndexedChain> {
  try {
    const { size } = await stat(file);
    const parts = o.parts ?? partsFor(size, os.availableParallelism());
    const starts = await cutPoints(file, size, parts);
    const tasks = starts.map((start, i) => ({ file, start, ...(i + 1 < starts.length ? { end: starts[i + 1] } : {}), keep }));
    // Stryker disable next-line ArrowFunction: vitest runs the sources, which never start a worker; the built binary does (test/cli/logbook-verify-parallel.test.ts).
    const inWorker = (t: SegmentTask) => walkInWorker(t, (options) => distWorker(WORKER, options));
    const walk = o.walk ?? (FROM_SOURCES ? (t: SegmentTask) => walkSegment(t) : inWorker);
    return joinSegments(await Promise.all(tasks.map((t, i) => (i === 0 ? walkSegment(t, { seq: 0, hash: GENESIS }) : walk(t)))));
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return { result: { ok: true, records: 0 }, hashes: [], kept: [] };
    throw err;
  }
}

/** How many parts a logbook of `size` bytes is cut into on `cores` cores: one per core, each at least PART_BYTES. */
export function partsFor(size: number, cores: number): number {
  return Math.max(1, Math.min(cores, Math.floor(size / PART_BYTES)));
}

/**
 * Where each part starts: 0, then just after the first newline at or past each share of the file,
 * the first part LEAD_BYTES longer than the others (in a small file, a 2·parts-th of it), never
 * inside or past the last line.
 */
export async function cutPoints(file: string, size: number, parts: number): Promise<number[]> {
  const starts = [0];
  const lead = Math.min(LEAD_BYTES, size / (2 * parts));
  const share = (size - lead) / parts;
  const fh = await open(file);
  try {
    const buf = Buffer.alloc(64 << 10);
    // Stryker disable next-line EqualityOperator: equivalent, a cut at the end of the file finds no newline past it and stops.
    for (let k = 1; k < parts; k++) {
      let at = Math.max(Math.floor(lead + k * share), starts.at(-1)!);
      let found = -1;
      while (found === -1) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, at);
        if (bytesRead === 0) break;
        const nl = buf.subarray(0, bytesRead).indexOf(0x0a);
        if (nl === -1) at += bytesRead;
        else found = at + nl + 1;
      }
      if (found === -1 || found >= size) break; // the rest is one line: no more cuts
      starts.push(found);
    }
  } finally {
    await fh.close();
  }
  return starts;
}

/** The segments' verdicts in file order: the first break, each seam checked as the line it is, or the whole chain. */
export function joinSegments(segments: Segment[]): IndexedChain {
  let prev: Link | undefined; // the first part starts from GENESIS: it has no head, and sets prev
  let line = 0;
  const fail = ({ line: at, ...why }: Break): IndexedChain => ({ result: { ok: false, line: line + at, ...why }, hashes: [], kept: [] });
  for (const s of segments) {
    const seam = s.head && linkProblem(s.head, prev!);
    if (seam) return fail({ line: 1, ...seam });
    if (s.broken) return fail(s.broken);
    prev = s.last!; // a segment holds at least one line, and a line that did not break is a record
    line += s.lines;
  }
  // concat, not flatMap: a 100k-hash join costs ~3 ms instead of ~15 on the thread that waits for it.
  const hashes = ([] as string[]).concat(...segments.map((s) => s.hashes));
  return { result: { ok: true, records: prev!.seq }, hashes, kept: ([] as LogbookRecord[]).concat(...segments.map((s) => s.kept)) };
}

/** Walks a part in a worker `start` starts (on the built verify-worker.ts) with the task as its data: what it posts, or its error. */
export function walkInWorker(task: SegmentTask, start: (options: WorkerOptions) => Worker): Promise<Segment> {
  return new Promise((resolve, reject) => {
    const worker = start({ workerData: task });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`logbook verify: a worker exited (code ${code}) before it answered`)));
  });
}
