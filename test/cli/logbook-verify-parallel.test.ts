import { spawnSync } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLogbookTail } from '../../src/logbook/logbook.js';
import { cutPoints, partsFor } from '../../src/logbook/verify-parallel.js';
import { verifyLogbook } from '../../src/logbook/verify.js';
// @ts-expect-error: the benchmark's generator is plain JavaScript
import { generateLogbook } from '../../bench/gen-logbook.mjs';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { BIN, gatewalk, REPO, tempProgramRoot } from './cli-harness.js';

// `logbook verify` on a logbook big enough to be cut (PARALLEL_BYTES or more): the built binary
// starts a helper worker that claims parts (its entry, dist/logbook-verify-worker.js, is seen
// loading) and reports what a walk from the first line reports — on an intact logbook whose sealed
// verdicts sit in the last parts (anchors hold), and on logbooks broken on either side of the first
// seam, on it, and at the torn end. Both programs: dev_min and the shop fixture.

const CASES = [
  {
    name: 'dev_min (shipped)',
    env: 'dev_min',
    root: tempProgramRoot,
    runs: [
      ['run', 'M0', '--env', 'dev_min', '--sandbox', '--attest', 'authority-lock=pass:ok', '--attest', 'governance=pass:ok'],
      ['run', 'M1', '--env', 'dev_min', '--sandbox'],
    ],
  },
  {
    name: 'shop (second program)',
    env: SHOP.env,
    root: () => copyProgram(SHOP),
    runs: [
      ['run', 'release', '--sandbox', '--attest', 'notes=pass:signed off by qa'],
      ['run', 'stage-account', '--sandbox'],
    ],
  },
];

/** The built binary, its module loads traced (test/cli/trace-imports.mjs). */
async function traced(root: string, args: string[]) {
  const trace = path.join(root, `trace-${Math.random().toString(36).slice(2)}.txt`);
  const report = `${trace}.cache.jsonl`;
  const run = spawnSync(process.execPath, ['--import', path.join(REPO, 'test/cli/trace-imports.mjs'), BIN, ...args, '--root', root], {
    env: { PATH: process.env.PATH, HOME: root, NO_COLOR: '1', GATEWALK_TRACE_IMPORTS: trace, GATEWALK_CODE_CACHE_REPORT: report },
    encoding: 'utf8',
  });
  const loaded = await readFile(trace, 'utf8');
  // What each thread compiled from the build's code cache (src/core/code-cache/install.ts): the workers too.
  const cache = (await readFile(report, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { main: boolean; hits: number; damaged: number; rejected: number });
  await rm(trace);
  await rm(report);
  return {
    code: run.status,
    out: run.stdout + run.stderr,
    worker: loaded.includes('/dist/logbook-verify-worker.js'),
    workersCache: cache.filter((c) => !c.main),
  };
}

describe.each(CASES)('logbook verify in parallel: $name', { timeout: 300_000 }, ({ env, root: makeRoot, runs }) => {
  let root: string;
  let logbook: string;
  let pristine: Buffer;
  let seam: number; // the line the worker's part starts with
  const verify = () => traced(root, ['logbook', 'verify', '--env', env, '--sandbox']);
  const lineAt = (bytes: Buffer, offset: number) => bytes.subarray(0, offset).filter((b) => b === 0x0a).length + 1;

  beforeAll(async () => {
    root = await makeRoot();
    expect((await gatewalk(root, ['status', '--env', env, '--sandbox'])).code).toBe(0);
    logbook = path.join(root, '.gatewalk', 'sandbox', env, 'logbook.jsonl');
    // Records of a kind nothing reads, ~9 MB, then real runs: their sealed verdicts land in the last part.
    generateLogbook(logbook, 20_000, { env, kinds: ['note'] });
    for (const args of runs) {
      const r = await gatewalk(root, args);
      expect(r.code, r.stdout + r.stderr).toBe(0);
    }
    pristine = await readFile(logbook);
    const parts = partsFor(pristine.length);
    expect(parts, 'two parts or more').toBeGreaterThanOrEqual(2);
    expect(os.availableParallelism(), 'a second core (a machine with one core never starts a worker)').toBeGreaterThanOrEqual(2);
    seam = lineAt(pristine, (await cutPoints(logbook, pristine.length, parts))[1]!);
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  it('an intact logbook verifies in a worker, its sealed verdicts anchored', async () => {
    const tail = await readLogbookTail(logbook, 3);
    expect(tail.some((r) => r.kind === 'verdict.sealed')).toBe(true);
    const r = await verify();
    expect(r.out).toContain(
      `${tail.at(-1)!.seq} record(s), hash chain intact; anchors hold; head ${tail.at(-1)!.seq}:${tail.at(-1)!.hash}`,
    );
    expect(r.code).toBe(0);
    expect(r.worker).toBe(true);
    expect(r.workersCache.length).toBeGreaterThanOrEqual(1);
    for (const w of r.workersCache) expect(w).toMatchObject({ damaged: 0, rejected: 0, hits: expect.any(Number) });
    expect(Math.min(...r.workersCache.map((w) => w.hits))).toBeGreaterThanOrEqual(1);
    // `logbook head` verifies the whole chain the same way before it prints the head to pin.
    const head = await traced(root, ['logbook', 'head', '--env', env, '--sandbox']);
    expect([head.code, head.out.trim(), head.worker]).toEqual([0, `${tail.at(-1)!.seq}:${tail.at(-1)!.hash}`, true]);
  });

  it('a break before, on and after the seam, and a torn end: the line and reason of a walk from line 1', async () => {
    const lines = pristine.toString('utf8').split('\n').slice(0, -1);
    const editData = (t: string) => t.replace(/"data":\{"(.)/, (_m, c: string) => `"data":{"${c === 'x' ? 'y' : 'x'}`);
    const relink = (t: string) => t.replace(/"prev_hash":"[0-9a-f]{64}"/, `"prev_hash":"${'c'.repeat(64)}"`);
    const cases: Array<[number, (t: string) => string]> = [
      [5, editData],
      [seam - 1, editData],
      [seam, editData],
      [seam, relink],
      [seam + 3, relink],
      [lines.length, editData], // the last sealed verdict's record
    ];
    for (const [line, tamper] of cases) {
      await writeFile(logbook, lines.map((l, k) => (k === line - 1 ? tamper(l) : l) + '\n').join(''));
      const want = await verifyLogbook(logbook);
      expect(want).toMatchObject({ ok: false, line });
      const r = await verify();
      expect(r.out.trim()).toBe(`BROKEN: ${logbook}:${line}: ${(want as { reason: string }).reason}`);
      expect(r.code).toBe(3);
      expect(r.worker).toBe(true);
    }
    await writeFile(logbook, pristine.subarray(0, pristine.length - 20));
    const r = await verify();
    expect(r.out.trim()).toBe(`BROKEN: ${logbook}:${lines.length}: torn last line: no trailing newline (an interrupted write?)`);
    await writeFile(logbook, pristine);
  });
});
