import { mkdir, readFile as realReadFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunbookDoc } from '../../src/core/runbook-schema.js';
import type { Workspace } from '../../src/core/workspace.js';
import { readLedger } from '../../src/engine/sealed-ledger.js';
import { timelineItems, timelineText } from '../../src/engine/history-text.js';
import { loadPhaseHistory } from '../../src/session/phase-history.js';
import { appendLogbook, readLogbookTail } from '../../src/logbook/logbook.js';
import { rootRelative } from '../../src/engine/verdict-sealed.js';
import { fixedClock, makeTmp, removeTmp, tmpWorkspace } from '../support/tmp.js';
import { sealRooted } from '../support/seal-rooted.js';

// Law 8 at the file level: a sealed snapshot counts only through bytes that hash to what its
// verdict.sealed record says, and the verdict a phase's state comes from is parsed from those very
// bytes. The ledger reads every phase's snapshots side by side; what it reports (and the first
// failure) is what a phase-by-phase, file-by-file walk reports.

/** Files whose content changes after their first read (a snapshot swapped between two reads). */
const swapped = new Map<string, Buffer>();
const reads = new Map<string, number>();
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const readFile = (async (file: Parameters<typeof fs.readFile>[0], options?: Parameters<typeof fs.readFile>[1]) => {
    const key = String(file);
    const n = (reads.get(key) ?? 0) + 1;
    reads.set(key, n);
    const swap = swapped.get(key);
    if (swap && n > 1) return typeof options === 'string' || (options as { encoding?: string })?.encoding ? swap.toString('utf8') : swap;
    return fs.readFile(file, options);
  }) as typeof fs.readFile;
  return { ...fs, readFile, default: { ...fs, readFile } };
});

const phase = (id: string, requires: string[] = []) => ({
  id,
  title: id,
  requires,
  evidence_dir: `ev_${id.toLowerCase()}`,
  snapshot: `${id.toLowerCase()}_verdict.json`,
  steps: [],
});
// Another program's shape than the shipped one: three phases in a chain, other ids and folders.
const RUNBOOK = { phases: [phase('Build'), phase('Ship', ['Build']), phase('Audit', ['Ship'])] } as unknown as RunbookDoc;

let root: string | undefined;
afterEach(async () => {
  swapped.clear();
  reads.clear();
  if (root) await removeTmp(root);
});

async function workspace(): Promise<Workspace> {
  root = await makeTmp();
  return tmpWorkspace(root);
}

let minute = 0;
const seal = (ws: Workspace, id: string, green: boolean) =>
  sealRooted(ws, RUNBOOK, id, green, new Date(Date.UTC(2026, 10, 2, 9, minute++)).toISOString(), { code: 'HOLD-1' });

