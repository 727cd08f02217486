import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendLogbook, readLogbookTail } from '../../src/logbook/logbook.js';
import { GENESIS, LOGBOOK_KINDS, recordHash } from '../../src/logbook/record.js';
import { verifyLogbook } from '../../src/logbook/verify.js';
import { fixedClock, makeTmp, removeTmp } from '../support/tmp.js';

const clock = fixedClock('2026-02-13T21:42:23.456Z');
const entry = (n: number, data: unknown = { n }) => ({
  kind: LOGBOOK_KINDS.attest,
  substrate: 'sandbox' as const,
  env: 'dev_min',
  actor: 'op',
  data,
});

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await makeTmp();
  file = path.join(dir, 'nested', 'platform.logbook.jsonl');
});
afterEach(async () => {
  await removeTmp(dir);
});

async function chainOf(n: number): Promise<void> {
  for (let i = 1; i <= n; i++) await appendLogbook(file, entry(i), clock);
}

describe('appendLogbook + verifyLogbook', () => {
  it('writes a chain that verifies, one canonical-hashed record per line', async () => {
    const first = await appendLogbook(file, { ...entry(1), ts: '2026-01-01T00:00:00.000Z' }, clock);
    expect(first).toMatchObject({ seq: 1, prev_hash: GENESIS, ts: '2026-01-01T00:00:00.000Z', kind: 'attest', data: { n: 1 } });
    const second = await appendLogbook(file, entry(2), clock);
    const third = await appendLogbook(file, entry(3), clock);
    expect(second.prev_hash).toBe(first.hash);
    expect(third).toMatchObject({ seq: 3, prev_hash: second.hash, ts: '2026-02-13T21:42:23.456Z' });
    expect(recordHash(third)).toBe(third.hash);
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines).toHaveLength(4);
    expect(Object.keys(JSON.parse(lines[0]!))).toEqual(['seq', 'ts', 'prev_hash', 'hash', 'kind', 'substrate', 'env', 'actor', 'data']);
    expect(await verifyLogbook(file)).toEqual({ ok: true, records: 3 });
  });

  it("writes data's keys in RFC 8785 order (the hash is the same either way); lines in any key order still verify", async () => {
    const data = { phase: 'M4.C', step: 'roles', note: 'ok', nested: { z: 1, a: [{ y: 2, b: 3 }] } };
    const rec = await appendLogbook(file, entry(1, data), clock);
    const line = (await readFile(file, 'utf8')).trimEnd();
    expect(line.slice(line.indexOf('"data":'))).toBe(
      '"data":{"nested":{"a":[{"b":3,"y":2}],"z":1},"note":"ok","phase":"M4.C","step":"roles"}}',
    );
    expect(JSON.parse(line)).toEqual(rec);
    expect(recordHash(JSON.parse(line))).toBe(rec.hash);
    // A line written by an earlier gatewalk (data in the order it was given) verifies as well, and the chain goes on from it.
    const { hash: _h, ...rest } = JSON.parse(line);
    const unsorted = { ...rest, data };
    await writeFile(file, JSON.stringify({ ...unsorted, hash: recordHash(unsorted) }) + '\n');
    await appendLogbook(file, entry(2, { b: 1, a: 2 }), clock);
    expect(await verifyLogbook(file)).toEqual({ ok: true, records: 2 });
    expect((await readFile(file, 'utf8')).split('\n')[1]).toContain('"data":{"a":2,"b":1}');
  });

  it('a missing or empty logbook verifies as empty', async () => {
    expect(await verifyLogbook(file)).toEqual({ ok: true, records: 0 });
  });

  it.each([
    ['0x01', 0x01],
    ['0x20', 0x20],
    ['0x80', 0x80],
  ])('flipping any single byte (xor %s) fails verify and names its line', async (_name, mask) => {
    await chainOf(3);
    const original = await readFile(file);
    for (let i = 0; i < original.length; i++) {
      const bad = Buffer.from(original);
      bad[i] = bad[i]! ^ mask;
      await writeFile(file, bad);
      const result = await verifyLogbook(file);
      const line = original.subarray(0, i).filter((b) => b === 0x0a).length + 1;
      expect(result, `byte ${i}`).toMatchObject({ ok: false, line });
    }
  });

  it('reports broken seq and chain with the record seq', async () => {
    await chainOf(3);
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    await writeFile(file, [lines[0], lines[2]].join('\n') + '\n');
    expect(await verifyLogbook(file)).toMatchObject({ ok: false, line: 2, seq: 3, reason: expect.stringMatching(/not monotonic/) });
  });

  it('detects a torn last line, and append refuses to chain onto it', async () => {
    await chainOf(2);
    await appendFile(file, '{"seq":3,"ts":"2026-02-13T21:4');
    expect(await verifyLogbook(file)).toMatchObject({ ok: false, line: 3, reason: expect.stringMatching(/torn/) });
    await expect(appendLogbook(file, entry(3), clock)).rejects.toThrow(/platform\.logbook\.jsonl.*line 3/);
    await expect(appendLogbook(file, entry(3), clock)).rejects.toMatchObject({
      tryMessage: expect.stringContaining('gatewalk logbook verify'),
    });
  });

  it('append refuses when the last complete line is garbage or edited', async () => {
    await chainOf(2);
    await appendFile(file, 'not json\n');
    await expect(appendLogbook(file, entry(3), clock)).rejects.toThrow(/not a valid logbook record at line 3/);
    const lines = (await readFile(file, 'utf8')).split('\n').slice(0, 2);
    await writeFile(file, lines[0] + '\n' + lines[1]!.replace('"n":2', '"n":5') + '\n');
    await expect(appendLogbook(file, entry(3), clock)).rejects.toThrow(/does not match its hash.*line 2/);
  });

  it('masks secrets before hashing and writing', async () => {
    const data = {
      password: 'hunter2',
      SSM_DB_PASSWORD_PATH: '/fraud-platform/dev_min/db/password',
      api_key: 'arn:aws:ssm:eu-west-2:111122223333:parameter/fraud-platform/dev_min/ig/api_key',
      note: 'used AKIAIOSFODNN7EXAMPLE with aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      raw: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      image_git_sha: '799d398a7daf34857cf363c9a1a629c40ec25d5e',
      token_count: 3,
    };
    const rec = await appendLogbook(file, entry(1, data), clock);
    const text = await readFile(file, 'utf8');
    for (const secret of ['hunter2', 'AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI']) expect(text).not.toContain(secret);
    expect(rec.data).toEqual({
      password: '***',
      SSM_DB_PASSWORD_PATH: '/fraud-platform/dev_min/db/password',
      api_key: data.api_key,
      note: 'used *** with aws_secret_access_key=***',
      raw: '***',
      image_git_sha: data.image_git_sha,
      token_count: 3,
    });
    expect(await verifyLogbook(file)).toEqual({ ok: true, records: 1 });
  });

  it('many parallel appends go through the lock one at a time', async () => {
    await Promise.all(Array.from({ length: 30 }, (_, i) => appendLogbook(file, entry(i), clock)));
    expect(await verifyLogbook(file)).toEqual({ ok: true, records: 30 });
    const ns = (await readLogbookTail(file, 100)).map((r) => (r.data as { n: number }).n);
    expect(new Set(ns).size).toBe(30);
  });
});

describe('readLogbookTail', () => {
  it('returns the last n records oldest first, and [] for a missing logbook', async () => {
    expect(await readLogbookTail(file, 5)).toEqual([]);
    await chainOf(5);
    expect((await readLogbookTail(file, 2)).map((r) => r.seq)).toEqual([4, 5]);
    expect((await readLogbookTail(file, 50)).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('reads across chunk boundaries of a big logbook', async () => {
    const big = 'x'.repeat(23_000);
    for (let i = 1; i <= 12; i++) await appendLogbook(file, entry(i, { n: i, big, emoji: '🧾'.repeat(i) }), clock);
    for (const n of [1, 3, 7, 12]) {
      expect((await readLogbookTail(file, n)).map((r) => r.seq)).toEqual(Array.from({ length: n }, (_, k) => 13 - n + k));
    }
    expect(await verifyLogbook(file)).toEqual({ ok: true, records: 12 });
  });
});
