import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shapedRecordHash } from '../../src/logbook/line-check.js';
import { GENESIS, recordHash, serializeRecord, type LogbookRecord } from '../../src/logbook/record.js';
import { verifyLogbook } from '../../src/logbook/verify.js';
// @ts-expect-error: the benchmark's generator is plain JavaScript
import { generateLogbook } from '../../bench/gen-logbook.mjs';
import { makeTmp, removeTmp } from '../support/tmp.js';

// The verify fast path (top-level fields written in key order, data sorted and stringified natively,
// hex patterns checked only on a failing line, whole-line runs read in 1 MiB chunks) must give the
// bytes `canonicalize` gives and report exactly what the plain rules report.

let dir: string;
beforeEach(async () => {
  dir = await makeTmp();
});
afterEach(async () => removeTmp(dir));

/** The hash as the `canonicalize` package writes it: the reference. */
const reference = (r: object) => createHash('sha256').update(canonicalize(r)!).digest('hex');

function rec(seq: number, prev: string, data: unknown, extra: Partial<LogbookRecord> = {}): LogbookRecord {
  const unhashed = {
    seq,
    ts: '2026-03-01T10:00:00Z',
    prev_hash: prev,
    kind: 'attest',
    substrate: 'aws' as const,
    env: 'shop_stage',
    actor: 'op',
    data,
    ...extra,
  };
  return { ...unhashed, hash: reference(unhashed) };
}

const HOSTILE: unknown[] = [
  { note: 'quote " backslash \\ newline \n tab \t nul \u0000 del \u007f ls \u2028 ps \u2029' },
  { 'ünïcode ✓': 'é', '\u{1F600}': ['\u{1F600}', 'a\u{10FFFF}b'], A: 1, a: 2, _: 3, '': 4 },
  { 10: 'index-like', 9: 'keys', 1.5: 'not index', '01': 'not index', nested: { 2: [{ 100: null, b: true }] } },
  JSON.parse('{"__proto__": {"x": 1}, "constructor": "c", "toJSON": "not a function"}'),
  { numbers: [0, -0, 1e21, 1e-7, 0.1, -123.456, 2 ** 53, 5e-324, 1.7976931348623157e308] },
  [],
  {},
  null,
  'a string',
  { deep: JSON.parse('['.repeat(60) + ']'.repeat(60)) },
];

describe('the fast record hash', () => {
  it('equals the canonicalize reference on hostile strings, keys and numbers, with and without data', () => {
    for (const data of HOSTILE) {
      const r = JSON.parse(serializeRecord(rec(1, GENESIS, data))) as LogbookRecord; // as verify sees it: parsed from the line
      expect(shapedRecordHash(r)).toBe(r.hash);
      expect(recordHash(r)).toBe(r.hash);
    }
    const { data: _d, hash: _h, ...noData } = rec(1, GENESIS, null);
    const r = { ...noData, hash: reference(noData) } as LogbookRecord;
    expect(shapedRecordHash(r)).toBe(r.hash);
    const odd = rec(1, GENESIS, 'x', { actor: 'ärn "quoted"\n', env: '\u2028', kind: 'k\\', ts: '\u{1F600}' });
    expect(shapedRecordHash(JSON.parse(serializeRecord(odd)) as LogbookRecord)).toBe(odd.hash);
  });

  it('refuses what canonicalize refuses, with its error: a lone surrogate in data or a top-level string, Infinity', () => {
    const lone = (extra: Partial<LogbookRecord>) => ({ ...rec(1, GENESIS, null), ...extra });
    for (const r of [lone({ data: { a: '\ud800' } }), lone({ data: { '\udc00': 1 } }), lone({ actor: 'x\ud800' }), lone({ ts: '\udfff' })])
      expect(() => shapedRecordHash(r)).toThrow('Lone surrogate is not allowed');
    const inf = JSON.parse(serializeRecord(rec(1, GENESIS, 0)).replace('"data":0', '"data":1e999')) as LogbookRecord;
    expect(() => shapedRecordHash(inf)).toThrow('Infinity is not allowed');
  });

  it('verifies a logbook the benchmark generator hashed with canonicalize itself', async () => {
    const file = generateLogbook(path.join(dir, 'gen.jsonl'), 3000) as string;
    expect(await verifyLogbook(file)).toEqual({ ok: true, records: 3000 });
  });
});

describe('the fast path reports what the rules say, in their order', () => {
  const file = () => path.join(dir, 'l.jsonl');
  const write = (lines: string[]) => writeFile(file(), lines.map((l) => l + '\n').join(''));

  it('a prev_hash or hash that is not hex is a shape problem even when seq or the link is also wrong', async () => {
    const r1 = rec(1, GENESIS, { n: 1 });
    const bad = { ...rec(3, 'NOT-HEX', { n: 2 }) };
    await write([serializeRecord(r1).trimEnd(), JSON.stringify(bad)]);
    expect(await verifyLogbook(file())).toEqual({
      ok: false,
      line: 2,
      seq: 3,
      reason: expect.stringMatching(/^not a logbook record \(prev_hash: /),
    });
    await write([serializeRecord(r1).trimEnd(), JSON.stringify({ ...rec(2, r1.hash, { n: 2 }), hash: 'x'.repeat(64) })]);
    expect(await verifyLogbook(file())).toMatchObject({
      ok: false,
      line: 2,
      seq: 2,
      reason: expect.stringMatching(/^not a logbook record \(hash: /),
    });
  });

  it('lines across 1 MiB read chunks and lines longer than a chunk verify, and a break after them keeps its line number', async () => {
    const recs: LogbookRecord[] = [];
    for (const size of [700_000, 700_000, 2_500_000, 10, 900_000])
      recs.push(rec(recs.length + 1, recs.at(-1)?.hash ?? GENESIS, { blob: 'ü'.repeat(size / 2) }));
    await write(recs.map((r) => serializeRecord(r).trimEnd()));
    expect(await verifyLogbook(file())).toEqual({ ok: true, records: 5 });
    await write([...recs.map((r) => serializeRecord(r).trimEnd()), JSON.stringify({ ...rec(6, recs[4]!.hash, 1), actor: 'mallory' })]);
    expect(await verifyLogbook(file())).toEqual({
      ok: false,
      line: 6,
      seq: 6,
      reason: 'hash does not match the record (edited after it was written)',
    });
    await writeFile(file(), recs.map((r) => serializeRecord(r)).join('') + '{"seq":6,' + 'x'.repeat(1_500_000));
    expect(await verifyLogbook(file())).toEqual({
      ok: false,
      line: 6,
      reason: 'torn last line: no trailing newline (an interrupted write?)',
    });
  });
});
