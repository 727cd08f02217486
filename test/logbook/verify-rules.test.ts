import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatewalkError } from '../../src/core/errors.js';
import { readVerifiedHead, readVerifiedKinds } from '../../src/logbook/read-verified.js';
import { GENESIS, recordHash, serializeRecord, type LogbookRecord } from '../../src/logbook/record.js';
import { countLines } from '../../src/logbook/line-runs.js';
import { verifyLogbook } from '../../src/logbook/verify.js';
import { makeTmp, removeTmp } from '../support/tmp.js';

// Every rule of `logbook verify` and of the verified read that phase state trusts, one by one on
// small hand-built files (fast enough to pin each mutant of verify.ts and read-chain.ts).

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await makeTmp();
  file = path.join(dir, 'shop.logbook.jsonl');
});
afterEach(async () => removeTmp(dir));

/** A valid chain of `n` records (shop_stage, sandbox), of the kinds `kindOf` gives. */
function chain(n: number, kindOf: (seq: number) => string = () => 'attest'): LogbookRecord[] {
  const out: LogbookRecord[] = [];
  for (let seq = 1; seq <= n; seq++) {
    const unhashed = {
      seq,
      ts: `2026-03-01T10:00:0${seq}Z`,
      prev_hash: out.at(-1)?.hash ?? GENESIS,
      kind: kindOf(seq),
      substrate: 'sandbox' as const,
      env: 'shop_stage',
      actor: 'op',
      data: { n: seq },
    };
    out.push({ ...unhashed, hash: recordHash(unhashed) });
  }
  return out;
}
const write = (lines: string[]) => writeFile(file, lines.map((l) => l + '\n').join(''));
const lines = (recs: LogbookRecord[]) => recs.map((r) => serializeRecord(r).trimEnd());

