import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileLines, lineRuns, readPrefix } from '../../src/logbook/line-runs.js';
import { makeTmp, removeTmp } from '../support/tmp.js';

// The two line readers under the chain check, byte for byte: what `logbook verify` reports as
// "line N" and which bytes the checkpoint digests depend on them. Lines longer than a read chunk
// (64 KiB for fileLines, 1 MiB for lineRuns) are where a reader loses or repeats bytes.

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await makeTmp();
  file = path.join(dir, 'lines.jsonl');
});
afterEach(async () => removeTmp(dir));

const MiB = 1 << 20;

async function lines(text: string) {
  await writeFile(file, text);
  const out: Array<{ line: number; text: string; complete: boolean }> = [];
  for await (const l of fileLines(file)) out.push({ line: l.line, text: l.bytes.toString(), complete: l.complete });
  return out;
}

async function runs(text: string, start = 0, end?: number) {
  await writeFile(file, text);
  const out: Array<{ buf: Buffer; torn: boolean }> = [];
  for await (const r of lineRuns(file, start, end)) out.push({ buf: Buffer.from(r.buf), torn: r.torn }); // a run is a view of a reused buffer
  return out;
}

describe('fileLines', () => {
  it('numbers lines from 1, marks only a torn last line incomplete, and yields nothing after a final newline', async () => {
    expect(await lines('a\nb\nc')).toEqual([
      { line: 1, text: 'a', complete: true },
      { line: 2, text: 'b', complete: true },
      { line: 3, text: 'c', complete: false },
    ]);
    expect(await lines('a\n\nb\n')).toEqual([
      { line: 1, text: 'a', complete: true },
      { line: 2, text: '', complete: true },
      { line: 3, text: 'b', complete: true },
    ]);
    expect(await lines('')).toEqual([]);
  });

  it('keeps a line longer than a read chunk whole', async () => {
    const long = 'x'.repeat(200_000);
    expect(await lines(`a\n${long}\nb`)).toEqual([
      { line: 1, text: 'a', complete: true },
      { line: 2, text: long, complete: true },
      { line: 3, text: 'b', complete: false },
    ]);
  });
});

