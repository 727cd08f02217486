import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gatewalk, tempProgramRoot } from '../cli/cli-harness.js';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { removeRoot, sandboxFiles, stagingLeft } from './crash-harness.js';

// Issue 8 item 2, found by the random-kills soak: a seal killed mid-way leaves a staging folder in
// its phase folder; the next start of any run removes it (under that phase's lock), not only the
// next run of the same phase. The sealed verdict beside it stays green.

const SCENARIOS = [
  {
    name: 'dev_min',
    env: 'dev_min',
    makeRoot: tempProgramRoot,
    // M0 is docs-only (sealed in the logbook, no folder): M1 is the first phase with an evidence root.
    before: [['run', 'M0', '--sandbox', '--attest', 'authority-lock=pass:ok', '--attest', 'governance=pass:ok']],
    sealed: ['run', 'M1', '--sandbox'],
    sealedDir: 'm1_build_go',
    snapshot: 'm1_packaging_readiness_snapshot.json',
    phase: 'M1',
    next: ['run', 'M2.E', '--sandbox'],
  },
  {
    name: 'shop',
    env: SHOP.env,
    makeRoot: () => copyProgram(SHOP),
    before: [],
    sealed: ['run', 'release', '--sandbox', '--attest', 'notes=pass:ok'],
    sealedDir: 'release',
    snapshot: 'release_verdict.json',
    phase: 'release',
    next: ['run', 'stage-account', '--sandbox'],
  },
];

const roots: string[] = [];
afterAll(async () => {
  for (const r of roots) await removeRoot(r);
});

describe('staging a killed seal left in another phase', () => {
  for (const sc of SCENARIOS) {
    it(`${sc.name}: removed by the next run of any phase; the sealed verdict stays green`, async () => {
      const root = await sc.makeRoot();
      roots.push(root);
      expect((await gatewalk(root, ['sandbox', 'reset'])).code).toBe(0);
      for (const b of sc.before) expect((await gatewalk(root, b)).code).toBe(0);
      expect((await gatewalk(root, sc.sealed)).code).toBe(0);
      const ws = sandboxFiles(root, sc.env);
      const staging = path.join(ws.evidence, sc.sealedDir, '.staging-20261130T120000Z-0123456789ab');
      await mkdir(staging);
      await writeFile(path.join(staging, sc.snapshot), '{"schema":"gatewalk.verdict/v1","overall_pa'); // cut short
      expect(await stagingLeft(ws)).toHaveLength(1);
      const next = await gatewalk(root, sc.next);
      expect(next.code, next.stdout + next.stderr).toBe(0);
      expect(await stagingLeft(ws)).toEqual([]);
      const status = await gatewalk(root, ['status', '--sandbox', '--json']);
      const rows = JSON.parse(status.stdout) as Array<{ phase: string; state: string }>;
      expect(rows.find((r) => r.phase === sc.phase)?.state).toBe('green');
    }, 300_000);
  }
});