describe('verifyLogbook rules', () => {
  it('a valid chain: ok with its record count, each record handed to onRecord in order', async () => {
    const recs = chain(3);
    await write(lines(recs));
    const seen: number[] = [];
    expect(await verifyLogbook(file, (r) => seen.push(r.seq))).toEqual({ ok: true, records: 3 });
    expect(seen).toEqual([1, 2, 3]);
  });

  it('a missing logbook is empty and ok', async () => {
    expect(await verifyLogbook(path.join(dir, 'none.jsonl'))).toEqual({ ok: true, records: 0 });
  });

  it('an empty line and a line that is not JSON are named as such', async () => {
    await write([lines(chain(1))[0]!, '']);
    expect(await verifyLogbook(file)).toEqual({ ok: false, line: 2, reason: 'empty line' });
    await write(['{"seq":1,']);
    expect(await verifyLogbook(file)).toMatchObject({ ok: false, line: 1, reason: expect.stringMatching(/^not valid JSON \(.+\)$/) });
  });

  it('valid JSON of the wrong shape: the field and the problem, with the seq it claims', async () => {
    const [r1, r2] = chain(2);
    const { ts: _ts, ...noTs } = r2!;
    await write([lines([r1!])[0]!, JSON.stringify(noTs)]);
    expect(await verifyLogbook(file)).toEqual({
      ok: false,
      line: 2,
      seq: 2,
      reason: 'not a logbook record (ts: Invalid input: expected string, received undefined)',
    });
  });

  it('a shape problem with no field (not an object) says "record" and names no seq', async () => {
    await write(['[1,2]']);
    const r = await verifyLogbook(file);
    expect(r).toEqual({ ok: false, line: 1, reason: 'not a logbook record (record: Invalid input: expected object, received array)' });
    expect(r).not.toHaveProperty('seq');
    await write(['{"seq":"7"}']);
    expect(await verifyLogbook(file)).toEqual({
      ok: false,
      line: 1,
      reason: 'not a logbook record (seq: Invalid input: expected number, received string)',
    });
  });

  it('a JSON null line is a shape problem, not a crash', async () => {
    await write(['null']);
    expect(await verifyLogbook(file)).toEqual({
      ok: false,
      line: 1,
      reason: 'not a logbook record (record: Invalid input: expected object, received null)',
    });
  });

  it('a read error other than a missing file is thrown, never reported as an empty logbook', async () => {
    await expect(verifyLogbook(dir)).rejects.toMatchObject({ code: 'EISDIR' });
  });

  it('a record longer than a read chunk verifies; countLines counts a torn last line too', async () => {
    const [r1] = chain(1);
    const big = { ...r1!, data: { blob: 'x'.repeat(200_000) } };
    const { hash: _h, ...unhashed } = big;
    await write(lines([{ ...unhashed, hash: recordHash(unhashed) }]));
    expect(await verifyLogbook(file)).toEqual({ ok: true, records: 1 });
    await writeFile(file, lines(chain(2)).join('\n') + '\n{"seq":3');
    expect(await countLines(file)).toBe(3);
  });

  it('an extra field is a shape problem, not ignored', async () => {
    const [r1] = chain(1);
    await write([JSON.stringify({ ...r1, extra: 1 })]);
    expect(await verifyLogbook(file)).toEqual({ ok: false, line: 1, seq: 1, reason: expect.stringMatching(/^not a logbook record/) });
  });

  it('seq must count up from 1 by one: the seq found and the one expected', async () => {
    const recs = chain(3);
    await write(lines([recs[1]!]));
    expect(await verifyLogbook(file)).toEqual({ ok: false, line: 1, seq: 2, reason: 'seq 2 where 1 was expected (not monotonic)' });
    await write(lines([recs[0]!, recs[2]!]));
    expect(await verifyLogbook(file)).toEqual({ ok: false, line: 2, seq: 3, reason: 'seq 3 where 2 was expected (not monotonic)' });
  });

  it('prev_hash must be the previous hash (GENESIS first), and the hash must match the record', async () => {
    const [r1, r2] = chain(2);
    const relinked = { ...r2!, prev_hash: 'f'.repeat(64) };
    await write(lines([r1!, { ...relinked, hash: recordHash(relinked) }]));
    expect(await verifyLogbook(file)).toEqual({
      ok: false,
      line: 2,
      seq: 2,
      reason: 'prev_hash does not match the previous record (chain broken)',
    });
    const first = { ...r1!, prev_hash: 'e'.repeat(64) };
    await write(lines([{ ...first, hash: recordHash(first) }]));
    expect(await verifyLogbook(file)).toMatchObject({ ok: false, line: 1, reason: expect.stringMatching(/chain broken/) });
    await write(lines([r1!, { ...r2!, actor: 'mallory' }]));
    expect(await verifyLogbook(file)).toEqual({
      ok: false,
      line: 2,
      seq: 2,
      reason: 'hash does not match the record (edited after it was written)',
    });
  });

  it('a torn last line fails at its line', async () => {
    await writeFile(file, lines(chain(1))[0] + '\n{"seq":2');
    expect(await verifyLogbook(file)).toEqual({
      ok: false,
      line: 2,
      reason: 'torn last line: no trailing newline (an interrupted write?)',
    });
  });

  it('records after a failure are never handed on', async () => {
    const recs = chain(3);
    await write(lines([recs[0]!, { ...recs[1]!, actor: 'x' }, recs[2]!]));
    const seen: number[] = [];
    await verifyLogbook(file, (r) => seen.push(r.seq));
    expect(seen).toEqual([1]);
  });
});

describe('readVerifiedHead and readVerifiedKinds (the whole chain verified first)', () => {
  it('give the head and the records of the kinds asked for, oldest first; an empty logbook has the genesis head', async () => {
    const recs = chain(5, (seq) => (seq % 2 ? 'attest' : 'verdict.sealed'));
    await write(lines(recs));
    expect(await readVerifiedHead(file)).toEqual({ seq: 5, hash: recs[4]!.hash });
    expect(await readVerifiedKinds(file, ['verdict.sealed'])).toEqual([recs[1], recs[3]]);
    expect(await readVerifiedKinds(file, ['no.such.kind'])).toEqual([]);
    await write([]);
    expect(await readVerifiedHead(file)).toEqual({ seq: 0, hash: GENESIS });
  });

  it('a broken chain is tampering: exit 3, file:line and reason, and what to do, even for a record before the one asked for', async () => {
    const recs = chain(3);
    await write(lines([recs[0]!, { ...recs[1]!, actor: 'mallory' }, recs[2]!]));
    for (const read of [() => readVerifiedHead(file), () => readVerifiedKinds(file, ['attest'])]) {
      const err = await read().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GatewalkError);
      expect(err).toMatchObject({
        message: `tampering: ${file}:2: hash does not match the record (edited after it was written); no phase state is read from a broken logbook`,
        tryMessage: 'run `gatewalk logbook verify`; restore the logbook from a backup (it is append-only: never edit it in place)',
        exitCode: 3,
      });
    }
  });
});
