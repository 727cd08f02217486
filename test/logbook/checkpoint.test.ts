import { createHash } from 'node:crypto';
import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mac, machineKey } from '../../src/core/machine-key.js';
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

  it('a prefix longer than one read: an edit in any MiB of it means a full verification; intact, it resumes', async () => {
    // ~1 KB records: the prefix is read 1 MiB at a time into one reused buffer (line-runs.ts readPrefix).
    const recs: LogbookRecord[] = [];
    for (const r of chain(3_000)) {
      const { hash: _old, ...rest } = r;
      const linked = { ...rest, data: { ...(r.data as object), pad: 'p'.repeat(1_000) }, prev_hash: recs.at(-1)?.hash ?? GENESIS };
      recs.push({ ...linked, hash: recordHash(linked) });
    }
    const good = text(recs);
    expect(Buffer.byteLength(good)).toBeGreaterThan(3 * (1 << 20));
    for (const mib of [0, 1, 2]) {
      await writeFile(file, good);
      expect((await verifyFromCheckpoint(file, opts())).result.ok).toBe(true); // the checkpoint at the end
      const bytes = Buffer.from(good);
      const at = bytes.indexOf('"pad":"p', mib * (1 << 20) + 10) + 8; // one byte of a pad in that MiB, same length
      bytes[at] = 'q'.charCodeAt(0);
      await writeFile(file, bytes);
      const r = await verifyFromCheckpoint(file, opts());
      expect([r.resumed, r.result]).toEqual([false, await verifyLogbook(file)]);
      expect(r.result.ok).toBe(false);
    }
    // Intact, it resumes: the digest of all 3 MiB and more read in pieces is the one a whole read gives.
    await writeFile(file, good);
    await verifyFromCheckpoint(file, opts());
    await appendFile(file, text(chain(1, recs).slice(-1)));
    expect(await verifyFromCheckpoint(file, opts())).toMatchObject({ resumed: true, result: { ok: true, records: 3_001 } });
  });

  it('a logbook gone since its checkpoint was written reads as a full verification of no file does', async () => {
    await writeFile(file, text(chain(5)));
    expect((await verifyFromCheckpoint(file, opts())).result.ok).toBe(true);
    await rm(file);
    const r = await verifyFromCheckpoint(file, opts());
    expect([r.resumed, r.result, r.records]).toEqual([false, await verifyLogbook(file), []]);
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

// The checkpoint's own rules, in-process (the CLI suite reaches them only through the built binary,
// where a mutant never runs): a checkpoint signed with the real key is still used only when what it
// says is sane, is written only when the chain moved on, and is kept private.
describe('the checkpoint file', () => {
  const checkpointFile = async () => {
    const names = (await readdir(path.join(dir, 'cache'))).filter((f) => f.startsWith('logbook-') && f.endsWith('.json'));
    expect(names).toHaveLength(1);
    return path.join(dir, 'cache', names[0]!);
  };
  const resign = async (file: string, edit: (cp: Record<string, unknown> & { point: Record<string, unknown> }) => void) => {
    const raw = JSON.parse(await readFile(file, 'utf8')) as { body: string };
    const cp = JSON.parse(raw.body) as Record<string, unknown> & { point: Record<string, unknown> };
    edit(cp);
    const body = JSON.stringify(cp);
    await writeFile(file, JSON.stringify({ mac: mac(machineKey(false)!, body), body }));
  };

  it('says what it is, whose logbook, and where the chain stood; readable by its owner only', async () => {
    const recs = chain(7);
    await writeFile(file, text(recs));
    await verifyFromCheckpoint(file, opts());
    const cpFile = await checkpointFile();
    expect((await stat(cpFile)).mode & 0o777).toBe(0o600);
    const body = JSON.parse((JSON.parse(await readFile(cpFile, 'utf8')) as { body: string }).body) as Record<string, unknown>;
    expect(body).toMatchObject({
      format: 'gatewalk.logbook-checkpoint/v1',
      logbook: path.resolve(file),
      point: { seq: 7, hash: recs[6]!.hash, line: 7, offset: Buffer.byteLength(text(recs)) },
    });
    expect(await readdir(path.join(dir, 'cache'))).toHaveLength(1); // no temporary file left
  });

  it('an empty logbook writes none; an unchanged one is not rewritten', async () => {
    await writeFile(file, '');
    expect(await verifyFromCheckpoint(file, opts())).toMatchObject({ result: { ok: true, records: 0 }, resumed: false });
    expect(await readdir(dir)).not.toContain('cache');
    await writeFile(file, text(chain(4)));
    await verifyFromCheckpoint(file, opts());
    const cpFile = await checkpointFile();
    const before = await readFile(cpFile, 'utf8');
    await resign(cpFile, () => {}); // same body, the same MAC: byte-identical unless rewritten with a new layout
    const { mtimeMs, ino } = await stat(cpFile);
    await new Promise((r) => setTimeout(r, 20));
    expect(await verifyFromCheckpoint(file, opts())).toMatchObject({ resumed: true });
    expect(await stat(cpFile)).toMatchObject({ mtimeMs, ino });
    expect(JSON.parse(await readFile(cpFile, 'utf8'))).toEqual(JSON.parse(before));
  });

  const insane: Array<[string, (cp: Record<string, unknown> & { point: Record<string, unknown> }) => void]> = [
    ['another format', (cp) => void (cp.format = 'gatewalk.logbook-checkpoint/v0')],
    ['another logbook', (cp) => void (cp.logbook = `${cp.logbook as string}.other`)],
    ['a prefix digest that is not hex', (cp) => void (cp.prefix_sha256 = 'z'.repeat(64))],
    ['carried records that are not a list', (cp) => void (cp.carried = {})],
    ['seq 0', (cp) => void (cp.point.seq = 0)],
    ['a fractional line', (cp) => void (cp.point.line = 2.5)],
    ['a negative offset', (cp) => void (cp.point.offset = -1)],
    ['a head hash that is not hex', (cp) => void (cp.point.hash = 'z'.repeat(64))],
  ];
  it('a body edited without the key, or signed with another key, is not used', async () => {
    const recs = chain(12); // record 10 is carried
    await writeFile(file, text(recs));
    await verifyFromCheckpoint(file, opts());
    const cpFile = await checkpointFile();
    const raw = JSON.parse(await readFile(cpFile, 'utf8')) as { mac: string; body: string };
    const emptied = raw.body.replace(/"carried":\[.*\]\}$/, '"carried":[]}');
    expect(emptied).not.toBe(raw.body);
    for (const forged of [
      { mac: raw.mac, body: emptied }, // the old MAC over an edited body
      { mac: mac(Buffer.alloc(32, 7), emptied), body: emptied }, // a MAC by another key
      { body: emptied }, // no MAC
    ]) {
      await writeFile(cpFile, JSON.stringify(forged));
      const read = await verifyFromCheckpoint(file, opts());
      expect(read).toMatchObject({ result: { ok: true, records: 12 }, resumed: false });
      expect(read.records).toHaveLength(12);
    }
  });

  it.each(insane)('signed with the real key but with %s: not used (verified from record 1)', async (_what, edit) => {
    const recs = chain(6);
    await writeFile(file, text(recs));
    await verifyFromCheckpoint(file, opts());
    await resign(await checkpointFile(), (cp) => {
      cp.carried = []; // were it used, the records before the point would be missing from the answer
      edit(cp);
    });
    const read = await verifyFromCheckpoint(file, opts());
    expect(read).toMatchObject({ result: { ok: true, records: 6 }, resumed: false });
    expect(read.records).toHaveLength(6);
  });
});
