import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { latestVerdict, listVerdicts } from '../../src/evidence/reader.js';
import { removeStaleStaging } from '../../src/evidence/staging.js';
import { formatStamp } from '../../src/evidence/stamp.js';
import { sealVerdict } from '../../src/evidence/writer.js';
import { sha256Hex } from '../../src/core/hash.js';
import { fixedClock, isRoot, makeTmp, removeTmp } from '../support/tmp.js';

const clock = fixedClock('2026-02-13T21:42:23.456Z');
const SNAP = 'm4_c_iam_binding_snapshot.json';
const verdict = (n: number) => ({ overall_pass: n % 2 === 0, blockers: n % 2 ? ['M4C-B4'] : [], n });

let root: string;
beforeEach(async () => {
  root = await makeTmp();
});
afterEach(async () => {
  await removeTmp(root);
});

describe('sealVerdict', () => {
  it('formats UTC stamps', () => {
    expect(formatStamp(new Date('2026-02-13T21:42:23.456Z'))).toBe('20260213T214223Z');
  });

  it('creates a new evidence root with the pretty-printed snapshot and leaves no staging behind', async () => {
    const sealed = await sealVerdict({ evidenceRoot: root, phaseDir: 'm4', snapshotName: SNAP, verdict: verdict(0), clock });
    const text = JSON.stringify(verdict(0), null, 2) + '\n';
    expect(sealed).toEqual({
      dir: path.join(root, 'm4', '20260213T214223Z'),
      file: path.join(root, 'm4', '20260213T214223Z', SNAP),
      stamp: '20260213T214223Z',
      sha256: sha256Hex(text),
    });
    expect(await readFile(sealed.file, 'utf8')).toBe(text);
    expect(await readdir(path.join(root, 'm4'))).toEqual(['20260213T214223Z']);
  });

  it('never overwrites: seals in the same second get -2, -3 … and sort numerically', async () => {
    const sealed = [];
    for (let n = 0; n < 11; n++)
      sealed.push(await sealVerdict({ evidenceRoot: root, phaseDir: 'm4', snapshotName: SNAP, verdict: verdict(n), clock }));
    expect(sealed.map((s) => s.stamp).slice(0, 3)).toEqual(['20260213T214223Z', '20260213T214223Z-2', '20260213T214223Z-3']);
    expect(JSON.parse(await readFile(sealed[0]!.file, 'utf8')).n).toBe(0);
    const list = await listVerdicts(root, 'm4', SNAP);
    expect(list.map((v) => v.stamp)).toEqual(sealed.map((s) => s.stamp));
    const latest = await latestVerdict(root, 'm4', SNAP);
    expect(latest?.stamp).toBe('20260213T214223Z-11');
    expect(latest?.verdict.n).toBe(10);
    expect(latest?.path).toBe(sealed[10]!.file);
  });

  it('parallel seals in the same second all land in distinct folders', async () => {
    const sealed = await Promise.all(
      Array.from({ length: 8 }, (_, n) =>
        sealVerdict({ evidenceRoot: root, phaseDir: 'm4', snapshotName: SNAP, verdict: verdict(n), clock }),
      ),
    );
    expect(new Set(sealed.map((s) => s.dir)).size).toBe(8);
    const ns = await Promise.all(sealed.map(async (s) => JSON.parse(await readFile(s.file, 'utf8')).n));
    expect(ns).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('does not take over an existing empty folder with the same stamp', async () => {
    await mkdir(path.join(root, 'm4', '20260213T214223Z'), { recursive: true });
    const sealed = await sealVerdict({ evidenceRoot: root, phaseDir: 'm4', snapshotName: SNAP, verdict: verdict(0), clock });
    expect(sealed.stamp).toBe('20260213T214223Z-2');
    expect(await readdir(path.join(root, 'm4', '20260213T214223Z'))).toEqual([]);
  });

  it('seals read-only: file 0444, folder 0555', async () => {
    const sealed = await sealVerdict({ evidenceRoot: root, phaseDir: 'm4', snapshotName: SNAP, verdict: verdict(0), clock });
    expect((await stat(sealed.file)).mode & 0o777).toBe(0o444);
    expect((await stat(sealed.dir)).mode & 0o777).toBe(0o555);
    if (!isRoot) {
      await expect(writeFile(sealed.file, '{}')).rejects.toMatchObject({ code: 'EACCES' });
      await expect(writeFile(path.join(sealed.dir, 'extra.json'), '{}')).rejects.toMatchObject({ code: 'EACCES' });
    }
  });

  it('masks secret-looking values in the verdict', async () => {
    const v = { ...verdict(0), checks: [{ details: { password: 'hunter2', path: '/fraud-platform/dev_min/db/password' } }] };
    const sealed = await sealVerdict({ evidenceRoot: root, phaseDir: 'm4', snapshotName: SNAP, verdict: v, clock });
    const text = await readFile(sealed.file, 'utf8');
    expect(text).not.toContain('hunter2');
    expect(text).toContain('/fraud-platform/dev_min/db/password');
  });

  it('rejects folder and file names that would escape the evidence root', async () => {
    await expect(sealVerdict({ evidenceRoot: root, phaseDir: '../m4', snapshotName: SNAP, verdict: verdict(0), clock })).rejects.toThrow(
      /invalid phase folder/,
    );
    await expect(
      sealVerdict({ evidenceRoot: root, phaseDir: 'm4', snapshotName: '.hidden.json', verdict: verdict(0), clock }),
    ).rejects.toThrow(/invalid snapshot name/);
  });
});

describe('listVerdicts / latestVerdict', () => {
  it('is empty when the phase has no folder yet', async () => {
    expect(await listVerdicts(root, 'm4', SNAP)).toEqual([]);
    expect(await latestVerdict(root, 'm4', SNAP)).toBeUndefined();
  });

  it('ignores staging folders, input-evidence folders and other names', async () => {
    const phase = path.join(root, 'm4');
    const a = await sealVerdict({ evidenceRoot: root, phaseDir: 'm4', snapshotName: SNAP, verdict: verdict(0), clock });
    // A crash mid-seal leaves a staging folder, even one with a complete snapshot inside.
    await mkdir(path.join(phase, '.staging-20260213T235959Z-abc'));
    await writeFile(path.join(phase, '.staging-20260213T235959Z-abc', SNAP), JSON.stringify(verdict(9)));
    // Input evidence written by other tools in a later stamp folder, without the snapshot.
    await mkdir(path.join(phase, '20260214T000000Z'));
    await writeFile(path.join(phase, '20260214T000000Z', 'network_posture_snapshot.json'), '{}');
    await mkdir(path.join(phase, 'notes'));
    await writeFile(path.join(phase, 'notes', SNAP), '{}');
    await writeFile(path.join(phase, '20260215T000000Z'), 'a file, not a folder');
    expect((await listVerdicts(root, 'm4', SNAP)).map((v) => v.dir)).toEqual([a.dir]);
    expect((await latestVerdict(root, 'm4', SNAP))?.verdict).toEqual(verdict(0));
  });

  it('a corrupt sealed snapshot is an error naming the file, not "no verdict"', async () => {
    await sealVerdict({ evidenceRoot: root, phaseDir: 'm4', snapshotName: SNAP, verdict: verdict(0), clock });
    const bad = path.join(root, 'm4', '20260214T000000Z');
    await mkdir(bad);
    await writeFile(path.join(bad, SNAP), '{"overall_pass": tru');
    await expect(latestVerdict(root, 'm4', SNAP)).rejects.toThrow(path.join(bad, SNAP));
  });
});

describe('removeStaleStaging', () => {
  it('removes only old staging folders, never sealed ones', async () => {
    const sealed = await sealVerdict({ evidenceRoot: root, phaseDir: 'm4', snapshotName: SNAP, verdict: verdict(0), clock });
    const stale = path.join(root, 'm4', '.staging-20260213T214223Z-dead');
    await mkdir(stale);
    await writeFile(path.join(stale, SNAP), '{"half":');
    expect(await removeStaleStaging(root, 'm4', new Date(), 60_000)).toEqual([]);
    expect(await removeStaleStaging(root, 'm4', new Date(Date.now() + 120_000), 60_000)).toEqual([stale]);
    expect(await readdir(path.join(root, 'm4'))).toEqual([sealed.stamp]);
  });
});
