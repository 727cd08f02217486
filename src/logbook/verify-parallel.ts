import { open, stat } from 'node:fs/promises';
import os from 'node:os';
import type { Worker, WorkerOptions } from 'node:worker_threads';
import { distWorker } from '../core/code-cache/dist-worker.js';
import { isErrno } from '../core/fs/durable-fs.js';
import { type Break, type Link, linkProblem, type Segment } from './chain-walk.js';
import { type Claims, newClaims, walkClaimed } from './claimed-parts.js';
import type { LogbookRecord } from './record.js';
import type { VerifyResult } from './verify.js';

// `logbook verify` on a big logbook: the file is cut at line boundaries into parts of about
// PART_BYTES, which this thread and a helper thread per other core claim in file order as each is
// free (claimed-parts.ts), each walker checking the lines, hashes and links inside its parts. This
// thread starts at once and walks the first parts while the helpers start. The seams are then checked
// here, in file order, by the same rules (linkProblem on each part's first record), so the first break
// reported is the one a walk from the first line reports: same line, seq and reason. A small logbook
// is walked in this thread alone, as is every logbook when running from sources (a worker loads built
// code).

/**
 * A part: 1 MiB, ~2,300 records of the benchmark's size (~10-20 ms of work), so the walkers end
 * within ~20 ms of each other; each part costs a file handle and a walk's setup. On 100k records, 11
 * alternating rounds on the 2-core machine: 830 ms with 1 MiB parts, 853 with 2 MiB, 917 with 4 MiB,
 * 995 with 0.5 MiB, and 999 ms for the fixed split this replaced (one part per core, the main
 * thread's 4 MiB longer). With the other core kept busy: 1320 against 1450 ms for the fixed split.
 */
export const PART_BYTES = 1 << 20;
/**
 * The smallest logbook worth a helper: 8 MiB, ~18,000 records, more than this thread walks while a
 * helper starts (~100 ms of a core on the 2-core machine). Below it the helper's start costs more than
 * the parts it would take over.
 */
export const PARALLEL_BYTES = 8 << 20;

/** The chain, verified, as the anchor check reads it: every record's hash (index seq - 1) and the records of the kinds asked for. */
export interface IndexedChain {
  result: VerifyResult;
  /** Empty unless ok. */
  hashes: string[];
  kept: LogbookRecord[];
}

/** What a helper posts: each part it walked, then that it has claimed its last (verify-worker.ts posts them all then). */
export type HelperMessage = { part: number; segment: Segment } | { done: true };

/** Where a helper's messages go, or why it failed. */
export interface HelperEnds {
  message(m: HelperMessage): void;
  failed(err: Error): void;
}

/** Starts a helper walking parts claimed from `claims`. */
export type StartHelper = (claims: Claims, ends: HelperEnds) => void;

export interface ParallelOptions {
  /** How many parts (default: partsFor the file's size). */
  parts?: number;
  /** How many helpers (default: one per other core but never more than parts - 1; none when running from sources). */
  helpers?: number;
  /** Starts a helper (default: a worker thread on the built verify-worker.ts). */
  startHelper?: StartHelper;
}

// Stryker disable next-line StringLiteral: vitest runs the sources, which never start a worker; the built entry is pinned by test/cli/logbook-verify-parallel.test.ts.
const WORKER = new URL('./logbook-verify-worker.js', import.meta.url);
// Stryker disable next-line StringLiteral: equivalent under vitest, where every module is a .ts file (a mutant that never starts a worker is killed).
const FROM_SOURCES = import.meta.url.endsWith('.ts');

/** Verifies the whole chain of `file` (missing: ok and empty), keeping the records whose kind is in `keep`. */
export async function verifyLogbookIndexed(file: string, keep: readonly string[], o: ParallelOptions = {}): Promise<IndexedChain> {
  try {
    const { size } = await stat(file);
    const starts = await cutPoints(file, size, o.parts ?? partsFor(size));
    const tasks = starts.map((start, i) => ({ file, start, ...(i + 1 < starts.length ? { end: starts[i + 1] } : {}), keep }));
    const helpers = o.helpers ?? (FROM_SOURCES ? 0 : Math.min(os.availableParallelism(), tasks.length) - 1);
    // Stryker disable next-line ArrowFunction: vitest runs the sources, which never start a worker; the built binary does (test/cli/logbook-verify-parallel.test.ts).
    const start = o.startHelper ?? ((c: Claims, ends: HelperEnds) => helperInWorker(c, ends, (options) => distWorker(WORKER, options)));
    return joinSegments(await walkParts(newClaims(tasks), helpers, start));
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return { result: { ok: true, records: 0 }, hashes: [], kept: [] };
    throw err;
  }
}

/** How many parts a logbook of `size` bytes is cut into: one below PARALLEL_BYTES, else one per PART_BYTES. */
export function partsFor(size: number): number {
  return size < PARALLEL_BYTES ? 1 : Math.ceil(size / PART_BYTES);
}

/**
 * The walked parts, in file order, up to the first that broke: this thread walks what it claims while
 * `helpers` helpers do the same, and the walk ends when every walker has claimed its last part (a
 * helper's failure fails it).
 */
export function walkParts(claims: Claims, helpers: number, start: StartHelper): Promise<Segment[]> {
  const segments: Array<Segment | undefined> = new Array(claims.tasks.length);
  return new Promise((resolve, reject) => {
    let running = helpers + 1; // this thread's walk and each helper's, until each has claimed its last part
    // A walker that fails never ends, so `running` never reaches 0 after a failure; and a promise settles once.
    const fail = (err: Error) => reject(err);
    const ended = () => {
      if (--running === 0) resolve(upToBreak(segments));
    };
    const message = (m: HelperMessage) => ('done' in m ? ended() : (segments[m.part] = m.segment));
    // This thread claims the first part before any helper is started.
    walkClaimed(claims, (part, segment) => (segments[part] = segment)).then(ended, fail);
    for (let i = 0; i < helpers; i++) start(claims, { message, failed: fail });
  });
}

/** The parts from the first up to the first that broke (all of them when none did); every one is there, as walkers claim in order. */
function upToBreak(segments: Array<Segment | undefined>): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    out.push(s!);
    if (s!.broken) break;
  }
  return out;
}

/**
 * Where each part starts: 0, then just after the first newline at or past each `parts`-th of the
 * file, never inside or past the last line.
 */
export async function cutPoints(file: string, size: number, parts: number): Promise<number[]> {
  const starts = [0];
  const share = size / parts;
  const fh = await open(file);
  try {
    const buf = Buffer.alloc(64 << 10);
    // Stryker disable next-line EqualityOperator: equivalent, a cut at the end of the file finds no newline past it and stops.
    for (let k = 1; k < parts; k++) {
      let at = Math.max(Math.floor(k * share), starts.at(-1)!);
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

/**
 * A helper on a worker thread that `start` starts (on the built verify-worker.ts) with the claims as
 * its data: its messages, or its error, or a failure when it exits before it said it was done.
 */
export function helperInWorker(claims: Claims, ends: HelperEnds, start: (options: WorkerOptions) => Worker): void {
  const worker = start({ workerData: claims });
  let done = false;
  worker.on('message', (m: HelperMessage) => {
    if ('done' in m) done = true;
    ends.message(m);
  });
  worker.once('error', ends.failed);
  worker.once('exit', (code) => {
    if (!done) ends.failed(new Error(`logbook verify: a worker exited (code ${code}) before it answered`));
  });
}
