import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Claims, newClaims, walkClaimed } from '../../src/logbook/claimed-parts.js';
import type { LogbookRecord } from '../../src/logbook/record.js';
import {
  cutPoints,
  type HelperMessage,
  helperInWorker,
  PARALLEL_BYTES,
  PART_BYTES,
  partsFor,
  type StartHelper,
  verifyLogbookIndexed,
  walkParts,
} from '../../src/logbook/verify-parallel.js';
import { verifyLogbook, type VerifyResult } from '../../src/logbook/verify.js';
// @ts-expect-error: the benchmark's generator is plain JavaScript
import { generateLogbook } from '../../bench/gen-logbook.mjs';
import { SHOP } from '../fixtures/programs.js';
import { makeTmp, removeTmp } from '../support/tmp.js';

// `logbook verify` cut into segments (verify-parallel.ts): whatever the cut and whoever walks which
// part, the verdict is the one a walk from the first line gives — the same first break (line, seq,
// reason), or ok with every record's hash and the records kept. Here the helpers run in this thread
// (vitest runs the sources), their walks interleaving with this thread's at every read;
// test/cli/logbook-verify-parallel.test.ts runs them in workers through the built binary.

let dir: string;
beforeEach(async () => {
  dir = await makeTmp();
});
afterEach(async () => removeTmp(dir));

const PROGRAMS = [
  { name: 'dev_min (shipped)', env: 'dev_min', substrate: 'sandbox' },
  { name: 'shop (second program)', env: SHOP.env, substrate: 'aws' },
];
const PARTS = [2, 3, 5];
const KEEP = ['repin', 'conflict.stop'];

/** A helper in this thread, walking the parts it claims as a worker would, and what it walked. */
function inThread(walked: number[] = []): StartHelper {
  return (claims, ends) =>
    void walkClaimed(claims, (part, segment) => (walked.push(part), ends.message({ part, segment }))).then(
      () => ends.message({ done: true }),
      ends.failed,
    );
}

/** The plain walk's verdict, and the records it saw. */
async function plain(file: string): Promise<{ result: VerifyResult; records: LogbookRecord[] }> {
  const records: LogbookRecord[] = [];
  const result = await verifyLogbook(file, (r) => records.push(r));
  return { result, records };
}

/** Lines of a generated logbook (no trailing newline in the strings). */
async function generated(env: string, substrate: string, n: number): Promise<string[]> {
  const file = generateLogbook(path.join(dir, `${env}.jsonl`), n, { env, substrate }) as string;
  return (await readFile(file, 'utf8')).trimEnd().split('\n');
}

