import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewalk, tempProgramRoot } from '../cli/cli-harness.js';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { copyRoot, gatewalkCrashing, pins, removeRoot, sandboxFiles, snapshots, type Workspace } from './crash-harness.js';
import { lawViolations, snapshotNamesOf } from './crash-laws.js';

// Law 8 under SIGKILL: a repin decision and the seal that follows, killed after each of their
// file operations in turn (every N from 1 to the last). After each crash: the chain verifies,
// every pin that changed has its repin record, every published verdict has its record (same
// SHA-256), impl_actual has no section the logbook lacks; then the same command run again ends
// exactly as it would have without the crash (green, same registry bytes, every decision settled,
// impl_actual and logbook in agreement, no staging left).

interface Scenario {
  name: string;
  env: string;
  makeRoot: () => Promise<string>;
  /** Commands that bring the workspace to the moment before the decision. */
  prepare: string[][];
  /** The decision: a repin and the seal of the rerun (worked out from the prepared root when a function). */
  flow: string[] | ((prepared: string) => Promise<string[]>);
  /** A docs-only phase (sealed_in: logbook): no crash or rerun may write anything under the evidence root. */
  noFolder?: boolean;
}

const dev = (p: string) => ['run', p, '--sandbox'];
const M0_ATTEST = ['--attest', 'authority-lock=pass:ok', '--attest', 'governance=pass:ok'];

/** The hash a changed authority document offers (read from a STOP in a throwaway copy). */
async function docRepin(prepared: string): Promise<string[]> {
  const copy = await copyRoot(prepared);
  try {
    const stop = JSON.parse((await gatewalk(copy, [...dev('M0'), ...M0_ATTEST, '--json'])).stdout) as {
      conflicts: Array<{ handle: string; offers: Array<{ value: string }> }>;
    };
    const c = stop.conflicts[0]!;
    return [...dev('M0'), ...M0_ATTEST, '--repin', `${c.handle}=${c.offers[0]!.value}`, '--reason', 'the build plan edit is accepted'];
  } finally {
    await removeRoot(copy);
  }
}

const SCENARIOS: Scenario[] = [
  {
    // Issue 9.10: the seal of a docs-only phase is one logbook append; a kill anywhere loses no decision.
    name: 'dev_min M0 (docs-only, sealed in the logbook)',
    env: 'dev_min',
    makeRoot: tempProgramRoot,
    prepare: [
      ['sandbox', 'reset'],
      ['sandbox', 'apply', 'edit-authority-doc'],
    ],
    flow: docRepin,
    noFolder: true,
  },
  {
    name: 'dev_min M4.C',
    env: 'dev_min',
    makeRoot: tempProgramRoot,
    prepare: [
      ['sandbox', 'reset'],
      [...dev('M0'), '--attest', 'authority-lock=pass:ok', '--attest', 'governance=pass:ok'],
      dev('M1'),
      dev('M2.E'),
      dev('M2'),
      dev('M3'),
      dev('M4.C'),
      ['sandbox', 'apply', 'materialize-lane-roles'],
    ],
    flow: [...dev('M4.C'), '--repin-from', 'terraform', '--reason', 'lane roles materialized by the demo stack'],
  },
  {
    name: 'shop stage-roles',
    env: SHOP.env,
    makeRoot: () => copyProgram(SHOP),
    prepare: [
      ['sandbox', 'reset'],
      [...dev('release'), '--attest', 'notes=pass:signed off'],
      dev('stage-account'),
      ['sandbox', 'apply', 'create-worker-role'],
    ],
    flow: [...dev('stage-roles'), '--repin-from', 'terraform', '--reason', 'worker role created by the platform stack'],
  },
];

/** Every path under the sandbox evidence root, relative to it. */
async function evidenceTree(root: string): Promise<string[]> {
  const dir = path.join(root, '.gatewalk', 'sandbox');
  const all = await readdir(dir, { recursive: true }).catch(() => []);
  return all
    .map(String)
    .filter((p) => p.split(path.sep)[1] === 'evidence')
    .sort();
}

/** Runs `fn` for 1..n, two at a time (each N has its own copy of the prepared workspace). */
async function eachN(n: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 1;
  const worker = async () => {
    while (next <= n) await fn(next++);
  };
  await Promise.all([worker(), worker()]);
}

for (const sc of SCENARIOS) {
  describe(`crash points: ${sc.name} (repin + seal)`, () => {
    let prepared: string;
    let lastOp: number;
    let ws: Workspace;
    let snapshotNames: Set<string>;
    let planted: Set<string>;
    let before: Record<string, string>;
    let expected: { registry: string; pins: Record<string, string> };
    let flow: string[];
    let evidenceBefore: string[];

    beforeAll(async () => {
      prepared = await sc.makeRoot();
      ws = sandboxFiles(prepared, sc.env);
      snapshotNames = await snapshotNamesOf(prepared);
      for (const [i, args] of sc.prepare.entries()) {
        const r = await gatewalk(prepared, args);
        if (i === 0) planted = new Set((await snapshots(ws, snapshotNames)).map((s) => s.file));
        expect(r.code === 0 || args.includes('M4.C'), `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(true);
      }
      before = await pins(ws.registry);
      flow = typeof sc.flow === 'function' ? await sc.flow(prepared) : sc.flow;
      evidenceBefore = await evidenceTree(prepared);
      // The run without a crash: how many file operations it makes, and how it ends.
      const clean = await copyRoot(prepared);
      const countFile = path.join(clean, 'ops-count');
      const r = await gatewalkCrashing(clean, flow, 0, countFile);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      lastOp = Number(await readFile(countFile, 'utf8'));
      const cws = sandboxFiles(clean, sc.env);
      expected = { registry: await readFile(cws.registry, 'utf8'), pins: await pins(cws.registry) };
      expect(Object.keys(before).filter((h) => before[h] !== expected.pins[h]).length, 'the flow repins something').toBeGreaterThan(0);
      await removeRoot(clean);
    }, 600_000);
    afterAll(async () => {
      if (prepared) await removeRoot(prepared);
    });

    /** The promises that must hold right after any crash (crash-laws.ts). */
    async function invariants(root: string, label: string, settled: boolean) {
      const laws = { env: sc.env, prepared, before, planted, snapshotNames };
      expect(await lawViolations(root, laws, label, settled)).toEqual([]);
      if (sc.noFolder) expect(await evidenceTree(root), `${label}: the evidence root`).toEqual(evidenceBefore);
    }

    it('every N: the records survive, and the rerun ends as if nothing had happened', async () => {
      expect(lastOp).toBeGreaterThan(10);
      const killedAt: number[] = [];
      await eachN(lastOp, async (n) => {
        const root = await copyRoot(prepared);
        try {
          const crashed = await gatewalkCrashing(root, flow, n);
          if (crashed.signal === 'SIGKILL') killedAt.push(n);
          await invariants(root, `killed after op ${n}`, false);
          const next = await gatewalk(root, flow);
          expect(next.code, `op ${n}: rerun: ${next.stdout}${next.stderr}`).toBe(0);
          expect(next.stdout).toContain('blockers: []');
          await invariants(root, `rerun after op ${n}`, true);
          expect(await readFile(sandboxFiles(root, sc.env).registry, 'utf8'), `op ${n}: registry`).toBe(expected.registry);
        } finally {
          await removeRoot(root);
        }
      });
      expect(killedAt.sort((a, b) => a - b)).toEqual(Array.from({ length: lastOp }, (_, i) => i + 1));
    }, 1_800_000);
  });
}
