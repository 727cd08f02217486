import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/core/hash.js';
import { mac, machineKey } from '../../src/core/machine-key.js';
import type { Workspace } from '../../src/core/workspace.js';
import { repinEntry } from '../../src/engine/decision-records.js';
import type { PlannedRepin } from '../../src/engine/decisions.js';
import { reconcile } from '../../src/engine/reconcile.js';
import { readReconcileMark, writeReconcileMark } from '../../src/engine/reconcile-mark.js';
import { Recorder } from '../../src/engine/recorder.js';
import { appendImplActualSections, implActualSeqs } from '../../src/logbook/impl-actual.js';
import { appendLogbook, readLogbook, readLogbookFrom, recordAt } from '../../src/logbook/logbook.js';
import { planRegistryRepin } from '../../src/registry/repin.js';
import { shopWorkspace } from '../support/shop-workspace.js';
import { fixedClock, makeTmp, removeTmp } from '../support/tmp.js';

// A start's recovery reads the records after the mark the last complete recovery left
// (src/engine/reconcile-mark.ts), not every record again; the mark counts only while the logbook
// and impl_actual still hold what it was made from. On the shop fixture's registry (env shop_stage).

const WORKER = 'arn:aws:iam::444455556666:role/shop-stage-worker';
const clock = fixedClock('2026-03-01T10:00:00Z');
const on = { marks: true };

