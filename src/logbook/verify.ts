import { createReadStream } from 'node:fs';
import { isErrno } from '../core/fs/durable-fs.js';
import { GENESIS, isLogbookRecord, type LogbookRecord, LogbookRecordShape, recordHash } from './record.js';

// `gatewalk logbook verify`: stream the file once, recompute every hash and the chain, and name the
// first bad line. Lines are split on raw 0x0A bytes (not readline, which also splits on \r) so
// the reported line number is exactly the line an editor shows.

export type VerifyResult = { ok: true; records: number } | { ok: false; line: number; seq?: number; reason: string };

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

/** Number of lines, counting a torn last line. */
export async function countLines(file: string): Promise<number> {
  let n = 0;
  for await (const _ of fileLines(file)) n++;
  return n;
}

/** A missing logbook verifies as empty: nothing has been decided yet. `onRecord` sees each record that verified. */
export async function verifyLogbook(file: string, onRecord?: (rec: LogbookRecord) => void): Promise<VerifyResult> {
  let prevHash = GENESIS;
  let expectedSeq = 1;
  try {
    for await (const { line, bytes, complete } of fileLines(file)) {
      const fail = (reason: string, seq?: number): VerifyResult => ({ ok: false, line, ...(seq !== undefined ? { seq } : {}), reason });
      if (!complete) return fail('torn last line: no trailing newline (an interrupted write?)');
      let json: unknown;
      try {
        json = JSON.parse(bytes.toString('utf8'));
      } catch (err) {
        return fail(bytes.length ? `not valid JSON (${(err as Error).message})` : 'empty line');
      }
      // Most lines are fine: check them without zod; ask the schema only to say what is wrong.
      const shape = isLogbookRecord(json) ? undefined : LogbookRecordShape.safeParse(json);
      if (shape && !shape.success) {
        const seqSeen = typeof (json as { seq?: unknown })?.seq === 'number' ? (json as { seq: number }).seq : undefined;
        const issue = shape.error.issues[0]!; // a failed parse has at least one issue
        // Stryker disable next-line StringLiteral: the shape is flat, so a path has at most one segment and the separator never shows.
        const field = issue.path.join('.');
        return fail(`not a logbook record (${field || 'record'}: ${issue.message})`, seqSeen);
      }
      const rec = (shape?.data ?? json) as LogbookRecord;
      if (rec.seq !== expectedSeq) return fail(`seq ${rec.seq} where ${expectedSeq} was expected (not monotonic)`, rec.seq);
      if (rec.prev_hash !== prevHash) return fail('prev_hash does not match the previous record (chain broken)', rec.seq);
      if (recordHash(rec) !== rec.hash) return fail('hash does not match the record (edited after it was written)', rec.seq);
      prevHash = rec.hash;
      expectedSeq++;
      onRecord?.(rec as LogbookRecord);
    }
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return { ok: true, records: 0 };
    throw err;
  }
  return { ok: true, records: expectedSeq - 1 };
}