describe('readLedger reads each snapshot once', () => {
  it('a snapshot swapped for a green one after it was hashed never counts: the verdict comes from the hashed bytes', async () => {
    const ws = await workspace();
    await seal(ws, 'Build', true);
    const held = await seal(ws, 'Ship', false);
    swapped.set(held.file, Buffer.from(JSON.stringify({ phase: 'Ship', overall_pass: true, blockers: [] })));
    const ledger = await readLedger(RUNBOOK, ws);
    const ship = ledger.phases.get('Ship')!;
    expect(ship.tamper).toEqual([]);
    expect(ship.latest?.verdict).toMatchObject({ overall_pass: false, blockers: [{ code: 'HOLD-1' }] });
    expect(reads.get(held.file)).toBe(1);
  });

  it('reports every finding in logbook order per phase, then the planted ones, across many verdicts', async () => {
    const ws = await workspace();
    const build = [];
    for (let i = 0; i < 12; i++) build.push(await seal(ws, 'Build', i % 3 !== 1));
    const ship = [];
    for (let i = 0; i < 6; i++) ship.push(await seal(ws, 'Ship', true));
    // Build: an edit, a deletion and another edit, out of file order; a planted folder.
    await writeFile(build[7]!.file, '{"overall_pass":true,"blockers":[]}\n');
    await rm(build[2]!.file);
    await writeFile(build[10]!.file, '{}');
    const plantedDir = path.join(ws.evidenceRoot, 'ev_build', '20260101T000000Z');
    await mkdir(plantedDir, { recursive: true });
    await writeFile(path.join(plantedDir, 'build_verdict.json'), '{"overall_pass":true,"blockers":[]}');
    // Ship: its last verdict edited, so it has no trusted latest.
    await writeFile(ship[5]!.file, '{"overall_pass":true,"blockers":[]}');
    const ledger = await readLedger(RUNBOOK, ws);
    const rel = (f: string) => rootRelative(ws.root, f);
    expect(ledger.phases.get('Build')!.tamper.map((t) => [t.file, t.problem.split(':')[0]])).toEqual([
      [rel(build[2]!.file), 'missing'],
      [rel(build[7]!.file), 'edited after it was sealed'],
      [rel(build[10]!.file), 'edited after it was sealed'],
      [rel(path.join(plantedDir, 'build_verdict.json')), 'no logbook record vouches for this verdict (planted, or its record was removed)'],
    ]);
    expect(ledger.phases.get('Build')!.latest).toMatchObject({ seq: 12, path: build[11]!.file, verdict: { overall_pass: true } });
    expect(ledger.phases.get('Ship')!.tamper.map((t) => t.file)).toEqual([rel(ship[5]!.file)]);
    expect(ledger.phases.get('Ship')!.latest).toBeUndefined();
    expect(ledger.phases.get('Audit')).toEqual({ tamper: [] });
  });

  it('fails as a walk in program order would: the first phase in order that cannot be read, whichever failed first in time', async () => {
    const ws = await workspace();
    await seal(ws, 'Build', true);
    const shipped = await seal(ws, 'Ship', true);
    // Build's folder holds a planted link (found late: after the folder is listed); Ship's snapshot
    // became a folder (found early: its read starts at once, EISDIR).
    const link = path.join(ws.evidenceRoot, 'ev_build', '20260101T000000Z');
    await mkdir(link, { recursive: true });
    await symlink('/etc/hostname', path.join(link, 'build_verdict.json'));
    const bytes = await realReadFile(shipped.file);
    await rm(shipped.file);
    await mkdir(shipped.file);
    await expect(readLedger(RUNBOOK, ws)).rejects.toThrow(/symbolic link/);
    // Without the link, Ship's unreadable snapshot is the failure.
    await rm(link, { recursive: true });
    await expect(readLedger(RUNBOOK, ws)).rejects.toMatchObject({ code: 'EISDIR' });
    await rm(shipped.file, { recursive: true });
    await writeFile(shipped.file, bytes);
    expect((await readLedger(RUNBOOK, ws)).phases.get('Ship')!.tamper).toEqual([]);
  });
});

describe('a phase history shows results only from snapshots that hash to their record', () => {
  const result = (resource: string, status: string) => ({
    id: 'roles',
    step: 's',
    gate: 'aws.iam.role_exists',
    resource,
    status,
    reason: 'r',
  });

  it('an edited snapshot is named as edited; its forged results neither show nor become the base of the next change list', async () => {
    const ws = await workspace();
    const at = (m: number) => new Date(Date.UTC(2026, 10, 2, 9, m)).toISOString();
    const first = await sealRooted(ws, RUNBOOK, 'Ship', false, at(1), { code: 'HOLD-1', checks: [result('WORKER', 'fail')] });
    await sealRooted(ws, RUNBOOK, 'Ship', true, at(2), { checks: [result('WORKER', 'pass')] });
    await sealRooted(ws, RUNBOOK, 'Ship', true, at(3), { checks: [result('WORKER', 'pass')] });
    const { events } = await loadPhaseHistory(ws, 'Ship');
    const text = () => timelineText('Ship', timelineItems(events));
    expect(text()).toContain('changed WORKER: FAIL → PASS');
    // The first verdict's snapshot is rewritten to claim its role passed.
    await writeFile(first.file, JSON.stringify({ phase: 'Ship', overall_pass: true, blockers: [], checks: [result('WORKER', 'pass')] }));
    const after = await loadPhaseHistory(ws, 'Ship');
    const verdicts = after.events.filter((e) => e.kind === 'verdict');
    expect(verdicts.map((v) => (v.kind === 'verdict' ? [v.problem ?? null, v.changes] : []))).toEqual([
      ['edited after it was sealed: its SHA-256 differs from its logbook record', null],
      [null, null], // no trusted base to compare with
      [null, []],
    ]);
    const shown = timelineText('Ship', timelineItems(after.events));
    expect(shown).toContain(`snapshot ${rootRelative(ws.root, first.file)}: edited after it was sealed`);
    expect(shown).not.toContain('changed WORKER');
  });
});