const roots: string[] = [];
let keyHome: string | undefined;
let keyDir: string;
beforeAll(async () => {
  keyDir = await makeTmp();
  keyHome = process.env.XDG_CACHE_HOME;
  process.env.XDG_CACHE_HOME = keyDir;
});
afterAll(async () => {
  if (keyHome === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = keyHome;
  await removeTmp(keyDir);
});
afterEach(async () => {
  for (const r of roots.splice(0)) await removeTmp(r);
});

async function workspace(): Promise<Workspace> {
  const root = await makeTmp();
  roots.push(root);
  return shopWorkspace(root);
}

/** Decisions with an impl_actual section each (attestations), recorded as a run records them. */
async function attest(rec: Recorder, n: number, from = 1) {
  for (let i = from; i < from + n; i++)
    await rec.record({ kind: 'attest', data: { phase: 'release', step: `s${i}`, status: 'pass', note: `n${i}` } });
}

const seqsOf = async (ws: Workspace) => [...(await implActualSeqs(ws.implActualPath))].sort((a, b) => a - b);

/** A shop workspace whose first `n` records are logged and reconciled once (caches on: a mark written). */
async function reconciledAfter(n: number): Promise<{ ws: Workspace; rec: Recorder }> {
  const ws = await workspace();
  const rec = new Recorder(ws, clock, 'op');
  await attest(rec, n);
  await reconcile(ws, rec, on);
  return { ws, rec };
}

describe('recovery marks', () => {
  it('a start reads only the records after the mark: a damaged line before it is not read (the ledger refuses it), without one it is', async () => {
    const { ws, rec } = await reconciledAfter(3);
    const mark = await readReconcileMark(ws, true);
    expect(mark?.record).toMatchObject({ seq: 3 });
    await attest(rec, 2, 4);
    // Record 1's line damaged in place (same length): a whole read stops there.
    const text = await readFile(ws.logbookPath, 'utf8');
    const first = text.slice(0, text.indexOf('\n'));
    await writeFile(ws.logbookPath, first.replace('"seq":1', '"seq":X') + text.slice(first.length));
    await expect(reconcile(ws, new Recorder(ws, clock, 'op'))).rejects.toThrow(/unreadable record/);
    await expect(reconcile(ws, new Recorder(ws, clock, 'op'), on)).resolves.toEqual({ registryChanged: false, published: [] });
    expect((await readReconcileMark(ws, true))?.record).toMatchObject({ seq: 5 });
  });

  it('records after the mark that lack their section get it, once; those before it are never read again', async () => {
    const { ws, rec } = await reconciledAfter(2);
    // Two decisions logged by a run killed before their sections.
    await rec.logAll([
      { kind: 'attest', data: { phase: 'release', step: 'k1', status: 'pass', note: 'killed' } },
      { kind: 'attest', data: { phase: 'release', step: 'k2', status: 'pass', note: 'killed' } },
    ]);
    const next = new Recorder(ws, clock, 'op');
    await reconcile(ws, next, on);
    expect(await seqsOf(ws)).toEqual([1, 2, 3, 4]);
    expect(next.implKnown).toMatchObject({ seq: 4 });
    await reconcile(ws, new Recorder(ws, clock, 'op'), on);
    expect((await readFile(ws.implActualPath, 'utf8')).match(/logbook_seq:\*\* \d+$/gm)).toHaveLength(4);
  });

  it('is not believed once impl_actual lost bytes it had (its sections come back) or the logbook no longer holds its record there', async () => {
    const { ws } = await reconciledAfter(3);
    await writeFile(ws.implActualPath, '');
    expect(await readReconcileMark(ws, true)).toBeUndefined();
    await reconcile(ws, new Recorder(ws, clock, 'op'), on);
    expect(await seqsOf(ws)).toEqual([1, 2, 3]);
    // The same impl_actual size with other bytes before the mark's point.
    const impl = await readFile(ws.implActualPath, 'utf8');
    await writeFile(ws.implActualPath, impl.replace('s1', 'S1'));
    expect(await readReconcileMark(ws, true)).toBeUndefined();
    await writeFile(ws.implActualPath, impl);
    expect(await readReconcileMark(ws, true)).toBeDefined();
    // The logbook moved under the mark: a line longer before it.
    const log = await readFile(ws.logbookPath, 'utf8');
    await writeFile(ws.logbookPath, log.replace('"note":"n1"', '"note":"n1 "'));
    expect(await readReconcileMark(ws, true)).toBeUndefined();
    await writeFile(ws.logbookPath, log);
    expect(await readReconcileMark(ws, true)).toBeDefined();
  });

  it('an edited or planted mark, one of another env, and any mark with caches off are not believed', async () => {
    const { ws } = await reconciledAfter(2);
    expect(await readReconcileMark(ws, false)).toBeUndefined();
    expect(await readReconcileMark({ ...ws, env: 'other' }, true)).toBeUndefined();
    const cache = path.join(ws.root, '.gatewalk', 'cache');
    const [name] = (await readdir(cache)).filter((n) => n.startsWith('reconciled-'));
    const file = path.join(cache, name!);
    const saved = JSON.parse(await readFile(file, 'utf8')) as { mac: string; body: string };
    await writeFile(file, JSON.stringify({ ...saved, body: saved.body.replace(/"impl_from":\d+/, '"impl_from":0') }));
    expect(await readReconcileMark(ws, true)).toBeUndefined();
    await writeFile(file, JSON.stringify({ mac: 'f'.repeat(64), body: saved.body }));
    expect(await readReconcileMark(ws, true)).toBeUndefined();
    await writeFile(file, JSON.stringify(saved));
    expect(await readReconcileMark(ws, true)).toMatchObject({ record: { seq: 2 } });
    expect(JSON.parse(saved.body)).toMatchObject({ format: 'gatewalk.reconciled/v1', env: 'shop_stage', substrate: 'sandbox' });
  });

  it('a mark signed with this machine key but naming anything else, or with a field out of shape, is not believed', async () => {
    const { ws } = await reconciledAfter(2);
    const cache = path.join(ws.root, '.gatewalk', 'cache');
    const [name] = (await readdir(cache)).filter((n) => n.startsWith('reconciled-'));
    const file = path.join(cache, name!);
    const good = JSON.parse((JSON.parse(await readFile(file, 'utf8')) as { body: string }).body) as Record<string, unknown> & {
      record: Record<string, unknown>;
    };
    const sign = (body: unknown) => {
      const text = JSON.stringify(body);
      return writeFile(file, JSON.stringify({ mac: mac(machineKey(true)!, text), body: text }));
    };
    await sign(good); // re-signed as it was: believed (the signing here is the real one)
    expect(await readReconcileMark(ws, true)).toMatchObject({ record: { seq: 2 } });
    for (const bad of [
      null,
      { ...good, format: 'gatewalk.reconciled/v0' },
      { ...good, logbook: path.join(ws.root, 'other.jsonl') },
      { ...good, env: 'other' },
      { ...good, substrate: 'aws' },
      { ...good, impl_actual: path.join(ws.root, 'other.md') },
      { ...good, record: undefined },
      { ...good, record: { ...good.record, seq: '2' } },
      { ...good, record: { ...good.record, hash: 7 } },
      { ...good, record: { ...good.record, hash: 'A'.repeat(64) } },
      { ...good, impl_from: 1.5 },
      { ...good, impl_size: '9' },
      { ...good, impl_from: -1 },
      { ...good, impl_from: (good.impl_size as number) + 1 },
      { ...good, impl_tail_sha256: 'f'.repeat(64) },
    ]) {
      await sign(bad);
      expect({ bad, mark: await readReconcileMark(ws, true) }).toEqual({ bad, mark: undefined });
    }
  });

  it('the record at the mark must carry the hash the mark names, not only its seq; with caches off no mark is written', async () => {
    const { ws } = await reconciledAfter(2);
    const mark = await readReconcileMark(ws, true);
    const log = await readFile(ws.logbookPath, 'utf8');
    await writeFile(ws.logbookPath, log.replace(mark!.record.hash, 'f'.repeat(64)));
    expect(await readReconcileMark(ws, true)).toBeUndefined();
    await writeFile(ws.logbookPath, log);
    expect(await readReconcileMark(ws, true)).toBeDefined();
    const other = await workspace();
    await attest(new Recorder(other, clock, 'op'), 1);
    await writeReconcileMark(other, mark!, false);
    await expect(readdir(path.join(other.root, '.gatewalk', 'cache'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('a repin batch that begins before the mark is judged from all of its records (applied, never "cut short")', async () => {
    const ws = await workspace();
    const rec = new Recorder(ws, clock, 'op');
    const before = await readFile(ws.registryPath);
    const changes = [
      { handle: 'WORKER_ROLE', value: WORKER },
      { handle: 'RELEASE_TAG', value: 'v2.4.0' },
    ];
    const { after } = await planRegistryRepin(before, changes, ws.registryPath);
    const batch = { batch: 'b1', size: 2, registry_sha256_before: sha256Hex(before), registry_sha256_after: sha256Hex(after) };
    const entry = (index: number) => {
      const { handle, value } = changes[index]!;
      const planned: PlannedRepin = { handle, from: 'PENDING', value, source: 'operator' };
      return repinEntry('stage-roles', planned, 'worker role created, release cut', ws.registryPath, { ...batch, index });
    };
    await rec.log(entry(0));
    // A mark after the batch's first record (never written so: a batch is one append).
    const { last } = await readLogbookFrom(ws.logbookPath);
    await writeReconcileMark(ws, { record: last!, implFrom: 0 }, true);
    await rec.log(entry(1));
    expect(await readReconcileMark(ws, true)).toMatchObject({ record: { seq: 1 } });
    expect(await reconcile(ws, new Recorder(ws, clock, 'op'), on)).toEqual({ registryChanged: true, published: [] });
    expect((await readLogbook(ws.logbookPath)).map((r) => r.kind)).toEqual(['repin', 'repin', 'repin.applied']);
  });
});

describe('impl_actual with what a recovery established', () => {
  const section = (n: number) => ({ title: `attest s${n}`, ts: '2026-03-01T10:00:00Z', fields: { logbook_seq: String(n) } });

  it('a record up to known.seq has its section already; a later one is looked for after known.from only', async () => {
    const ws = await workspace();
    await appendImplActualSections(
      ws.implActualPath,
      [1, 2, 3].map((n) => ({ section: section(n), seq: n })),
    );
    const from = (await readFile(ws.implActualPath)).length;
    await appendImplActualSections(ws.implActualPath, [{ section: section(4), seq: 4 }]);
    // 2 is known to be there; 4 is found after `from`; 5 is new.
    await appendImplActualSections(
      ws.implActualPath,
      [2, 3, 4, 5].map((n) => ({ section: section(n), seq: n })),
      { seq: 3, from },
    );
    expect((await readFile(ws.implActualPath, 'utf8')).match(/logbook_seq:\*\* \d+$/gm)).toEqual(
      [1, 2, 3, 4, 5].map((n) => `logbook_seq:** ${n}`),
    );
    expect(await implActualSeqs(ws.implActualPath, from)).toEqual(new Set([4, 5]));
    // A section of no record is always written.
    await appendImplActualSections(ws.implActualPath, [{ section: { title: 'note', ts: '2026-03-01T10:00:00Z', fields: {} } }], {
      seq: 9,
      from,
    });
    expect(await readFile(ws.implActualPath, 'utf8')).toMatch(/— note\n$/);
    expect(await implActualSeqs(path.join(ws.root, 'missing.md'), from)).toEqual(new Set());
  });
});

describe('recordAt', () => {
  it('is the record whose line lies exactly there, and nothing for any other span', async () => {
    const ws = await workspace();
    for (const n of [1, 2, 3])
      await appendLogbook(ws.logbookPath, { kind: 'note', substrate: 'sandbox', env: 'shop_stage', actor: 't', data: { n } }, clock);
    const spans: Array<{ start: number; end: number }> = [];
    let at = 0;
    for (const line of (await readFile(ws.logbookPath, 'utf8')).split('\n').slice(0, 3)) {
      spans.push({ start: at, end: at + Buffer.byteLength(line) + 1 });
      at = spans.at(-1)!.end;
    }
    expect((await recordAt(ws.logbookPath, spans[0]!))?.seq).toBe(1);
    expect((await recordAt(ws.logbookPath, spans[2]!))?.seq).toBe(3);
    expect((await readLogbookFrom(ws.logbookPath, spans[1]!.start)).records.map((r) => r.seq)).toEqual([2, 3]);
    expect((await readLogbookFrom(ws.logbookPath)).last).toEqual({
      ...spans[2],
      seq: 3,
      hash: (await readLogbook(ws.logbookPath))[2]!.hash,
    });
    for (const bad of [
      { start: spans[1]!.start + 1, end: spans[1]!.end }, // starts inside a line
      { start: spans[1]!.start, end: spans[1]!.end - 1 }, // stops short of its newline
      { start: spans[1]!.start, end: spans[2]!.end }, // two lines
      { start: spans[2]!.start, end: spans[2]!.end + 10 }, // past the end of the file
      { start: -1, end: 5 },
    ])
      expect(await recordAt(ws.logbookPath, bad)).toBeUndefined();
  });
});
