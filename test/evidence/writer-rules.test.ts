import { chmod, mkdir, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatewalkError } from '../../src/core/errors.js';
import { sha256Hex } from '../../src/core/hash.js';
import { assertSegment, sealVerdict, type SealInput } from '../../src/evidence/writer.js';
import { fixedClock, makeTmp, removeTmp } from '../support/tmp.js';

// Law 5, rule by rule (evidence.test.ts covers the whole seal): names, the write-ahead hook, a
// publish that fails, and the end of the collision search. A second shape: another phase folder
// and snapshot name than evidence.test.ts.

const clock = fixedClock('2027-06-30T08:15:00.000Z');
const STAMP = '20270630T081500Z';
const SNAP = 'stage_account_snapshot.json';
const verdict = { overall_pass: false, blockers: ['ACC-2'] };

let root: string;
beforeEach(async () => {
  root = await makeTmp();
});
afterEach(async () => {
  await removeTmp(root);
});
const seal = (over: Partial<SealInput> = {}) =>
  sealVerdict({ evidenceRoot: root, phaseDir: 'stage_account', snapshotName: SNAP, verdict, clock, ...over });
const phasePath = () => path.join(root, 'stage_account');

describe('assertSegment', () => {
  it.each(['', '.staging-x', '.', '..', 'a/b', 'a\\b', 'a\0b'])('%j is refused', (name) => {
    expect(() => assertSegment('phase folder', name)).toThrow(
      new GatewalkError(`invalid phase folder "${name}": must be a plain file or folder name`),
    );
  });
  it.each(['stage_account', 'm4', 'v1.', 'a.b'])('%j is a plain name', (name) => {
    expect(() => assertSegment('phase folder', name)).not.toThrow();
  });
});

describe('sealVerdict rules', () => {
  it('a bad snapshot name is refused with the way to fix it', async () => {
    const err = (await seal({ snapshotName: '../x.json' }).catch((e: unknown) => e)) as GatewalkError;
    expect(err).toBeInstanceOf(GatewalkError);
    expect(err.tryMessage).toBe("fix the phase's `snapshot:` in the runbook, then run `gatewalk validate`");
  });

  it('a phase folder that is a symbolic link is refused, named as the phase folder', async () => {
    await mkdir(path.join(root, 'elsewhere'));
    await symlink(path.join(root, 'elsewhere'), phasePath());
    await expect(seal()).rejects.toThrow(/^phase folder: .*stage_account is a symbolic link/);
    expect(await readdir(path.join(root, 'elsewhere'))).toEqual([]);
  });

  it('beforePublish sees the final file and its sha256 before it exists; the seal matches what it was told', async () => {
    const told: Array<{ file: string; sha256: string }> = [];
    const sealed = await seal({
      beforePublish: async (s) => {
        told.push(s);
        expect(await readdir(phasePath())).toEqual([expect.stringMatching(/^\.staging-/)]);
      },
    });
    expect(told).toEqual([{ file: sealed.file, sha256: sealed.sha256 }]);
    expect(sealed.sha256).toBe(sha256Hex(JSON.stringify(verdict, null, 2) + '\n'));
  });

  it('a beforePublish that throws publishes nothing and leaves no staging behind', async () => {
    await expect(
      seal({
        beforePublish: async () => {
          throw new Error('logbook full');
        },
      }),
    ).rejects.toThrow('logbook full');
    expect(await readdir(phasePath())).toEqual([]);
  });

  it('a folder that appears under the announced name while sealing is never taken over, and nothing else is published', async () => {
    const err = await seal({
      beforePublish: async ({ file }) => {
        await mkdir(path.dirname(file));
        await writeFile(path.join(path.dirname(file), 'other.json'), '{}');
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewalkError);
    expect((err as GatewalkError).message).toBe(
      `evidence folder ${path.join(phasePath(), STAMP)} appeared while it was being sealed; the verdict was not published`,
    );
    expect((err as GatewalkError).tryMessage).toBe('run the phase again');
    expect(await readdir(phasePath())).toEqual([STAMP]);
    expect(await readdir(path.join(phasePath(), STAMP))).toEqual(['other.json']);
  });

  it('a file that appears under the announced name is never replaced either', async () => {
    const err = await seal({ beforePublish: async ({ file }) => writeFile(path.dirname(file), 'not a folder') }).catch((e: unknown) => e);
    expect((err as GatewalkError).message).toMatch(/appeared while it was being sealed; the verdict was not published$/);
    expect(await readdir(phasePath())).toEqual([STAMP]);
  });

  it('a publish that fails for another reason is that error, not a retry under another name', async () => {
    let calls = 0;
    const err = (await seal({
      beforePublish: async () => {
        calls++;
        const staging = (await readdir(phasePath())).find((n) => n.startsWith('.staging-'))!;
        await chmod(path.join(phasePath(), staging), 0o755);
        await rm(path.join(phasePath(), staging), { recursive: true });
      },
    }).catch((e: unknown) => e)) as NodeJS.ErrnoException;
    expect([err.code, calls]).toEqual(['ENOENT', 1]);
    expect(await readdir(phasePath())).toEqual([]);
  });

  it('the collision search tries up to -1000, then says there is no free name', async () => {
    await mkdir(phasePath());
    await mkdir(path.join(phasePath(), STAMP));
    for (let n = 2; n < 1000; n++) await mkdir(path.join(phasePath(), `${STAMP}-${n}`));
    expect((await seal()).stamp).toBe(`${STAMP}-1000`);
    await expect(seal()).rejects.toThrow(new GatewalkError(`could not find a free evidence folder name for ${STAMP} under ${phasePath()}`));
  });
});