describe('readLedger: which records count, and for which phase', () => {
  const at = (m: number) => new Date(Date.UTC(2026, 10, 3, 9, m)).toISOString();
  const log = (ws: Workspace, rec: { kind: string; env?: string; substrate?: 'aws' | 'sandbox'; data: unknown }) =>
    appendLogbook(
      ws.logbookPath,
      { kind: rec.kind, env: rec.env ?? ws.env, substrate: rec.substrate ?? ws.substrate, actor: 'test', data: rec.data },
      fixedClock(at(50)),
    );

  it("another env's or substrate's verdict of the same phase never counts for this workspace; other kinds are skipped", async () => {
    const ws = await workspace();
    const mine = await sealRooted(ws, RUNBOOK, 'Build', false, at(1), { code: 'HOLD-1' });
    await log(ws, { kind: 'attest', data: { phase: 'Build', step: 's', status: 'pass', note: 'n' } });
    const green = {
      phase: 'Build',
      overall_pass: true,
      blockers: [],
      path: rootRelative(ws.root, mine.file),
      sha256: mine.sha256,
      conflicts: 0,
    };
    await log(ws, { kind: 'verdict.sealed', env: 'other_env', data: green });
    await log(ws, { kind: 'verdict.sealed', substrate: ws.substrate === 'aws' ? 'sandbox' : 'aws', data: green });
    const build = (await readLedger(RUNBOOK, ws)).phases.get('Build')!;
    expect(build).toMatchObject({ latest: { seq: 1, record: { overall_pass: false } }, tamper: [] });
  });

  it('a malformed verdict.sealed record is tampering of its own phase only; one without a phase belongs to none', async () => {
    const ws = await workspace();
    await sealRooted(ws, RUNBOOK, 'Build', true, at(1));
    await log(ws, { kind: 'verdict.sealed', data: { phase: 'Ship', overall_pass: 'yes' } });
    await log(ws, { kind: 'verdict.sealed', data: null });
    const ledger = await readLedger(RUNBOOK, ws);
    expect(ledger.phases.get('Ship')!.tamper).toHaveLength(1);
    expect(ledger.phases.get('Ship')!.tamper[0]).toMatchObject({ phase: 'Ship', file: rootRelative(ws.root, ws.logbookPath) });
    expect(ledger.phases.get('Build')!.tamper).toEqual([]);
    expect(ledger.phases.get('Audit')!.tamper).toEqual([]);
  });

  it('a snapshot whose folder became a file is missing, not an error', async () => {
    const ws = await workspace();
    const sealed = await sealRooted(ws, RUNBOOK, 'Build', true, at(1));
    await rm(path.dirname(sealed.file), { recursive: true });
    await writeFile(path.dirname(sealed.file), 'not a folder');
    const build = (await readLedger(RUNBOOK, ws)).phases.get('Build')!;
    expect(build.latest).toBeUndefined();
    expect(build.tamper.map((t) => t.problem)).toEqual(['missing: logbook record 1 sealed it (deleted or moved?)']);
  });

  it('given a chain the caller verified, reads no logbook and takes its head from the last record', async () => {
    const ws = await workspace();
    const sealed = await sealRooted(ws, RUNBOOK, 'Build', true, at(1));
    const records = await readLogbookTail(ws.logbookPath, 10);
    await rm(ws.logbookPath); // proves the records given are used, not the file
    const ledger = await readLedger(RUNBOOK, ws, records);
    expect(ledger.head).toEqual({ seq: 1, hash: records[0]!.hash });
    expect(ledger.records).toBe(records);
    expect(ledger.phases.get('Build')!.latest?.path).toBe(sealed.file);
  });
});
