import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLogbook } from '../../src/logbook/verify.js';
import { gatewalk, tempProgramRoot } from '../cli/cli-harness.js';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { copyRoot, gatewalkCrashing, records, removeRoot, sandboxFiles } from './crash-harness.js';

// Ctrl-C at every moment of a headless run (a SIGINT sent right after each file operation in
// turn): every interruption exits 130 and is in the logbook; when the seal had already begun it
// completes, and the run says the verdict was sealed. Never "cancelling…" and exit 0.

const SCENARIOS = [
  {
    name: 'dev_min M1',
    env: 'dev_min',
    makeRoot: tempProgramRoot,
    prepare: [
      ['sandbox', 'reset'],
      ['run', 'M0', '--sandbox', '--attest', 'authority-lock=pass:ok', '--attest', 'governance=pass:ok'],
    ],
    flow: ['run', 'M1', '--sandbox'],
  },
  {
    // Issue 9.10: a docs-only seal is one logbook append; Ctrl-C anywhere is logged, a begun seal completes.
    name: 'dev_min M0 (docs-only)',
    env: 'dev_min',
    makeRoot: tempProgramRoot,
    prepare: [['sandbox', 'reset']],
    flow: ['run', 'M0', '--sandbox', '--attest', 'authority-lock=pass:ok', '--attest', 'governance=pass:ok'],
  },
  {
    name: 'shop release',
    env: SHOP.env,
    makeRoot: () => copyProgram(SHOP),
    prepare: [['sandbox', 'reset']],
    flow: ['run', 'release', '--sandbox', '--attest', 'notes=pass:signed off'],
  },
];

for (const sc of SCENARIOS) {
  describe(`Ctrl-C at every file operation: ${sc.name}`, () => {
    let prepared: string;
    let lastOp: number;
    beforeAll(async () => {
      prepared = await sc.makeRoot();
      for (const args of sc.prepare) expect((await gatewalk(prepared, args)).code).toBe(0);
      const clean = await copyRoot(prepared);
      const countFile = path.join(clean, 'ops-count');
      expect((await gatewalkCrashing(clean, sc.flow, 0, countFile)).code).toBe(0);
      lastOp = Number(await readFile(countFile, 'utf8'));
      await removeRoot(clean);
    }, 300_000);
    afterAll(async () => {
      if (prepared) await removeRoot(prepared);
    });

    it('each interruption exits 130 and is logged; a seal already begun completes and says so', async () => {
      for (let n = 1; n <= lastOp; n++) {
        const root = await copyRoot(prepared);
        try {
          const before = (await records(sandboxFiles(prepared, sc.env))).length;
          const r = await gatewalkCrashing(root, sc.flow, n, undefined, 'SIGINT');
          const out = `op ${n}: ${r.stdout}${r.stderr}`;
          expect(r.code, out).toBe(130);
          expect(r.stderr, out).not.toMatch(/internal error|\n\s+at /);
          const added = (await records(sandboxFiles(root, sc.env))).slice(before);
          const interrupted = added.filter((x) => x.kind === 'interrupted');
          const sealed = added.find((x) => x.kind === 'verdict.sealed');
          if (r.stderr.includes('interrupted after the command had finished')) {
            expect(sealed, `${out}: finished without a seal`).toBeTruthy(); // the run's work was all done
            continue;
          }
          expect(interrupted, out).toHaveLength(1);
          if (sealed) {
            expect(r.stderr, out).toContain('interrupted after the verdict was sealed');
            expect(interrupted[0]!.data.after_seal, out).toBeTruthy();
          } else expect(r.stderr, out).toContain('interrupted: no verdict sealed');
          expect(await verifyLogbook(sandboxFiles(root, sc.env).logbook), out).toMatchObject({ ok: true });
        } finally {
          await removeRoot(root);
        }
      }
    }, 1_200_000);
  });
}
