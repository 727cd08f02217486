import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { chainRoot, evidenceDir, run, SB, sandboxDir, states } from '../reliability/chain-program.js';
import { gatewalk } from './cli-harness.js';

// Issue 7.2: `gatewalk recheck` finds drift between closeouts: the live checks of sealed-green
// phases run again in dependency order, nothing is sealed, one `recheck` record is appended, and
// exit 3 says something that was green no longer is.
const records = async (file: string) =>
  (await readFile(file, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { kind: string; data: any });
const folders = async (root: string) =>
  Promise.all(['a_dir', 'b_dir', 'c_dir'].map(async (d) => (await readdir(evidenceDir(root, d))).length));

describe('gatewalk recheck', { timeout: 180_000 }, () => {
  it('reports drift per phase against its sealed verdict, seals nothing, records one logbook record', async () => {
    const root = await chainRoot();
    for (const p of ['A', 'B', 'C']) expect((await run(root, p)).code).toBe(0);
    const logbook = path.join(sandboxDir(root), 'logbook.jsonl');
    const sealed = await folders(root);

    const calm = await gatewalk(root, ['recheck', ...SB]);
    expect(calm.code, calm.stdout + calm.stderr).toBe(0);
    expect(calm.stdout.match(/✔ STILL GREEN/g)).toHaveLength(3);
    expect(calm.stdout.indexOf(' A ')).toBeLessThan(calm.stdout.indexOf(' B '));

    expect((await gatewalk(root, ['sandbox', 'apply', 'drop-db-password-parameter', '--env', 'dev_min'])).code).toBe(0);
    const before = (await records(logbook)).length;
    const drift = await gatewalk(root, ['recheck', ...SB]);
    expect(drift.code).toBe(3);
    expect(drift.stdout).toMatch(/✘ NO LONGER GREEN B {2}blockers: B-B1/);
    expect(drift.stdout).toContain('/fraud-platform/dev_min/db/password: PASS → FAIL');
    expect(drift.stdout).toMatch(/✔ STILL GREEN +C/);
    const after = await records(logbook);
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)).toMatchObject({
      kind: 'recheck',
      data: {
        drifted: ['B'],
        phases: [
          { phase: 'A', now: 'green' },
          { phase: 'B', now: 'not_green', blockers: ['B-B1'] },
          { phase: 'C', now: 'green' },
        ],
      },
    });
    expect(await folders(root)).toEqual(sealed); // nothing sealed
    expect((await states(root)).states).toEqual({ A: 'green', B: 'green', C: 'green' }); // a recheck is not a verdict

    const one = await gatewalk(root, ['recheck', 'C', ...SB, '--json']);
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout).phases.map((p: { phase: string }) => p.phase)).toEqual(['C']);
  });

  it('on the second program: attestations carry over from the sealed verdict; a dropped parameter is drift', async () => {
    const root = await copyProgram(SHOP);
    expect((await gatewalk(root, ['run', 'release', '--sandbox', '--attest', 'notes=pass:signed off by qa'])).code).toBe(0);
    expect((await gatewalk(root, ['run', 'stage-account', '--sandbox'])).code).toBe(0);
    const calm = await gatewalk(root, ['recheck', '--sandbox']);
    expect(calm.code, calm.stdout + calm.stderr).toBe(0);
    expect(calm.stdout).toMatch(/✔ STILL GREEN +release/);
    expect((await gatewalk(root, ['sandbox', 'apply', 'drop-db-url'])).code).toBe(0);
    const drift = await gatewalk(root, ['recheck', 'stage-account', 'stage-roles', '--sandbox']);
    expect(drift.code).toBe(3);
    expect(drift.stdout).toMatch(/✘ NO LONGER GREEN stage-account/);
    expect(drift.stdout).toContain('skipped stage-roles: its sealed verdict is not green (READY)');
  });
});
