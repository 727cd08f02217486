import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/core/hash.js';
import type { Workspace } from '../../src/core/workspace.js';
import { repinAppliedEntry, repinEntry, verdictFailedEntry } from '../../src/engine/decision-records.js';
import type { PlannedRepin } from '../../src/engine/decisions.js';
import { reconcile } from '../../src/engine/reconcile.js';
import { Recorder } from '../../src/engine/recorder.js';
import { implActualSeqs } from '../../src/logbook/impl-actual.js';
import { appendLogbook, readLogbook } from '../../src/logbook/logbook.js';
import { planRegistryRepin, withRegistryLock, writeRegistry } from '../../src/registry/repin.js';
import { shopWorkspace } from '../support/shop-workspace.js';
import { fixedClock, makeTmp, removeTmp } from '../support/tmp.js';

// Law 8 recovery, in-process on the shop fixture's registry (env shop_stage): what a crash can
// leave between a decision's record and its effect, and what the next start makes of it.

const WORKER = 'arn:aws:iam::444455556666:role/shop-stage-worker';
const clock = fixedClock('2026-03-01T10:00:00Z');

let root: string | undefined;
afterEach(async () => root && removeTmp(root));
let keyHome: string | undefined;
let keyDir: string;
beforeAll(async () => {
  keyDir = await makeTmp();
  keyHome = process.env.XDG_CACHE_HOME;
  process.env.XDG_CACHE_HOME = keyDir; // the per-user MAC key of the recovery marks, outside the project
});
afterAll(async () => {
  if (keyHome === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = keyHome;
  await removeTmp(keyDir);
});

async function workspace(): Promise<Workspace> {
  root = await makeTmp();
  return shopWorkspace(root);
}

/** Records a repin batch of WORKER_ROLE (first `written` of `size` records) as the engine does. */
async function recordBatch(ws: Workspace, rec: Recorder, written = 1, size = 1, recorded: { registry_sha256_after?: string } = {}) {
  const before = await readFile(ws.registryPath);
  const { after } = await planRegistryRepin(before, [{ handle: 'WORKER_ROLE', value: WORKER }], ws.registryPath);
  const batch = { batch: 'b1', size, registry_sha256_before: sha256Hex(before), registry_sha256_after: sha256Hex(after), ...recorded };
  const planned: PlannedRepin = { handle: 'WORKER_ROLE', from: 'PENDING', value: WORKER, source: 'terraform:platform.worker_role_arn' };
  const entries = Array.from({ length: written }, (_, index) =>
    repinEntry('stage-roles', planned, 'worker role created', ws.registryPath, { ...batch, index }),
  );
  await rec.logAll(entries);
  return after;
}

const kinds = async (ws: Workspace) => (await readLogbook(ws.logbookPath)).map((r) => r.kind);

/** A snapshot left in staging by a kill after its verdict.sealed record (or with none). */
async function stage(ws: Workspace, phaseDir: string, recorded: boolean, stamp = '20260301T100000Z', run = 1) {
  const staging = path.join(ws.evidenceRoot, phaseDir, `.staging-${stamp}-0123456789ab`);
  await mkdir(staging, { recursive: true });
  const text = `{"phase":"${phaseDir}","overall_pass":true,"run":${run}}\n`;
  await writeFile(path.join(staging, 'v.json'), text);
  const rel = path.join('evidence', phaseDir, stamp, 'v.json');
  if (!recorded) return { rel, seq: 0 };
  const data = { phase: phaseDir, overall_pass: true, blockers: [], path: rel, sha256: sha256Hex(text), conflicts: 0 };
  const r = await appendLogbook(ws.logbookPath, { kind: 'verdict.sealed', substrate: ws.substrate, env: ws.env, actor: 't', data }, clock);
  return { rel, seq: r.seq };
}

// Every case twice: reading the whole logbook, and with the recovery marks (reconcile-mark.ts) a
// start reads from (each case's second start, where it has one, then starts from the first's mark).
describe.each([{ marks: false }, { marks: true }])('recovery marks: $marks', ({ marks }) => {
  describe('reconcile: repins', () => {
    it('a batch the registry already holds gets its repin.applied (recovered) and nothing is rewritten', async () => {
      const ws = await workspace();
      const rec = new Recorder(ws, clock, 'op');
      const after = await recordBatch(ws, rec);
      await writeFile(ws.registryPath, after);
      expect(await reconcile(ws, rec, { marks })).toEqual({ registryChanged: false, published: [] });
      const last = (await readLogbook(ws.logbookPath)).at(-1)!;
      expect(last).toMatchObject({
        kind: 'repin.applied',
        actor: 'op',
        data: { batch: 'b1', recovered: true, registry_sha256: sha256Hex(after) },
      });
    });

    it('a complete batch the registry lacks is applied (redo); a second start changes nothing', async () => {
      const ws = await workspace();
      const rec = new Recorder(ws, clock, 'op');
      const after = await recordBatch(ws, rec);
      expect(await reconcile(ws, rec, { marks })).toEqual({ registryChanged: true, published: [] });
      expect(await readFile(ws.registryPath)).toEqual(after);
      expect(await kinds(ws)).toEqual(['repin', 'repin.applied']);
      expect((await readLogbook(ws.logbookPath)).at(-1)!.data).toMatchObject({
        batch: 'b1',
        recovered: true,
        registry_sha256: sha256Hex(after),
      });
      expect(await reconcile(ws, rec, { marks })).toEqual({ registryChanged: false, published: [] });
      expect(await kinds(ws)).toEqual(['repin', 'repin.applied']);
    });

    it('a batch whose planned registry would not hash to the recorded one fails and writes nothing', async () => {
      const ws = await workspace();
      const rec = new Recorder(ws, clock, 'op');
      await recordBatch(ws, rec, 1, 1, { registry_sha256_after: 'f'.repeat(64) });
      const before = await readFile(ws.registryPath);
      expect((await reconcile(ws, rec, { marks })).registryChanged).toBe(false);
      expect(await readFile(ws.registryPath)).toEqual(before);
      expect(await kinds(ws)).toEqual(['repin', 'repin.failed']);
    });

    it('a batch settled by its own run while this start waited for the registry lock is not settled again', async () => {
      const ws = await workspace();
      const rec = new Recorder(ws, clock, 'op');
      const after = await recordBatch(ws, rec);
      let locked!: () => void;
      const held = new Promise<void>((r) => (locked = r));
      // The run that wrote the batch holds the registry lock until it has applied and recorded it.
      const owner = withRegistryLock(ws.registryPath, async (file) => {
        locked();
        await new Promise((r) => setTimeout(r, 200));
        await writeRegistry(file, after);
        await rec.log(repinAppliedEntry('b1', ws.registryPath, sha256Hex(after)));
      });
      await held;
      expect(await reconcile(ws, new Recorder(ws, clock, 'op'), { marks })).toEqual({ registryChanged: false, published: [] });
      await owner;
      expect(await kinds(ws)).toEqual(['repin', 'repin.applied']);
    });

    it('a batch cut short while recorded fails, with its reason, and the registry stays as it was', async () => {
      const ws = await workspace();
      const rec = new Recorder(ws, clock, 'op');
      await recordBatch(ws, rec, 1, 2);
      const before = await readFile(ws.registryPath);
      expect((await reconcile(ws, rec, { marks })).registryChanged).toBe(false);
      expect(await readFile(ws.registryPath)).toEqual(before);
      const last = (await readLogbook(ws.logbookPath)).at(-1)!;
      expect(last.kind).toBe('repin.failed');
      expect(String((last.data as { reason: string }).reason)).toMatch(/1 of 2 repin records/);
      expect(await implActualSeqs(ws.implActualPath)).toEqual(new Set([1, 2]));
      // Failed is settled: the next start leaves it.
      await reconcile(ws, new Recorder(ws, clock, 'op'), { marks });
      expect(await kinds(ws)).toEqual(['repin', 'repin.failed']);
    });

    it('a batch whose registry changed since is failed, not forced', async () => {
      const ws = await workspace();
      const rec = new Recorder(ws, clock, 'op');
      await recordBatch(ws, rec);
      const edited = (await readFile(ws.registryPath, 'utf8')) + '# edited by hand\n';
      await writeFile(ws.registryPath, edited);
      expect((await reconcile(ws, rec, { marks })).registryChanged).toBe(false);
      expect(await readFile(ws.registryPath, 'utf8')).toBe(edited);
      const last = (await readLogbook(ws.logbookPath)).at(-1)!;
      expect(last.kind).toBe('repin.failed');
      expect(String((last.data as { reason: string }).reason)).toMatch(/no longer holds .*\(sha256 [0-9a-f]{12}…\)/);
    });

    it("another env's or substrate's open batch is not this workspace's to settle", async () => {
      const ws = await workspace();
      await recordBatch(ws, new Recorder({ ...ws, env: 'other' }, clock, 'op'));
      await recordBatch(ws, new Recorder({ ...ws, substrate: 'aws' }, clock, 'op'));
      const before = await readFile(ws.registryPath);
      expect(await reconcile(ws, new Recorder(ws, clock, 'op'), { marks })).toEqual({ registryChanged: false, published: [] });
      expect(await readFile(ws.registryPath)).toEqual(before);
      expect(await kinds(ws)).toEqual(['repin', 'repin']);
    });
  });

  describe('reconcile: seals and impl_actual', () => {
    it('a recorded snapshot left in staging is published at its recorded path; an unrecorded one is removed', async () => {
      const ws = await workspace();
      const rec = new Recorder(ws, clock, 'op');
      const vouched = await stage(ws, 'release', true);
      await stage(ws, 'release', false, '20260301T110000Z');
      const stray = await stage(ws, 'stage_account', false);
      const result = await reconcile(ws, rec, { marks });
      expect(result).toEqual({ registryChanged: false, published: [path.join(ws.root, vouched.rel)] });
      expect(await readdir(path.join(ws.evidenceRoot, 'release'))).toEqual(expect.arrayContaining(['20260301T100000Z']));
      expect((await readdir(path.join(ws.evidenceRoot, 'release'))).filter((n) => n.startsWith('.staging-'))).toEqual([]);
      expect((await readdir(path.join(ws.evidenceRoot, 'stage_account'))).filter((n) => n.startsWith('.staging-'))).toEqual([]);
      expect(stray.seq).toBe(0);
      expect(await implActualSeqs(ws.implActualPath)).toEqual(new Set([vouched.seq]));
    });

    it('a snapshot whose record was marked failed is never published', async () => {
      const ws = await workspace();
      const rec = new Recorder(ws, clock, 'op');
      const s = await stage(ws, 'release', true);
      await rec.log(verdictFailedEntry(s.seq, path.join(ws.root, s.rel), 'publishing failed'));
      expect((await reconcile(ws, rec, { marks })).published).toEqual([]);
      expect((await readdir(path.join(ws.evidenceRoot, 'release'))).filter((n) => !n.startsWith('.lock'))).toEqual([]);
    });

    it('a recorded snapshot that is gone and has no staging is left alone (tampering, the ledger reports it); another one is published', async () => {
      const ws = await workspace();
      const rec = new Recorder(ws, clock, 'op');
      await stage(ws, 'release', true, '20260301T090000Z', 2);
      await rm(path.join(ws.evidenceRoot, 'release', '.staging-20260301T090000Z-0123456789ab'), { recursive: true });
      const vouched = await stage(ws, 'release', true);
      expect((await reconcile(ws, rec, { marks })).published).toEqual([path.join(ws.root, vouched.rel)]);
      expect((await readdir(path.join(ws.evidenceRoot, 'release'))).filter((n) => !n.startsWith('.lock'))).toEqual(['20260301T100000Z']);
    });

    it('impl_actual gets the sections the logbook has and it lacks, each once', async () => {
      const ws = await workspace();
      const rec = new Recorder(ws, clock, 'op');
      await recordBatch(ws, rec);
      await reconcile(ws, rec, { marks });
      await reconcile(ws, rec, { marks });
      const described = (await readLogbook(ws.logbookPath)).filter((r) => r.kind === 'repin').map((r) => r.seq);
      expect(await implActualSeqs(ws.implActualPath)).toEqual(new Set(described));
      const text = await readFile(ws.implActualPath, 'utf8');
      expect(text.match(/logbook_seq:\*\* 1$/gm)).toHaveLength(1);
    });
  });
});