/** Ways to break a logbook at line i (0-based), each as the file's new text. */
const TAMPER: Record<string, (lines: string[], i: number) => string> = {
  'a byte of data edited': (l, i) => edit(l, i, (t) => t.replace(/"data":\{"(.)/, (_m, c: string) => `"data":{"${c === 'x' ? 'y' : 'x'}`)),
  'seq changed': (l, i) => edit(l, i, (t) => t.replace(/^\{"seq":(\d+)/, (_m, n: string) => `{"seq":${Number(n) + 7}`)),
  'prev_hash relinked': (l, i) => edit(l, i, (t) => t.replace(/"prev_hash":"[0-9a-f]{64}"/, `"prev_hash":"${'c'.repeat(64)}"`)),
  'prev_hash not hex': (l, i) => edit(l, i, (t) => t.replace(/"prev_hash":"[0-9a-f]{64}"/, `"prev_hash":"${'Z'.repeat(64)}"`)),
  'line removed': (l, i) => join([...l.slice(0, i), ...l.slice(i + 1)]),
  'line repeated': (l, i) => join([...l.slice(0, i + 1), ...l.slice(i)]),
  'lines swapped': (l, i) => {
    const j = Math.min(i, l.length - 2);
    return join([...l.slice(0, j), l[j + 1]!, l[j]!, ...l.slice(j + 2)]);
  },
  'empty line': (l, i) => join([...l.slice(0, i), '', ...l.slice(i)]),
  'not JSON': (l, i) => edit(l, i, (t) => t.slice(0, 40)),
  'a field missing': (l, i) => edit(l, i, (t) => t.replace(/"actor":"[^"]*",/, '')),
  'torn here': (l, i) => join(l.slice(0, i + 1)).slice(0, -1),
};
const edit = (lines: string[], i: number, f: (line: string) => string) => join(lines.map((l, k) => (k === i ? f(l) : l)));
const join = (lines: string[]) => lines.map((l) => l + '\n').join('');

describe.each(PROGRAMS)('verify in segments: $name', ({ env, substrate }) => {
  it('a valid logbook: ok, every hash in order and the kept records, however it is cut', async () => {
    const file = path.join(dir, 'l.jsonl');
    await writeFile(file, join(await generated(env, substrate, 60)));
    const want = await plain(file);
    expect(want.result).toEqual({ ok: true, records: 60 });
    const size = (await readFile(file)).length;
    for (const parts of [1, ...PARTS, 60, 100]) {
      const cut = (await cutPoints(file, size, parts)).length;
      if (parts < 60) expect(cut, `parts ${parts}`).toBe(parts);
      else expect(cut).toBeGreaterThan(50); // as many as the lines allow
      const got = await verifyLogbookIndexed(file, KEEP, { parts });
      expect(got.result, `parts ${parts}`).toEqual(want.result);
      expect(got.hashes).toEqual(want.records.map((r) => r.hash));
      expect(got.kept).toEqual(want.records.filter((r) => KEEP.includes(r.kind)));
      expect(got.kept.length).toBeGreaterThan(0);
    }
    expect((await verifyLogbookIndexed(file, [])).kept).toEqual([]);
  });

  it('every part is walked once, by this thread or a helper, and helpers take parts when they can', async () => {
    const file = path.join(dir, 'w.jsonl');
    await writeFile(file, join(await generated(env, substrate, 40)));
    const want = await plain(file);
    for (const helpers of [1, 3]) {
      const walked: number[] = [];
      const got = await verifyLogbookIndexed(file, KEEP, { parts: 8, helpers, startHelper: inThread(walked) });
      expect(got.result).toEqual(want.result);
      expect(got.hashes).toEqual(want.records.map((r) => r.hash));
      expect(got.kept).toEqual(want.records.filter((r) => KEEP.includes(r.kind)));
      expect(walked.length, `${helpers} helper(s)`).toBeGreaterThan(0); // this thread's reads let the helpers in
      expect(walked.length).toBeLessThan(8);
      expect(walked).not.toContain(0); // this thread claims the first part before any helper starts
    }
    let started = 0;
    await verifyLogbookIndexed(file, KEEP, { startHelper: (c, e) => (started++, inThread()(c, e)) }); // a small logbook: one part, no helper
    expect(started).toBe(0);
  });

  it("a part that breaks ends every walker's claims: nothing after it is walked, and the break is the first one", async () => {
    const lines = await generated(env, substrate, 40);
    const file = path.join(dir, 'b.jsonl');
    await writeFile(file, TAMPER['a byte of data edited']!(lines, 2));
    const walked: number[] = [];
    const got = await verifyLogbookIndexed(file, KEEP, { parts: 10, helpers: 1, startHelper: inThread(walked) });
    expect(got).toEqual({ result: await verifyLogbook(file), hashes: [], kept: [] });
    expect(got.result).toMatchObject({ ok: false, line: 3 });
    expect(walked.length, `the helper walked ${walked.join(',')}`).toBeLessThanOrEqual(2); // what it claimed before the break was seen

    const starts = await cutPoints(file, (await readFile(file)).length, 10);
    const claims = newClaims(
      starts.map((start, i) => ({ file, start, ...(i + 1 < starts.length ? { end: starts[i + 1] } : {}), keep: [] })),
    );
    const segments = await walkParts(claims, 1, inThread());
    expect(segments.map((p) => Boolean(p.broken))).toEqual([true]); // handed on up to the break, not past it
    expect(new Int32Array(claims.next)[0]).toBeGreaterThanOrEqual(10); // no part left to claim
  });

  it('every tamper at every line: the first break a walk from line 1 reports, seams included', async () => {
    const lines = await generated(env, substrate, 16);
    const file = path.join(dir, 't.jsonl');
    let atSeam = 0;
    let intact = 0;
    for (const [name, tamper] of Object.entries(TAMPER)) {
      for (let i = 0; i < lines.length; i++) {
        await writeFile(file, tamper(lines, i));
        const want = await plain(file);
        const bytes = await readFile(file);
        for (const parts of PARTS) {
          const got = await verifyLogbookIndexed(file, KEEP, { parts, helpers: parts - 1, startHelper: inThread() });
          const where = `${name} at line ${i + 1}, ${parts} parts`;
          if (want.result.ok) {
            // Only the last line removed leaves a valid (shorter) chain.
            expect(got, where).toEqual({ result: want.result, hashes: want.records.map((r) => r.hash), kept: expect.any(Array) });
            intact++;
            continue;
          }
          expect(got, where).toEqual({ result: want.result, hashes: [], kept: [] });
          const seams = (await cutPoints(file, bytes.length, parts)).slice(1);
          const lineAt = (offset: number) => bytes.subarray(0, offset).filter((b) => b === 0x0a).length + 1;
          if (seams.some((s) => lineAt(s) === (want.result as { line: number }).line)) atSeam++;
        }
      }
    }
    expect(intact).toBe(PARTS.length);
    expect(atSeam, 'breaks found on the first line of a segment').toBeGreaterThan(40);
  });
});

describe('verify in segments: the edges', () => {
  it('a missing logbook is ok and empty; a read error is thrown', async () => {
    expect(await verifyLogbookIndexed(path.join(dir, 'none.jsonl'), KEEP)).toEqual({
      result: { ok: true, records: 0 },
      hashes: [],
      kept: [],
    });
    await mkdir(path.join(dir, 'd.jsonl'));
    await expect(verifyLogbookIndexed(path.join(dir, 'd.jsonl'), KEEP, { parts: 1 })).rejects.toMatchObject({ code: 'EISDIR' });
  });

  it('an empty file is ok with no records', async () => {
    const file = path.join(dir, 'e.jsonl');
    await writeFile(file, '');
    expect(await verifyLogbookIndexed(file, KEEP, { parts: 3 })).toEqual({ result: { ok: true, records: 0 }, hashes: [], kept: [] });
  });
});

describe('helperInWorker', () => {
  const fixture = (name: string) => (options: WorkerOptions) => new Worker(new URL(`./fixtures/${name}`, import.meta.url), options);
  const claims = (): Claims => newClaims([{ file: 'logbook.jsonl', start: 12, end: 34, keep: ['repin'] }]);
  /** What the helper passed on and every failure it reported, once its worker has exited. */
  const run = (c: Claims, name: string) =>
    new Promise<{ got: HelperMessage[]; failures: string[] }>((resolve) => {
      const got: HelperMessage[] = [];
      const failures: string[] = [];
      const ends = { message: (m: HelperMessage) => void got.push(m), failed: (e: Error) => void failures.push(e.message) };
      helperInWorker(c, ends, (options) => {
        const worker = fixture(name)(options);
        worker.on('exit', () => setImmediate(() => resolve({ got, failures }))); // after the helper's own 'exit' listener
        return worker;
      });
    });

  it('hands the worker the parts and the claims counter (shared, not copied) and passes on what it posts; a clean exit after done is no failure', async () => {
    const c = claims();
    expect(await run(c, 'echo-worker.mjs')).toEqual({ got: [{ part: 0, segment: { echo: c.tasks } }, { done: true }], failures: [] });
    expect(new Int32Array(c.next)[0]).toBe(1); // the worker's claim is seen here
  });

  it('a worker that throws or ends without saying it is done fails the verification (never a missing part)', async () => {
    const thrown = await run(claims(), 'throwing-worker.mjs');
    expect(thrown.failures[0]).toContain('EACCES: permission denied, open logbook.jsonl');
    expect(await run(claims(), 'silent-worker.mjs')).toEqual({
      got: [],
      failures: ['logbook verify: a worker exited (code 7) before it answered'],
    });
  });
});

describe('partsFor', () => {
  it('one part below PARALLEL_BYTES, then one per PART_BYTES', () => {
    expect(partsFor(0)).toBe(1);
    expect(partsFor(PARALLEL_BYTES - 1)).toBe(1);
    expect(partsFor(PARALLEL_BYTES)).toBe(PARALLEL_BYTES / PART_BYTES);
    expect(partsFor(PARALLEL_BYTES + 1)).toBe(PARALLEL_BYTES / PART_BYTES + 1);
    expect(partsFor(45 * PART_BYTES)).toBe(45);
  });
});

describe('cutPoints', () => {
  const cuts = async (text: string, parts: number) => {
    const file = path.join(dir, 'c.txt');
    await writeFile(file, text);
    return cutPoints(file, Buffer.byteLength(text), parts);
  };

  it('segments start at 0 and just after a newline, in order, at or past each share of the file', async () => {
    expect(await cuts('aaaa\nbbbb\ncccc\ndddd\n', 1)).toEqual([0]);
    expect(await cuts('aaaa\nbbbb\ncccc\ndddd\n', 2)).toEqual([0, 15]);
    expect(await cuts('aaaa\nbbbb\ncccc\ndddd\n', 4)).toEqual([0, 10, 15]);
    expect(await cuts('aaaa\nbbbb\ncccc\ndddd\n', 1)).toEqual([0]);
    expect(await cuts('a\nb\nc\nd\ne\nf\n', 3)).toEqual([0, 6, 10]);
    expect(await cuts('x'.repeat(100) + '\na\nb\nc\n', 4)).toEqual([0, 101, 103, 105]); // after a long first line, each cut moves on
  });

  it('the parts are equal shares of the file, each cut moved to the next line start', async () => {
    const text = 'abcdefghi\n'.repeat(20); // 200 bytes
    expect(await cuts(text, 2)).toEqual([0, 110]); // a share ending on a line start still cuts after the next newline
    expect(await cuts(text, 3)).toEqual([0, 70, 140]);
    const big = ('y'.repeat(1023) + '\n').repeat(3 * (PART_BYTES >> 10));
    expect(await cuts(big, 3)).toEqual([0, PART_BYTES + 1024, 2 * PART_BYTES + 1024]);
  });

  it('closes the file it reads', async () => {
    const fds = async () => (await readdir('/proc/self/fd')).length;
    const before = await fds();
    for (let i = 0; i < 20; i++) await cuts('a\nb\nc\n', 2);
    expect(await fds()).toBe(before);
  });

  it('never cuts inside the last line or past the end: a file of one line is one segment', async () => {
    expect(await cuts('x'.repeat(1000) + '\n', 4)).toEqual([0]);
    expect(await cuts('x'.repeat(1000), 4)).toEqual([0]);
    expect(await cuts('ab\n' + 'x'.repeat(1000), 2)).toEqual([0]);
    expect(await cuts('', 2)).toEqual([0]);
  });

  it('finds the newline after a line longer than its 64 KiB read window', async () => {
    const long = 'y'.repeat(200_000);
    expect(await cuts(`a\n${long}\nb\n`, 2)).toEqual([0, 200_003]);
    expect(await cuts(`a\n${long}\n${long}\nb\n`, 3)).toEqual([0, 200_003, 400_004]);
  });
});
