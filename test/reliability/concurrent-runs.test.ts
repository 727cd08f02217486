import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyLogbook } from '../../src/logbook/verify.js';
import { gatewalk, tempProgramRoot } from '../cli/cli-harness.js';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { records, removeRoot, sandboxFiles, stagingLeft } from './crash-harness.js';

// Eight runs of one phase at once: seals of a phase are serialized (the phase lock), so every run
// ends with its own sealed verdict, none trips over another's staging folder, each verdict names
// the one sealed before it as its predecessor, and the chain holds.

const SCENARIOS = [
  {
    name: 'dev_min M1',
    env: 'dev_min',
    makeRoot: tempProgramRoot,
    prepare: [
      ['sandbox', 'reset'],
      ['run', 'M0', '--sandbox', '--attest', 'authority-lock=pass:ok', '--attest', 'governance=pass:ok'],
    ],
    run: ['run', 'M1', '--sandbox'],
    phase: 'M1',
  },
  {
    // Issue 9.10: a docs-only phase seals into the logbook alone, one seal at a time all the same.
    name: 'dev_min M0 (docs-only)',
    env: 'dev_min',
    makeRoot: tempProgramRoot,
    prepare: [['sandbox', 'reset']],
    run: ['run', 'M0', '--sandbox', '--attest', 'authority-lock=pass:ok', '--attest', 'governance=pass:ok'],
    phase: 'M0',
  },
  {
    name: 'shop release',
    env: SHOP.env,
    makeRoot: () => copyProgram(SHOP),
    prepare: [['sandbox', 'reset']],
    run: ['run', 'release', '--sandbox', '--attest', 'notes=pass:ok'],
    phase: 'release',
  },
];

const roots: string[] = [];
afterAll(async () => {
  for (const r of roots) await removeRoot(r);
});

describe('8 concurrent runs of one phase', () => {
  for (const sc of SCENARIOS) {
    it(`${sc.name}: all eight seal, one at a time, in one chain`, async () => {
      const root = await sc.makeRoot();
      roots.push(root);
      for (const args of sc.prepare) expect((await gatewalk(root, args)).code).toBe(0);
      const runs = await Promise.all(Array.from({ length: 8 }, () => gatewalk(root, sc.run)));
      for (const r of runs) {
        expect(r.code, r.stdout + r.stderr).toBe(0);
        expect(r.stderr).not.toMatch(/ENOENT|internal error|\n\s+at /);
      }
      const ws = sandboxFiles(root, sc.env);
      expect(await verifyLogbook(ws.logbook)).toMatchObject({ ok: true });
      const sealed = (await records(ws)).filter((r) => r.kind === 'verdict.sealed' && r.data.phase === sc.phase);
      expect(sealed).toHaveLength(8);
      // Serialized: each verdict's predecessor is the one recorded just before it.
      let previous: unknown = null;
      for (const rec of sealed) {
        const inLogbook = rec.data.sealed_in === 'logbook';
        const verdict = (inLogbook ? rec.data.verdict : JSON.parse(await readFile(path.resolve(root, String(rec.data.path)), 'utf8'))) as {
          previous_verdict: string | null;
        };
        expect(verdict.previous_verdict).toBe(previous);
        previous = inLogbook ? `${path.relative(root, ws.logbook)}#${rec.seq}` : rec.data.path;
      }
      expect(await stagingLeft(ws)).toEqual([]);
    }, 600_000);
  }
});
