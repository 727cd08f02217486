import { createHash } from 'node:crypto';
import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyFromCheckpoint } from '../../src/logbook/checkpoint.js';
import { readCheckedChain } from '../../src/logbook/read-chain.js';
import { GENESIS, recordHash, serializeRecord, type LogbookRecord } from '../../src/logbook/record.js';
import { verifyLogbook } from '../../src/logbook/verify.js';
import { makeTmp, removeTmp } from '../support/tmp.js';

// The checkpoint module on its own (the CLI suite drives it through `status` on both programs):
// it resumes only when its MAC and the digest of the bytes before it hold, and then reports
// exactly what a verification from the first line reports.

let dir: string;
let file: string;
const saved = process.env.XDG_CACHE_HOME;
beforeEach(async () => {
  dir = await makeTmp();
  file = path.join(dir, 'logbook.jsonl');
  process.env.XDG_CACHE_HOME = await mkdtemp(path.join(dir, 'key-'));
});
afterEach(async () => {
  if (saved === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = saved;
  await removeTmp(dir);
});

function chain(n: number, from: LogbookRecord[] = []): LogbookRecord[] {
  const out = [...from];
  while (out.length < from.length + n) {
    const seq = out.length + 1;
    const unhashed = {
      seq,
      ts: '2026-03-01T10:00:00Z',
      prev_hash: out.at(-1)?.hash ?? GENESIS,
      kind: seq % 10 === 0 ? 'keep' : 'attest',
      substrate: 'aws' as const,
      env: 'shop_stage',
      actor: 'op',
      data: { n: seq, text: 'ünïcode ✓' },
    };
    out.push({ ...unhashed, hash: recordHash(unhashed) });
  }
  return out;
}
const text = (recs: LogbookRecord[]) => recs.map(serializeRecord).join('');
const opts = () => ({
  dir: path.join(dir, 'cache'),
  carry: (rs: readonly LogbookRecord[]) => rs.filter((r) => r.kind === 'keep'),
  enabled: true,
});

describe('verifyFromCheckpoint', () => {
  it('verifies whole and writes a checkpoint, then resumes after it: carried records, then every record since', async () => {
    const recs = chain(30);
    await writeFile(file, text(recs));
    const first = await verifyFromCheckpoint(file, opts());
    expect(first).toMatchObject({ result: { ok: true, records: 30 }, resumed: false, last: { seq: 30, hash: recs[29]!.hash, line: 30 } });
    expect(first.records).toHaveLength(30);
    const more = chain(5, recs);
    await appendFile(file, text(more.slice(30)));
    const second = await verifyFromCheckpoint(file, opts());
    expect(second).toMatchObject({ result: { ok: true, records: 35 }, resumed: true, last: { seq: 35, hash: more[34]!.hash, line: 35 } });
    expect(second.records.map((r) => r.seq)).toEqual([10, 20, 30, 31, 32, 33, 34, 35]);
    const third = await verifyFromCheckpoint(file, opts()); // nothing new: resumes at the end
    expect(third).toMatchObject({ result: { ok: true, records: 35 }, resumed: true });
    expect(third.records.map((r) => r.seq)).toEqual([10, 20, 30]);
  });

  it('never resumes over an edit, a truncation or a torn tail; it reports what the full verification reports', async () => {
    const recs = chain(30);
    const good = text(recs);
    const cases = [
      good.replace('"n":3,', '"n":4,'), // an edit before the checkpoint, same length
      good.slice(0, good.indexOf('\n', good.length - 900) + 1), // fewer records than the checkpoint
      good.slice(0, -20), // torn inside the checkpoint's record
      good + text(chain(2, recs).slice(30)).replace('"actor":"op"', '"actor":"mallory"'), // a break after it
    ];
    for (const bytes of cases) {
      await writeFile(file, good);
      expect((await verifyFromCheckpoint(file, opts())).result.ok).toBe(true);
      await writeFile(file, bytes);
      const r = await verifyFromCheckpoint(file, opts());
      expect(r.result).toEqual(await verifyLogbook(file));
      expect(r.resumed).toBe(false);
    }
  });

  it('ignores a checkpoint whose MAC does not verify, or that names another logbook; writes none when off', async () => {
    const cache = path.join(dir, 'cache');
    const nameFor = (f: string) =>
      path.join(cache, `logbook-${createHash('sha256').update(path.resolve(f)).digest('hex').slice(0, 32)}.json`);
    await writeFile(file, text(chain(12)));
    await verifyFromCheckpoint(file, opts());
    const raw = JSON.parse(await readFile(nameFor(file), 'utf8')) as { mac: string; body: string };
    await writeFile(nameFor(file), JSON.stringify({ mac: raw.mac, body: raw.body.replace('"seq":12', '"seq":11') }));
    expect((await verifyFromCheckpoint(file, opts())).resumed).toBe(false); // and a good one is written again
    expect((await verifyFromCheckpoint(file, opts())).resumed).toBe(true);
    // The same bytes in another file: its checkpoint is genuine, but not this logbook's.
    const other = path.join(dir, 'other.jsonl');
    await writeFile(other, text(chain(12)));
    await rm(cache, { recursive: true });
    await verifyFromCheckpoint(other, opts());
    await writeFile(nameFor(file), await readFile(nameFor(other)));
    expect((await verifyFromCheckpoint(file, opts())).resumed).toBe(false);
    await rm(cache, { recursive: true });
    expect((await verifyFromCheckpoint(file, { ...opts(), enabled: false })).resumed).toBe(false);
    await expect(readdir(cache)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('readCheckedChain', () => {
  it('hands back the records and the head of a chain that verifies, and refuses a broken one as tampering (exit 3)', async () => {
    const recs = chain(12);
    await writeFile(file, text(recs));
    const read = await readCheckedChain(file, opts());
    expect(read.head).toEqual({ seq: 12, hash: recs[11]!.hash });
    expect(read.records.map((r) => r.seq)).toEqual(recs.map((r) => r.seq));
    const broken = text(recs).replace('"n":5', '"n":6');
    await writeFile(file, broken);
    await expect(readCheckedChain(file, opts())).rejects.toMatchObject({
      exitCode: 3,
      message: expect.stringMatching(/^tampering: .*:5: /),
    });
  });
});
