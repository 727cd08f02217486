import { APPEND_NO_LINK } from '../core/confine.js';
import { mkdir, open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../core/context.js';
import { fsyncDir, isErrno } from '../core/fs/durable-fs.js';
import { GatewalkError } from '../core/errors.js';
import type { Substrate } from '../core/types.js';
import { withFileLock } from '../core/fs/file-lock.js';
import { maskSecrets } from '../core/mask-secrets.js';
import { GENESIS, type LogbookRecord, recordHash, serializeRecord } from './record.js';
import { LogbookRecordShape } from './record-shape.js';
import { readTailLines } from './tail-lines.js';
import { countLines, fileLines } from './line-runs.js';
import { advice, cmd } from '../core/advice.js';

/** The next step for a logbook that cannot be read or written as it is. */
const VERIFY = advice`run \`${cmd('logbook', 'verify')}\``;

// Law 5: the logbook only grows. An append takes the file lock, reads just the last line to learn
// seq and prev_hash, and adds one line with a single write + fsync. A torn or tampered last line
// stops all appends until the operator has looked at it: chaining onto it would hide the damage.

export interface LogbookEntry {
  kind: string;
  substrate: Substrate;
  env: string;
  actor: string;
  data: unknown;
  /** ISO-8601 time; defaults to the clock. */
  ts?: string;
}

export async function appendLogbook(file: string, entry: LogbookEntry, clock: Clock): Promise<LogbookRecord> {
  return (await appendLogbookRecords(file, [entry], clock))[0]!;
}

/**
 * Append several records in one write + fsync: a batch that belongs together (the repins of one
 * decision) is durable together, before anything acts on it.
 */
export async function appendLogbookRecords(file: string, entries: readonly LogbookEntry[], clock: Clock): Promise<LogbookRecord[]> {
  await ensureFile(file);
  return withFileLock(file, async () => {
    const fh = await open(file, APPEND_NO_LINK);
    try {
      let last = await readLastRecord(file, fh);
      const records: LogbookRecord[] = [];
      for (const entry of entries) {
        // Mask, then round-trip through JSON so the hashed value is exactly what a reader will parse.
        const data: unknown = JSON.parse(JSON.stringify(maskSecrets(entry.data ?? null)) ?? 'null');
        const unhashed = {
          seq: (last?.seq ?? 0) + 1,
          ts: entry.ts ?? clock.now().toISOString(),
          prev_hash: last?.hash ?? GENESIS,
          kind: entry.kind,
          substrate: entry.substrate,
          env: entry.env,
          actor: entry.actor,
          data,
        };
        last = { ...unhashed, hash: recordHash(unhashed) };
        records.push(last);
      }
      const buf = Buffer.from(records.map(serializeRecord).join(''), 'utf8');
      const { bytesWritten } = await fh.write(buf);
      if (bytesWritten !== buf.length) throw new GatewalkError(`short write to ${file}`, VERIFY);
      await fh.sync();
      return records;
    } finally {
      await fh.close();
    }
  });
}

/** The last `n` records, oldest first (for the logbook viewer). A missing logbook has none. */
export async function readLogbookTail(file: string, n: number): Promise<LogbookRecord[]> {
  let fh;
  try {
    fh = await open(file, 'r');
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return [];
    throw err;
  }
  try {
    const { lines, endsWithNewline } = await readTailLines(fh, n);
    if (!endsWithNewline) await tornError(file, 'its last line has no trailing newline (an interrupted write?)', 'cannot read');
    return lines.map((line) => {
      const rec = parseLine(line);
      if (!rec) throw new GatewalkError(`${file} has an unreadable record near its end`, advice`${VERIFY} to locate it`);
      return rec;
    });
  } finally {
    await fh.close();
  }
}

/** Every record, oldest first (what recovery and phase state read). A missing logbook has none. */
export async function readLogbook(file: string): Promise<LogbookRecord[]> {
  return (await readLogbookFrom(file)).records;
}

/** Where a record's line lies in the logbook: from `start` to `end` (after its newline), in bytes. */
export interface RecordSpan {
  seq: number;
  hash: string;
  start: number;
  end: number;
}

/**
 * The records from byte `start` on (a line's start; 0: all of them), oldest first, and where the
 * last one lies (undefined when there is none after `start`). A missing logbook has none.
 */
export async function readLogbookFrom(file: string, start = 0): Promise<{ records: LogbookRecord[]; last?: RecordSpan }> {
  const records: LogbookRecord[] = [];
  let last: RecordSpan | undefined;
  let at = start;
  try {
    for await (const { bytes, complete } of fileLines(file, start)) {
      const rec = complete ? parseLine(bytes.toString('utf8')) : undefined;
      if (!rec) throw new GatewalkError(`${file} has an unreadable record`, advice`${VERIFY} to locate it`);
      records.push(rec);
      last = { seq: rec.seq, hash: rec.hash, start: at, end: at + bytes.length + 1 };
      at = last.end;
    }
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return { records: [] };
    throw err;
  }
  return { records, ...(last ? { last } : {}) };
}

/** The record whose line lies exactly at `span` (start to end), when the logbook still holds it there. */
export async function recordAt(file: string, span: Pick<RecordSpan, 'start' | 'end'>): Promise<LogbookRecord | undefined> {
  const length = span.end - span.start;
  if (!Number.isSafeInteger(span.start) || span.start < 0 || !Number.isSafeInteger(length) || length < 2) return undefined;
  let fh;
  try {
    fh = await open(file, 'r');
  } catch {
    return undefined;
  }
  try {
    // The byte before too (a newline: the line starts there), unless it is the first line.
    const from = span.start === 0 ? 0 : span.start - 1;
    const buf = Buffer.alloc(span.end - from);
    const { bytesRead } = await fh.read(buf, 0, buf.length, from);
    const line = buf.subarray(span.start - from);
    if (bytesRead !== buf.length || (from < span.start && buf[0] !== 0x0a) || line.indexOf(0x0a) !== length - 1) return undefined;
    return parseLine(line.subarray(0, length - 1).toString('utf8'));
  } finally {
    await fh.close();
  }
}

/** Creates an empty logbook (durably) unless one exists: what a lock on it needs. */
export async function ensureFile(file: string): Promise<void> {
  if (
    await stat(file).then(
      (st) => st.isFile(),
      () => false,
    )
  )
    return;
  await mkdir(path.dirname(file), { recursive: true });
  try {
    await (await open(file, 'wx')).close();
    await fsyncDir(path.dirname(file)); // a new logbook must not vanish in a crash
  } catch (err) {
    if (!isErrno(err, 'EEXIST')) throw err;
  }
}

async function readLastRecord(file: string, fh: Awaited<ReturnType<typeof open>>): Promise<LogbookRecord | undefined> {
  const { lines, endsWithNewline } = await readTailLines(fh, 1);
  if (!endsWithNewline) return tornError(file, 'its last line has no trailing newline (an interrupted write?)');
  const line = lines[0];
  if (line === undefined) return undefined;
  const rec = parseLine(line);
  if (!rec) return tornError(file, 'its last line is not a valid logbook record');
  if (recordHash(rec) !== rec.hash) return tornError(file, 'its last record does not match its hash (edited?)');
  return rec;
}

function parseLine(line: string): LogbookRecord | undefined {
  try {
    const parsed = LogbookRecordShape.safeParse(JSON.parse(line));
    return parsed.success ? (parsed.data as LogbookRecord) : undefined;
  } catch {
    return undefined;
  }
}

async function tornError(file: string, why: string, action = 'refusing to append to'): Promise<never> {
  const line = await countLines(file);
  throw new GatewalkError(
    `${action} ${file}: ${why} at line ${line}`,
    advice`${VERIFY} and repair the logbook (it is append-only: move the damaged file aside, do not edit it in place)`,
  );
}
