import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { BIN, M0, REPO, tempProgramRoot } from './cli-harness.js';
import { builtinsProbe } from './builtins-probe.js';
import { tracer, type Traced } from './trace-loads.js';

// What the built CLI loads, traced file by file (test/cli/trace-imports.mjs) and mapped back to
// sources through dist/meta.json: "a headless run never loads Ink or React", "iam-simulate is never
// bundled", and (issue 10) the read-only commands stay light.

describe('what a headless run loads', () => {
  it('never loads Ink or React, the AWS SDK only as the services it asks, and iam-simulate only from node_modules', async () => {
    const root = await tempProgramRoot();
    const { loaded, sources } = await (await tracer(root))(M0(root));
    expect(sources).toContain('src/engine/phase-run.ts'); // the trace and the chunk map work
    // The AWS SDK is bundled into lazy per-service chunks, and M0 (documents only) never waits for
    // AWS (issue 7.4): not even STS is asked, so no client chunk loads.
    expect(sources.filter((s) => /node_modules\/@aws-sdk\/client-/.test(s))).toEqual([]);
    expect(loaded.filter((u) => u.includes('node_modules/@aws-sdk/'))).toEqual([]);
    expect(sources.filter((s) => /node_modules\/(ink|react|react-reconciler|yoga-layout)\//.test(s))).toEqual([]);
    expect(loaded.filter((u) => /node_modules\/(ink|react)\//.test(u))).toEqual([]);
    const meta = JSON.parse(await readFile(path.join(REPO, 'dist/meta.json'), 'utf8')) as { outputs: Record<string, { inputs: object }> };
    expect(
      Object.values(meta.outputs)
        .flatMap((o) => Object.keys(o.inputs))
        .filter((s) => s.includes('@cloud-copilot')),
    ).toEqual([]);
  });

  // Issue 10: the commands an operator runs most only read. Once the validated program is cached,
  // they need neither the YAML parser, classic zod, the sandbox emulator nor the lock library.
  it('status, validate and --help on a warm cache load no YAML parser, classic zod, emulator or lock library; a run no JUnit builder', async () => {
    const root = await tempProgramRoot();
    const traced = await tracer(root);
    // …nor the parallel logbook walk (status resumes from its checkpoint: logbook verify and head walk whole).
    const heavy =
      /node_modules\/(yaml|zod\/v4\/classic|proper-lockfile|graceful-fs)\/|src\/substrate\/sandbox\/(state|wire\/server|services)\/|src\/logbook\/verify-parallel\.ts/;
    const status = ['status', '--env', 'dev_min', '--sandbox', '--root', root];
    const validate = ['validate', '--env', 'dev_min', '--root', root];
    await traced(status); // builds the sandbox workspace and caches the program
    await traced(validate);
    for (const [name, args] of [
      ['status', status],
      ['validate', validate],
      ['help', ['--help']],
    ] as const) {
      const { loaded, sources } = await traced([...args]);
      if (name === 'status') expect(sources).toContain('src/engine/phase-state.ts'); // the trace sees the command's own code
      expect({ name, heavy: [...sources, ...loaded].filter((s) => heavy.test(s)) }).toEqual({ name, heavy: [] });
      // validate and --help check no shape on a warm cache: zod/mini's chunk (~5 ms) stays unloaded.
      if (name !== 'status') expect({ name, zod: sources.filter((s) => /node_modules\/zod\//.test(s)) }).toEqual({ name, zod: [] });
      else
        expect(
          sources.some((s) => /node_modules\/zod\//.test(s)),
          'the pattern sees zod where it loads',
        ).toBe(true);
    }
    // A run without --junit never loads the JUnit builder (lodash, xmlbuilder), and one that repins
    // nothing on an existing workspace never loads the YAML parser.
    const run = await traced(M0(root));
    expect(run.sources).toContain('src/engine/phase-run.ts');
    expect(run.sources.filter((s) => /node_modules\/(junit-report-builder|lodash|xmlbuilder|yaml)\//.test(s))).toEqual([]);
    // …and loads no AWS service's client: M0 asks no AWS service. The gate kinds themselves (a few
    // hundred bytes each) ride in the run's own chunk (scripts/chunk-groups.mjs); what makes a kind
    // heavy, its service's SDK client, loads only when a check of that kind asks the service.
    expect(run.sources).toContain('src/gates/attest.ts');
    expect(run.sources.filter((s) => /^src\/substrate\/aws-sdk\/|node_modules\/@(aws-sdk|smithy)\//.test(s))).toEqual([]);
  });

  it('status, validate and --help compile no worker_threads (nor --help os): the launcher requires them only when a thread is spawned', async () => {
    const root = await tempProgramRoot();
    const probe = await builtinsProbe(root);
    for (const args of [
      ['status', '--env', 'dev_min', '--sandbox', '--root', root],
      ['validate', '--env', 'dev_min', '--root', root],
      ['--help'],
    ]) {
      const r = spawnSync(process.execPath, ['--require', probe.file, BIN, ...args], {
        env: { PATH: process.env.PATH, HOME: root, NO_COLOR: '1' },
      });
      expect(r.status, String(r.stderr)).toBe(0);
      const builtins = await probe.read();
      expect(builtins, 'the probe sees what Node compiled').toContain('NativeModule fs');
      const unwanted =
        args[0] === '--help' ? /^NativeModule (worker_threads|internal\/worker|os)$/ : /^NativeModule (worker_threads|internal\/worker)$/;
      expect({ args: args[0], loaded: builtins.filter((m) => unwanted.test(m)) }).toEqual({ args: args[0], loaded: [] });
    }
  });

  // Issue 12.5: the console's first frame (the plain phase table) is drawn before Ink, React and the
  // screens load. Read off the build's chunk graph: everything the first frame's code imports
  // statically (the files holding tui-command, session and phase-state, and the entry) holds none of
  // them, while the console behind it does (so the walk sees what it should).
  it("the console's first frame statically loads no Ink or React; the console's own chunk does", async () => {
    const meta = JSON.parse(await readFile(path.join(REPO, 'dist/meta.json'), 'utf8')) as {
      outputs: Record<string, { inputs: object; imports: Array<{ path: string; kind: string; external?: boolean }> }>;
    };
    const holding = (source: string) => Object.keys(meta.outputs).find((f) => f.endsWith('.js') && source in meta.outputs[f]!.inputs)!;
    const closure = (starts: string[]) => {
      const seen = new Set(starts);
      for (const todo = [...starts]; todo.length > 0;) {
        for (const i of meta.outputs[todo.pop()!]!.imports) {
          if (i.kind === 'import-statement' && !i.external && !seen.has(i.path)) {
            seen.add(i.path);
            todo.push(i.path);
          }
        }
      }
      return [...seen].flatMap((f) => Object.keys(meta.outputs[f]!.inputs));
    };
    const ui = /node_modules\/(ink|react|react-reconciler|yoga-layout)\//;
    const first = closure([
      'dist/gatewalk.js',
      ...['src/cli/tui-command.ts', 'src/session/session.ts', 'src/engine/phase-state.ts'].map(holding),
    ]);
    expect(first).toContain('src/cli/status-lines.ts');
    expect(first.filter((s) => ui.test(s))).toEqual([]);
    expect(closure([holding('src/console/start-tui.tsx')]).filter((s) => ui.test(s))).not.toEqual([]);
  });

  // Issue 10: every schema is a zod/mini one (gate parameters, registry and runbook shapes, the
  // signed head, the sandbox's state): classic zod (~45 ms of CPU a run, its 170 KB parsed) is never
  // bundled, so neither a run nor validating a program whose cache missed loads it. Traced on both
  // programs: dev_min's M4.C (after M0–M3) and shop's stage-account.
  const classic = (t: Traced) =>
    [...t.sources, ...t.loaded, ...t.others.sources, ...t.others.loaded].filter((s) => /zod\/v4\/classic\//.test(s));
  it('no run loads classic zod, cold cache or warm (dev_min M4.C, shop stage-account); no chunk bundles it', async () => {
    const meta = JSON.parse(await readFile(path.join(REPO, 'dist/meta.json'), 'utf8')) as { outputs: Record<string, { inputs: object }> };
    const { 'dist/zod-mini.js': apart, ...main } = meta.outputs;
    const bundled = Object.values(main).flatMap((o) => Object.keys(o.inputs));
    expect(bundled.filter((s) => s.startsWith('node_modules/yaml/'))).not.toEqual([]); // the map lists bundled libraries' files
    // zod/mini is bundled apart (dist/zod-mini.js, its own build); no chunk of the main build holds any zod.
    expect(Object.keys(apart!.inputs).filter((s) => /node_modules\/zod\/v4\/mini\//.test(s))).not.toEqual([]);
    expect(bundled.filter((s) => /node_modules\/zod\//.test(s))).toEqual([]);
    // zod lives only in dist/zod-mini.js now; its notice ships with the other bundled libraries.
    expect(await readFile(path.join(REPO, 'dist/THIRD_PARTY_LICENSES.txt'), 'utf8')).toMatch(
      /^zod@4\S* \(MIT\)\n\nMIT License[\s\S]*Colin McDonnell/m,
    );
    const root = await tempProgramRoot();
    const traced = await tracer(root);
    const run = (phase: string, ...extra: string[]) => ['run', phase, '--env', 'dev_min', '--sandbox', '--root', root, ...extra];
    const cold = await traced(run('M0', '--attest', 'authority-lock=pass:ok', '--attest', 'governance=pass:ok'));
    expect(cold.sources).toContain('src/core/runbook-schema.ts'); // the trace sees the validating load
    expect(classic(cold)).toEqual([]);
    for (const p of ['M1', 'M2.E', 'M2', 'M3']) await traced(run(p));
    const m4c = await traced(run('M4.C'), 3); // blocked: the lane roles are not materialized yet
    expect(m4c.sources).toEqual(expect.arrayContaining(['src/gates/iam-simulate.ts', 'src/gates/iam-roles-materialized.ts']));
    expect(m4c.sources).toContain('src/core/registry-schema.ts');
    expect(classic(m4c)).toEqual([]);
    // The run's code comes in few files (scripts/chunk-groups.mjs joins what is always loaded together):
    // esbuild's own splitting had the session's thread load ~75 for this run, each resolved, compiled
    // and linked on its own.
    const files = new Set(m4c.loaded.filter((u) => u.includes('/dist/')));
    expect(files.size, [...files].join('\n')).toBeLessThanOrEqual(30);

    const shop = await copyProgram(SHOP);
    const shopTraced = await tracer(shop);
    const shopRun = (phase: string, ...extra: string[]) => ['run', phase, '--sandbox', '--root', shop, ...extra];
    await shopTraced(shopRun('release', '--attest', 'notes=pass:ok'));
    const stage = await shopTraced(shopRun('stage-account'));
    expect(stage.sources).toEqual(expect.arrayContaining(['src/gates/sts-identity.ts', 'src/gates/ssm-parameters-present.ts']));
    expect(classic(stage)).toEqual([]);
  });

  // The sandbox's emulator runs on a thread of its own (src/substrate/sandbox/wire/emulator.ts):
  // serving calls and evaluating policies never take the session's thread.
  it('a run on the sandbox serves its AWS calls from the emulator thread: the session thread loads neither its server nor iam-simulate', async () => {
    const root = await tempProgramRoot();
    const traced = await tracer(root);
    await traced(M0(root));
    await traced(['run', 'M1', '--env', 'dev_min', '--sandbox', '--root', root]);
    const m2e = await traced(['run', 'M2.E', '--env', 'dev_min', '--sandbox', '--root', root]);
    expect(m2e.sources).toContain('src/gates/iam-simulate.ts'); // the phase simulates policies
    const emulator = /src\/substrate\/sandbox\/(wire\/(server|dispatch)|services\/)|@cloud-copilot\//;
    expect([...m2e.sources, ...m2e.loaded].filter((s) => emulator.test(s))).toEqual([]);
    expect(m2e.others.sources).toEqual(
      expect.arrayContaining(['src/substrate/sandbox/wire/server.ts', 'src/substrate/sandbox/services/iam-simulate.ts']),
    );
    expect(m2e.others.loaded.filter((u) => u.includes('node_modules/@cloud-copilot/iam-simulate/'))).not.toEqual([]);
  });
});

// `sandbox serve` is long-lived: the policy evaluator (≈100 modules and ICU's collation data) loads
// right after it prints its endpoint, so the first SimulatePrincipalPolicy a client sends does not
// wait on it. Seen here without any request: the evaluator's modules load all the same.
describe('what sandbox serve loads before its first request', () => {
  it('the policy evaluator and the statement locator, with no request sent', async () => {
    const root = await tempProgramRoot();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gw-trace-serve-'));
    const trace = path.join(dir, 'serve.txt');
    const serve = spawn(
      process.execPath,
      ['--import', path.join(REPO, 'test/cli/trace-imports.mjs'), BIN, 'sandbox', 'serve', '--port', '0', '--root', root],
      { env: { PATH: process.env.PATH, HOME: root, GATEWALK_TRACE_IMPORTS: trace }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<number | null>((resolve) => serve.on('exit', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        let out = '';
        serve.stdout.on('data', (d) => ((out += d), /AWS_REGION=\S+\n/.test(out) && resolve()));
        void exited.then((code) => reject(new Error(`sandbox serve exited ${code}`)));
      });
      const meta = JSON.parse(await readFile(path.join(REPO, 'dist/meta.json'), 'utf8')) as {
        outputs: Record<string, { inputs: Record<string, unknown> }>;
      };
      // What the server's thread has loaded so far: module URLs, and the sources inside its dist chunks.
      const loads = async () => {
        const urls = (await readFile(trace, 'utf8')).split('\n').map((l) => l.slice(l.indexOf(' ') + 1));
        const sources = urls
          .filter((u) => u.includes('/dist/'))
          .flatMap((u) => Object.keys(meta.outputs[path.relative(REPO, new URL(u).pathname)]?.inputs ?? {}));
        return [...urls, ...sources];
      };
      // Polled until both show (or the test's own timeout fails it): they load in the background.
      for (;;) {
        const loaded = await loads();
        if (
          loaded.some((u) => u.includes('/node_modules/@cloud-copilot/iam-simulate/')) &&
          loaded.includes('src/substrate/sandbox/services/policy-positions.ts')
        )
          break;
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      serve.kill('SIGINT');
      expect(await exited).toBe(0);
    }
  }, 20_000);
});
