import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, gatewalk, M0, REPO, tempProgramRoot } from '../cli/cli-harness.js';
import { copyProgram, SHOP } from '../fixtures/programs.js';

// dist/ is compiled from the V8 code cache the build leaves in dist/v8 (src/core/code-cache/install.ts,
// scripts/train-code-cache.mjs). What must hold: runs of either program use it; a dist/ file edited
// after the build runs as edited (its cache belongs to the old text, even at the same length);
// a damaged cache never reaches V8 (whose deserializer would stop the process); a cache V8 refuses
// (other flags) costs nothing but the cache; and GATEWALK_CODE_CACHE=off compiles from source.

interface Report {
  main: boolean;
  hits: number;
  misses: number;
  rejected: number;
  damaged: number;
}

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'gw-code-cache-'));
});
afterAll(async () => rm(scratch, { recursive: true, force: true }));

/** `node [flags] BIN args` with a report of what each thread compiled from the cache. */
function reported(bin: string, args: string[], env: Record<string, string> = {}, flags: string[] = []) {
  const report = path.join(scratch, `report-${Math.random().toString(36).slice(2)}.jsonl`);
  const r = spawnSync(process.execPath, [...flags, bin, ...args], {
    env: { PATH: process.env.PATH, HOME: scratch, NO_COLOR: '1', GATEWALK_CODE_CACHE_REPORT: report, ...env },
    encoding: 'utf8',
  });
  let lines: Report[] = [];
  try {
    lines = readFileSync(report, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Report);
  } catch {
    // no report: the process never got to exit
  }
  return { code: r.status, out: r.stdout, err: r.stderr, main: lines.find((l) => l.main), workers: lines.filter((l) => !l.main) };
}

/** A copy of the launcher and dist/ (code, boot, cache) to tamper with; the repository's stays as built. */
async function copyOfDist(): Promise<string> {
  const dir = await mkdtemp(path.join(scratch, 'pkg-'));
  await cp(path.join(REPO, 'bin'), path.join(dir, 'bin'), { recursive: true });
  await mkdir(path.join(dir, 'dist'));
  for (const f of await readdir(path.join(REPO, 'dist'))) {
    if (f.endsWith('.js') || f === 'package.json') await cp(path.join(REPO, 'dist', f), path.join(dir, 'dist', f));
  }
  await cp(path.join(REPO, 'dist', 'v8'), path.join(dir, 'dist', 'v8'), { recursive: true });
  return path.join(dir, 'bin', 'gatewalk.js');
}

const HELP_LINE = "gatewalk — walk a phase-gated AWS program's gates with live checks";

