import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

// The logbook's line readers. Lines are split on raw 0x0A bytes (not readline, which also splits
// on \r) so that a reported line number is exactly the line an editor shows.

/**
 * Lines of a file as raw buffers, with 1-based numbers (counted from `start`, a byte offset where a
 * line begins); `complete` is false for a torn last line.
 */
export async function* fileLines(file: string, start = 0): AsyncGenerator<{ line: number; bytes: Buffer; complete: boolean }> {
  let rest = Buffer.alloc(0);
  let line = 0;
  for await (const chunk of createReadStream(file, { start }) as AsyncIterable<Buffer>) {
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

/** How much lineRuns reads at a time. */
export const RUN_CHUNK = 1 << 20;

/**
 * The bytes of a file from byte `start` to `end` (exclusive; the end of the file when undefined), in
 * runs of whole lines (each run ends with a newline), then the torn rest if the range does not end
 * with one. Lines are decoded one by one by the reader: a run decoded at once would turn into
 * two-byte text wherever one line is not ASCII.
 *
 * A run is a view of one buffer that the next read overwrites: use it before asking for the next.
 * Reading into the same buffer, not a fresh 1 MiB each time (a read stream's way), spares the
 * kernel a mapping and ~256 page faults per MiB; on 45 MB that was ~11,000 faults a verify. The
 * buffer goes back to a small pool when the reader ends, for the next reader on this thread (a
 * verify walks a logbook as many parts one after another).
 */
export async function* lineRuns(file: string, start = 0, end?: number): AsyncGenerator<{ buf: Buffer; torn: boolean }> {
  const fh = await open(file);
  const chunk = takeChunk();
  try {
    const stop = end ?? Infinity;
    let rest: Buffer[] = []; // the start of a line that a chunk boundary cut (copied: the chunk is reused)
    // Stryker disable next-line EqualityOperator: equivalent, at the end a read of 0 bytes ends the loop.
    for (let at = start; at < stop;) {
      const { bytesRead } = await fh.read(chunk, 0, Math.min(RUN_CHUNK, stop - at), at);
      if (bytesRead === 0) break;
      at += bytesRead;
      const read = chunk.subarray(0, bytesRead);
      const first = read.indexOf(0x0a);
      if (first === -1) {
        rest.push(Buffer.from(read));
        continue;
      }
      let from = 0;
      if (rest.length) {
        yield { buf: Buffer.concat([...rest, read.subarray(0, first + 1)]), torn: false }; // the one line across the boundary
        from = first + 1;
        rest = [];
      }
      const last = read.lastIndexOf(0x0a);
      if (last >= from) yield { buf: read.subarray(from, last + 1), torn: false };
      if (last + 1 < read.length) rest.push(Buffer.from(read.subarray(last + 1)));
    }
    if (rest.length) yield { buf: Buffer.concat(rest), torn: true };
  } finally {
    giveBack(chunk);
    await fh.close(); // also when the reader stops early (a break in the chain)
  }
}

/**
 * Feeds the first `length` bytes of `file` to `sink`, in order, through the same reused buffer as
 * lineRuns (a view the next read overwrites); how many bytes there were (fewer when the file is
 * shorter). A 45 MB prefix read through a read stream, a fresh 1 MiB each time, took ~11,000 page faults.
 */
export async function readPrefix(file: string, length: number, sink: (bytes: Buffer) => void): Promise<number> {
  const fh = await open(file);
  const chunk = takeChunk();
  let at = 0;
  try {
    // Stryker disable next-line EqualityOperator: equivalent, at `length` a read of 0 bytes ends the loop.
    while (at < length) {
      const { bytesRead } = await fh.read(chunk, 0, Math.min(RUN_CHUNK, length - at), at);
      if (bytesRead === 0) break;
      sink(chunk.subarray(0, bytesRead));
      at += bytesRead;
    }
  } finally {
    giveBack(chunk);
    await fh.close();
  }
  return at;
}

/** Read buffers of readers that ended, at most SPARE_MAX (readers running side by side each hold their own). */
const spare: Buffer[] = [];
const SPARE_MAX = 2;
const takeChunk = () => spare.pop() ?? Buffer.allocUnsafe(RUN_CHUNK);
function giveBack(chunk: Buffer): void {
  if (spare.length < SPARE_MAX) spare.push(chunk);
}

/** Number of lines, counting a torn last line. */
export async function countLines(file: string): Promise<number> {
  let n = 0;
  for await (const _ of fileLines(file)) n++;
  return n;
}
