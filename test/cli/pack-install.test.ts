import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openTerminal } from '../pty/terminal.js';
import { REPO } from './cli-harness.js';

// The package as a user gets it: `npm pack` of this repository (dist/ as `npm test` just built
// it), installed into an empty project with `npm i` (dependencies from npm's cache, no install
// scripts, no dev dependencies), then used only through its installed binary.

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function exec(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * `work`, or a failure naming `step` once it has taken `ms`: the test's one limit (300 s) would not
 * say which step waited (seen once in a clean clone, on a slow machine; the file passed when rerun).
 */
function step<T>(name: string, work: Promise<T>, ms = 120_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`step "${name}" took more than ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

const SHIPPED =
  /^(package\.json|README\.md|LICENSE|bin\/gatewalk\.js|bin\/package\.json|dist\/package\.json|dist\/v8\/[0-9a-f]{64}\.bin|dist\/[\w-]+\.js|dist\/[\w-]+\.js\.LEGAL\.txt|dist\/THIRD_PARTY_LICENSES\.txt|schemas\/[\w.]+\.schema\.json|registry\/[\w]+\.yaml|runbooks\/[\w]+\.yaml|sandbox\/[\w]+\/.+)$/;

describe('npm package: pack, install into an empty project, run', { timeout: 300_000 }, () => {
  let tmp: string;
  let app: string;
  let files: string[];
  let manifest: { scripts?: Record<string, string>; dependencies?: Record<string, string> };
  // The installed binary, as `npx gatewalk` runs it; HOME is the project so nothing leaks in.
  const gw = (args: string[]) =>
    exec(process.execPath, [path.join(app, 'node_modules', '.bin', 'gatewalk'), ...args], app, {
      PATH: process.env.PATH ?? '',
      HOME: app,
      NO_COLOR: '1',
    });

  beforeAll(async () => {
    expect(existsSync(path.join(REPO, 'dist', 'gatewalk.js')), 'dist/ is built by `npm test` before the tests run').toBe(true);
    tmp = await mkdtemp(path.join(os.tmpdir(), 'gw-pack-'));
    const pack = await step('npm pack', exec('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], REPO));
    expect(pack.code, pack.stderr).toBe(0);
    const [info] = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    files = info!.files.map((f) => f.path).sort();
    const tgz = path.join(tmp, info!.filename);
    app = path.join(tmp, 'app');
    await mkdir(app);
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'infra-repo', private: true }));
    const install = await step(
      'npm install of the packed tarball',
      exec('npm', ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', '--save-dev', tgz], app),
      240_000,
    );
    expect(install.code, install.stderr).toBe(0);
    manifest = JSON.parse(readFileSync(path.join(app, 'node_modules', 'gatewalk', 'package.json'), 'utf8'));
  }, 300_000);

  it('ships what a user needs and nothing else', () => {
    for (const need of [
      'bin/gatewalk.js',
      'dist/gatewalk.js',
      'dist/package.json', // dist/ is CommonJS under a package of ES modules
      'schemas/registry.schema.json',
      'schemas/runbook.schema.json',
      'registry/dev_min.yaml',
      'runbooks/dev_min_spine_green_v0.yaml',
      'sandbox/dev_min/scenario.yaml',
      'README.md',
      'LICENSE',
    ]) {
      expect(files, need).toContain(need);
    }
    expect(
      files.filter((f) => !SHIPPED.test(f)),
      'files outside the shipped set',
    ).toEqual([]);
    expect(files.some((f) => f.endsWith('.map') || f.endsWith('.ts'))).toBe(false);
  });

  it('installs without install scripts or bundled libraries; iam-simulate (AGPL) stays an external dependency', () => {
    const scripts = Object.keys(manifest.scripts ?? {});
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(scripts, hook).not.toContain(hook);
    expect(Object.keys(manifest.dependencies ?? {})).toContain('@cloud-copilot/iam-simulate');
    for (const bundled of ['ink', 'react', 'zod', 'yaml', 'vitest', 'typescript', 'esbuild']) {
      expect(existsSync(path.join(app, 'node_modules', bundled)), `${bundled} is bundled or dev-only`).toBe(false);
    }
    expect(existsSync(path.join(app, 'node_modules', '@cloud-copilot', 'iam-simulate'))).toBe(true);
  });

  it('npx gatewalk --help, init --example, validate, headless sandbox runs and the console in a terminal', async () => {
    const help = await step('npx gatewalk --help', exec('npx', ['--no-install', 'gatewalk', '--help'], app));
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain('gatewalk init');

    const init = await step('init --example', gw(['init', '--example', 'dev_min']));
    expect(init.code, init.stderr).toBe(0);
    // The copied program points its editors at the installed package's schemas.
    const registry = readFileSync(path.join(app, 'registry', 'dev_min.yaml'), 'utf8');
    expect(registry).toMatch(/^# yaml-language-server: \$schema=\.\.\/node_modules\/gatewalk\/schemas\/registry\.schema\.json$/m);
    expect(existsSync(path.join(app, 'schemas'))).toBe(false);

    const validate = await step('validate', gw(['validate']));
    expect(validate.code, validate.stderr).toBe(0);
    const m0 = await step(
      'run M0',
      gw(['run', 'M0', '--sandbox', '--attest', 'authority-lock=pass:pack test', '--attest', 'governance=pass:pack test']),
    );
    expect(m0.code, m0.stderr).toBe(0);
    for (const phase of ['M1', 'M2.E']) {
      const run = await step(`run ${phase}`, gw(['run', phase, '--sandbox'])); // M2.E simulates IAM: loads iam-simulate from node_modules
      expect(run.code, `${phase}: ${run.stderr}`).toBe(0);
    }
    // The package ships the V8 code cache the build made (dist/v8, src/core/code-cache/install.ts): on the
    // Node that built it, the installed copy compiles from it.
    const report = path.join(tmp, 'code-cache.jsonl');
    const status = await step(
      'status with the code-cache report',
      exec(process.execPath, [path.join(app, 'node_modules', '.bin', 'gatewalk'), 'status', '--sandbox'], app, {
        PATH: process.env.PATH ?? '',
        HOME: app,
        GATEWALK_CODE_CACHE_REPORT: report,
      }),
    );
    expect(status.code, status.stderr).toBe(0);
    const cache = JSON.parse(readFileSync(report, 'utf8').trim()) as { hits: number; misses: number; rejected: number; damaged: number };
    expect(cache).toMatchObject({ misses: 0, rejected: 0, damaged: 0 });
    expect(cache.hits).toBeGreaterThanOrEqual(5);

    const t = openTerminal(process.execPath, [path.join(app, 'node_modules', '.bin', 'gatewalk'), '--sandbox'], {
      cwd: app,
      env: { PATH: process.env.PATH ?? '', HOME: app, TERM: 'xterm-256color', LANG: 'C.UTF-8' },
    });
    try {
      const home = await t.waitFor(/M2\s+▶ READY/, 60_000);
      expect(home).toContain('SANDBOX');
      t.press('q');
      expect(await step('the console exits on q', t.exited, 30_000)).toBe(0);
    } finally {
      t.kill();
    }
  });
});