describe('the V8 code cache of dist/', { timeout: 120_000 }, () => {
  it('compiles every file a run loads from the cache, on the shipped program and on the second one', async () => {
    const devMin = await tempProgramRoot();
    const m0 = reported(BIN, M0(devMin));
    expect(m0.code, m0.err).toBe(0);
    expect(m0.main).toMatchObject({ misses: 0, rejected: 0, damaged: 0 });
    expect(m0.main!.hits).toBeGreaterThanOrEqual(10);

    const shop = await copyProgram(SHOP);
    expect((await gatewalk(shop, ['run', 'release', '--sandbox', '--attest', 'notes=pass:ok'])).code).toBe(0);
    const stage = reported(BIN, ['run', 'stage-account', '--sandbox', '--root', shop]);
    expect(stage.code, stage.err).toBe(0);
    expect(stage.out).toMatch(/^stage-account GREEN/);
    expect(stage.main).toMatchObject({ misses: 0, rejected: 0, damaged: 0 });
    expect(stage.main!.hits).toBeGreaterThanOrEqual(10);

    const help = reported(BIN, ['--help']);
    expect(help.out.split('\n')[0]).toBe(HELP_LINE);
    expect(help.main).toMatchObject({ misses: 0, rejected: 0, damaged: 0 });
  });

  it('a dist/ file edited after the build (same length) runs as edited: its cache is of the old text', async () => {
    const bin = await copyOfDist();
    const dist = path.dirname(bin).replace(/bin$/, 'dist');
    const files = await readdir(dist);
    const edited: string[] = [];
    for (const f of files.filter((f) => f.endsWith('.js'))) {
      const text = await readFile(path.join(dist, f), 'utf8');
      if (!text.includes('with live checks')) continue;
      await writeFile(path.join(dist, f), text.replace('with live checks', 'WITH LIVE CHECKS'));
      edited.push(f);
    }
    expect(edited.length).toBeGreaterThanOrEqual(1);
    const help = reported(bin, ['--help']);
    expect(help.out.split('\n')[0]).toBe(HELP_LINE.replace('with live checks', 'WITH LIVE CHECKS'));
    expect(help.main).toMatchObject({ rejected: 0, damaged: 0 });
    expect(help.main!.misses).toBeGreaterThanOrEqual(1);
    expect(help.main!.hits).toBeGreaterThanOrEqual(1);
  });

  it('a damaged cache is never handed to V8: each file so damaged is compiled from its text', async () => {
    const bin = await copyOfDist();
    const v8 = path.join(path.dirname(bin), '..', 'dist', 'v8');
    for (const f of await readdir(v8)) {
      const bytes = await readFile(path.join(v8, f));
      for (let i = 64; i < bytes.length; i += 997) bytes[i]! ^= 0x5a; // the data, past the checksum and V8's header
      await writeFile(path.join(v8, f), bytes);
    }
    const help = reported(bin, ['--help']);
    expect([help.code, help.out.split('\n')[0]], help.err).toEqual([0, HELP_LINE]);
    expect(help.main).toMatchObject({ hits: 0, misses: 0, rejected: 0 });
    expect(help.main!.damaged).toBeGreaterThanOrEqual(1);
    // A cache cut short, or emptied, is damaged too.
    for (const f of await readdir(v8)) await writeFile(path.join(v8, f), (await readFile(path.join(v8, f))).subarray(0, 20));
    const cut = reported(bin, ['--help']);
    expect([cut.code, cut.main!.hits, cut.main!.damaged > 0]).toEqual([0, 0, true]);
  });

  it("a worker thread's report is written once its entry has loaded, not at an exit the process may never give it", async () => {
    // The CLI ends with process.exit(), which stops its workers before their own 'exit' runs: a verify
    // worker's line went missing in CI that way. Here the worker never ends on its own. Like a real
    // entry (the verify worker answers messages), it speaks only after its load: a message posted
    // by the entry's top-level code could make the main thread exit while the worker is still
    // between that load and its report (seen once in a clean clone, 2026-12-03).
    const bin = await copyOfDist();
    const dist = path.join(path.dirname(bin), '..', 'dist');
    await writeFile(
      path.join(dist, 'stay-worker.js'),
      "setImmediate(() => require('node:worker_threads').parentPort.postMessage('up')); setInterval(() => undefined, 1000);\n",
    );
    const main = path.join(scratch, `main-${Math.random().toString(36).slice(2)}.cjs`);
    await writeFile(
      main,
      [
        "const { Worker } = require('node:worker_threads');",
        `const w = new Worker(${JSON.stringify(path.join(dist, 'boot.js'))}, { argv: ['--gatewalk-worker-entry', ${JSON.stringify(path.join(dist, 'stay-worker.js'))}] });`,
        "w.once('message', () => process.exit(0));",
      ].join('\n'),
    );
    const r = reported(main, []);
    expect(r.code, r.err).toBe(0);
    expect(r.workers).toEqual([{ main: false, hits: 0, misses: 1, rejected: 0, damaged: 0 }]);
  });

  it('a cache V8 refuses (other V8 flags) and GATEWALK_CODE_CACHE=off: compiled from source, same output', async () => {
    const refused = reported(BIN, ['--help'], {}, ['--no-opt']);
    expect(refused.out.split('\n')[0]).toBe(HELP_LINE);
    expect(refused.main).toMatchObject({ hits: 0, misses: 0, damaged: 0 });
    expect(refused.main!.rejected).toBeGreaterThanOrEqual(1);
    const off = reported(BIN, ['--help'], { GATEWALK_CODE_CACHE: 'off' });
    expect(off.out.split('\n')[0]).toBe(HELP_LINE);
    expect(off.main).toBeUndefined(); // not installed: nothing to report
  });
});
