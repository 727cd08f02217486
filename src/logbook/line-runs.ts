import { createReadStream } from 'node:fs';

// The logbook's line readers. Lines are split on raw 0x0A bytes (not readline, which also splits
// on \r) so that a reported line number is exactly the line an editor shows.

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
 * The bytes of a file from byte `start` to `end` (exclusive; the end of the file when undefined), in
 * runs of whole lines (each run ends with a newline), then the torn rest if the range does not end
 * with one. Lines are decoded one by one by the reader: a run decoded at once would turn into
 * two-byte text wherever one line is not ASCII.
 */
export async function* lineRuns(file: string, start = 0, end?: number): AsyncGenerator<{ buf: Buffer; torn: boolean }> {
  let rest: Buffer[] = []; // the start of a line that a chunk boundary cut
  const range = { start, highWaterMark: 1 << 20, ...(end === undefined ? {} : { end: end - 1 }) };
  for await (const chunk of createReadStream(file, range) as AsyncIterable<Buffer>) {
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
