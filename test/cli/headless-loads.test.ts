import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, REPO, tempProgramRoot } from './cli-harness.js';

// "The headless run must not load Ink or React" and "iam-simulate is never bundled": checked on
// the built output, by tracing which files a real headless run loads.
describe('what a headless run loads', () => {
  it('never loads Ink or React, the AWS SDK only as the services it asks, and iam-simulate only from node_modules', async () => {
    const root = await tempProgramRoot();
    const trace = path.join(await mkdtemp(path.join(os.tmpdir(), 'gw-trace-')), 'imports.txt');
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        path.join(REPO, 'test/cli/trace-imports.mjs'),
        BIN,
        'run',
        'M0',
        '--env',
        'dev_min',
        '--sandbox',
        '--root',
        root,
        '--attest',
        'authority-lock=pass:ok',
        '--attest',
        'governance=pass:ok',
      ],
      { env: { PATH: process.env.PATH, HOME: root, GATEWALK_TRACE_IMPORTS: trace }, encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(0);
    const loaded = (await readFile(trace, 'utf8')).split('\n').filter(Boolean);
    const meta = JSON.parse(await readFile(path.join(REPO, 'dist/meta.json'), 'utf8')) as {
      outputs: Record<string, { inputs: Record<string, unknown> }>;
    };
    const inputsOf = (url: string) => {
      const rel = path.relative(REPO, new URL(url).pathname);
      return Object.keys(meta.outputs[rel]?.inputs ?? {});
    };
    const loadedSources = loaded.filter((u) => u.includes('/dist/')).flatMap(inputsOf);
    expect(loadedSources).toContain('src/engine/phase-run.ts'); // the trace and the chunk map work
    // The AWS SDK is bundled into lazy per-service chunks, and M0 (documents only) never waits for
    // AWS (issue 7.4): not even STS is asked, so no client chunk loads.
    expect(loadedSources.filter((s) => /node_modules\/@aws-sdk\/client-/.test(s))).toEqual([]);
    expect(loaded.filter((u) => u.includes('node_modules/@aws-sdk/'))).toEqual([]);
    expect(loadedSources.filter((s) => /node_modules\/(ink|react|react-reconciler|yoga-layout)\//.test(s))).toEqual([]);
    expect(loaded.filter((u) => /node_modules\/(ink|react)\//.test(u))).toEqual([]);
    const bundledInputs = Object.values(meta.outputs).flatMap((o) => Object.keys(o.inputs));
    expect(bundledInputs.filter((s) => s.includes('@cloud-copilot'))).toEqual([]);
  });

  // Issue 10: the commands an operator runs most only read. Once the validated program is cached,
  // they need neither the YAML parser, classic zod, the sandbox emulator nor the lock library.
  it('status, validate and --help on a warm cache load no YAML parser, classic zod, emulator or lock library', async () => {
    const root = await tempProgramRoot();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gw-trace-'));
    const traced = async (name: string, args: string[]) => {
      const trace = path.join(dir, `${name}.txt`);
      const env = { PATH: process.env.PATH, HOME: root, GATEWALK_TRACE_IMPORTS: trace };
      const run = spawnSync(process.execPath, ['--import', path.join(REPO, 'test/cli/trace-imports.mjs'), BIN, ...args], {
        env,
        encoding: 'utf8',
      });
      expect(run.status, run.stderr).toBe(0);
      return (await readFile(trace, 'utf8')).split('\n').filter(Boolean);
    };
    const meta = JSON.parse(await readFile(path.join(REPO, 'dist/meta.json'), 'utf8')) as {
      outputs: Record<string, { inputs: Record<string, unknown> }>;
    };
    const sources = (loaded: string[]) =>
      loaded
        .filter((u) => u.includes('/dist/'))
        .flatMap((u) => Object.keys(meta.outputs[path.relative(REPO, new URL(u).pathname)]?.inputs ?? {}));
    const heavy =
      /node_modules\/(yaml|zod\/v4\/classic|proper-lockfile|graceful-fs)\/|src\/substrate\/sandbox\/(state|wire\/server|services)\//;
    const status = ['status', '--env', 'dev_min', '--sandbox', '--root', root];
    const validate = ['validate', '--env', 'dev_min', '--root', root];
    await traced('warm-status', status); // builds the sandbox workspace and caches the program
    await traced('warm-validate', validate);
    for (const [name, args] of [
      ['status', status],
      ['validate', validate],
      ['help', ['--help']],
    ] as const) {
      const loaded = await traced(name, [...args]);
      if (name === 'status') expect(sources(loaded)).toContain('src/engine/phase-state.ts'); // the trace sees the command's own code
      expect({ name, heavy: [...sources(loaded), ...loaded].filter((s) => heavy.test(s)) }).toEqual({ name, heavy: [] });
    }
    // A run without --junit never loads the JUnit builder (lodash, xmlbuilder), and one that repins
    // nothing on an existing workspace never loads the YAML parser.
    const run = await traced('run', [
      'run',
      'M0',
      '--env',
      'dev_min',
      '--sandbox',
      '--root',
      root,
      '--attest',
      'authority-lock=pass:ok',
      '--attest',
      'governance=pass:ok',
    ]);
    expect(sources(run)).toContain('src/engine/phase-run.ts');
    expect(sources(run).filter((s) => /node_modules\/(junit-report-builder|lodash|xmlbuilder|yaml)\//.test(s))).toEqual([]);
  });
});
