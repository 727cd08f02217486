import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SegmentTask, walkSegment } from '../../src/logbook/chain-walk.js';
import type { LogbookRecord } from '../../src/logbook/record.js';
import { cutPoints, LEAD_BYTES, PART_BYTES, partsFor, verifyLogbookIndexed, walkInWorker } from '../../src/logbook/verify-parallel.js';
import { verifyLogbook, type VerifyResult } from '../../src/logbook/verify.js';
// @ts-expect-error: the benchmark's generator is plain JavaScript
import { generateLogbook } from '../../bench/gen-logbook.mjs';
import { SHOP } from '../fixtures/programs.js';
import { makeTmp, removeTmp } from '../support/tmp.js';

// `logbook verify` cut into segments (verify-parallel.ts): whatever the cut, the verdict is the one
// a walk from the first line gives — the same first break (line, seq, reason), or ok with every
// record's hash and the records kept. Here the segments are walked in this thread (vitest runs the
// sources); test/cli/logbook-verify-parallel.test.ts runs them in workers through the built binary.

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

  it('each part but the first goes to the walker (a worker in the built binary), with its bytes and the kinds kept', async () => {
    const file = path.join(dir, 'w.jsonl');
    await writeFile(file, join(await generated(env, substrate, 30)));
    const handed: SegmentTask[] = [];
    const walk = (t: SegmentTask) => (handed.push(t), walkSegment(t));
    expect((await verifyLogbookIndexed(file, KEEP, { parts: 3, walk })).result).toEqual({ ok: true, records: 30 });
    const [, second, third] = await cutPoints(file, (await readFile(file)).length, 3);
    expect(handed).toStrictEqual([
      { file, start: second, end: third, keep: KEEP },
      { file, start: third, keep: KEEP }, // to the end of the file, wherever it is by then
    ]);
    handed.length = 0;
    await verifyLogbookIndexed(file, KEEP, { walk }); // a small logbook: one part, walked here
    expect(handed).toEqual([]);
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
          const got = await verifyLogbookIndexed(file, KEEP, { parts });
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

describe('walkInWorker', () => {
  const fixture = (name: string) => (options: WorkerOptions) => new Worker(new URL(`./fixtures/${name}`, import.meta.url), options);
  const task = { file: 'logbook.jsonl', start: 12, end: 34, keep: ['repin'] };

  it('hands the worker its part and answers what it posts', async () => {
    expect(await walkInWorker(task, fixture('echo-worker.mjs'))).toEqual({ echo: task });
  });

  it('a worker that throws or ends without answering fails the verification (never an empty part)', async () => {
    await expect(walkInWorker(task, fixture('throwing-worker.mjs'))).rejects.toThrow('EACCES: permission denied, open logbook.jsonl');
    await expect(walkInWorker(task, fixture('silent-worker.mjs'))).rejects.toThrow(
      'logbook verify: a worker exited (code 7) before it answered',
    );
  });
});

describe('partsFor', () => {
  it('one part per core, each at least PART_BYTES, never none', () => {
    expect(partsFor(0, 2)).toBe(1);
    expect(partsFor(2 * PART_BYTES - 1, 2)).toBe(1);
    expect(partsFor(2 * PART_BYTES, 2)).toBe(2);
    expect(partsFor(100 * PART_BYTES, 2)).toBe(2);
    expect(partsFor(3 * PART_BYTES, 8)).toBe(3);
    expect(partsFor(100 * PART_BYTES, 1)).toBe(1);
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

  it('the first part is LEAD_BYTES longer than the others (a 2·parts-th of a small file)', async () => {
    const text = 'abcdefghi\n'.repeat(20); // 200 bytes: a lead of 50 for 2 parts, 33 for 3
    expect(await cuts(text, 2)).toEqual([0, 130]);
    expect(await cuts(text, 3)).toEqual([0, 90, 150]);
    const big = ('y'.repeat(1023) + '\n').repeat(5 * (LEAD_BYTES >> 10)); // 5 leads: one lead, then two each
    expect(await cuts(big, 2)).toEqual([0, 3 * LEAD_BYTES + 1024]);
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