describe('lineRuns', () => {
  it('a small file is one run of whole lines; a file ending in a newline has no torn rest', async () => {
    expect(await runs('a\nb\n')).toEqual([{ buf: Buffer.from('a\nb\n'), torn: false }]);
    expect(await runs('a\nb')).toEqual([
      { buf: Buffer.from('a\n'), torn: false },
      { buf: Buffer.from('b'), torn: true },
    ]);
    expect(await runs('a\nb\nc\n', 2)).toEqual([{ buf: Buffer.from('b\nc\n'), torn: false }]);
    expect(await runs('')).toEqual([]);
  });

  it('across 1 MiB chunks: every byte once, in order, no empty run, each run whole lines, a blank line after a long one kept', async () => {
    const x = 'x'.repeat(1.5 * MiB);
    const y = 'y'.repeat(MiB);
    for (const text of [`${x}\n\n${y}\nz`, `${x}\n${y}\n`, `a\n${x}\n`]) {
      const got = await runs(text);
      expect(Buffer.concat(got.map((r) => r.buf)).equals(Buffer.from(text))).toBe(true);
      expect(got.filter((r) => r.buf.length === 0)).toEqual([]);
      for (const r of got.slice(0, -1)) expect(r).toMatchObject({ torn: false });
      for (const r of got.filter((r) => !r.torn)) expect(r.buf.at(-1)).toBe(0x0a);
      expect(got.at(-1)!.torn).toBe(!text.endsWith('\n'));
    }
  });

  it('a range [start, end) over several chunks: exactly its bytes, each run whole lines, however the lines fall on the 1 MiB reads', async () => {
    const line = (c: string, n: number) => `${c.repeat(n)}\n`;
    const text = line('a', 700_000) + line('b', 900_000) + line('c', 10) + line('d', 1_300_000) + line('e', 5);
    const at = (c: string) => text.indexOf(c);
    for (const [start, end] of [
      [at('b'), at('e')],
      [0, at('d')],
      [at('c'), text.length],
      [at('b'), at('c')],
    ] as const) {
      const got = await runs(text, start, end);
      expect(Buffer.concat(got.map((r) => r.buf)).toString()).toBe(text.slice(start, end));
      for (const r of got) expect(r).toMatchObject({ torn: false });
      for (const r of got) expect(r.buf.at(-1)).toBe(0x0a);
    }
  });

  it('lines exactly one read long: one run each, in order', async () => {
    const text = Array.from({ length: 3 }, (_, i) => `${String(i).repeat(MiB - 1)}\n`).join('');
    await writeFile(file, text);
    const seen: string[] = [];
    for await (const r of lineRuns(file)) seen.push(r.buf.toString('latin1', 0, 1) + r.buf.length);
    expect(seen).toEqual([`0${MiB}`, `1${MiB}`, `2${MiB}`]);
  });

  it('readers one after another reuse one read buffer; readers side by side never share one', async () => {
    const a = path.join(dir, 'a.jsonl');
    const b = path.join(dir, 'b.jsonl');
    await writeFile(a, 'a1\na2\n');
    await writeFile(b, 'b1\nb2\n');
    const under = async (f: string) => {
      for await (const r of lineRuns(f)) return r.buf.buffer; // ends the reader early: its buffer goes back too
    };
    expect((await under(a)) === (await under(b))).toBe(true); // identity, not a diff of two 1 MiB buffers

    const ra = lineRuns(a);
    const rb = lineRuns(b);
    const first = (await ra.next()).value!;
    const other = (await rb.next()).value!;
    expect(first.buf.buffer === other.buf.buffer).toBe(false);
    expect([first.buf.toString(), other.buf.toString()]).toEqual(['a1\na2\n', 'b1\nb2\n']);
    await ra.return(undefined);
    await rb.return(undefined);
  });

  it('keeps at most two read buffers for later readers: three ended side by side give back two', async () => {
    await writeFile(file, 'x1\nx2\n');
    const open3 = async () => {
      const readers = [lineRuns(file), lineRuns(file), lineRuns(file)];
      const bufs: ArrayBufferLike[] = [];
      for (const r of readers) bufs.push((await r.next()).value!.buf.buffer);
      return { bufs, end: () => Promise.all(readers.map((r) => r.return(undefined))) };
    };
    const first = await open3();
    expect(new Set(first.bufs).size).toBe(3);
    await first.end();
    const again = await open3();
    expect(again.bufs.filter((b) => first.bufs.includes(b))).toHaveLength(2); // the third is a fresh one
    await again.end();
  });
});

describe('readPrefix', () => {
  const prefix = async (length: number) => {
    const parts: Buffer[] = [];
    const n = await readPrefix(file, length, (b) => parts.push(Buffer.from(b))); // each is a view of the reused buffer
    return { n, bytes: Buffer.concat(parts) };
  };

  it('feeds exactly the first `length` bytes, in order, whatever the 1 MiB reads cut; a shorter file gives what it has', async () => {
    const text = Buffer.from(Array.from({ length: 2.5 * MiB }, (_, i) => 97 + (i % 26)));
    await writeFile(file, text);
    for (const length of [1, MiB - 1, MiB, MiB + 1, 2 * MiB, text.length]) {
      const got = await prefix(length);
      expect(got.n).toBe(length);
      expect(got.bytes.equals(text.subarray(0, length))).toBe(true);
    }
    expect(await prefix(text.length + 10)).toMatchObject({ n: text.length });
    expect((await prefix(0)).n).toBe(0);
  });

  it("shares lineRuns' read buffers, and a missing file is an error, not an empty prefix", async () => {
    await writeFile(file, 'a\nb\n');
    let seen: ArrayBufferLike | undefined;
    await readPrefix(file, 2, (b) => (seen = b.buffer));
    for await (const r of lineRuns(file)) expect(r.buf.buffer).toBe(seen);
    await expect(readPrefix(path.join(dir, 'gone.jsonl'), 4, () => undefined)).rejects.toThrow(/ENOENT/);
  });
});
