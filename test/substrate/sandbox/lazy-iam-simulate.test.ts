import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from './helpers.js';

// @cloud-copilot/iam-simulate is AGPL-3.0: gatewalk may use it at run time in the sandbox, but
// importing the sandbox must not load it and a bundle must keep it external and lazy.
describe('iam-simulate stays lazy', () => {
  let dir: string;
  let bundle: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gatewalk-lazy-'));
    await symlink(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const out = await build({
      entryPoints: [join(REPO, 'src', 'substrate', 'sandbox', 'index.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      write: false,
      logLevel: 'silent',
    });
    bundle = out.outputFiles[0]!.text;
    await writeFile(join(dir, 'sandbox.mjs'), bundle);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is only ever imported dynamically', () => {
    expect(bundle).toMatch(/import\(\s*["']@cloud-copilot\/iam-simulate["']\s*\)/);
    expect(bundle).not.toMatch(/from\s*["']@cloud-copilot\//);
  });

  it('importing the sandbox module does not load it', async () => {
    // A resolve hook that refuses the package: the import must succeed without ever asking for it.
    await writeFile(
      join(dir, 'hook.mjs'),
      `export async function resolve(specifier, context, next) {
         if (specifier.startsWith('@cloud-copilot/')) throw new Error('REFUSED ' + specifier);
         return next(specifier, context);
       }`,
    );
    await writeFile(join(dir, 'register.mjs'), `import { register } from 'node:module'; register('./hook.mjs', import.meta.url);`);
    await writeFile(
      join(dir, 'main.mjs'),
      `const sandbox = await import('./sandbox.mjs');
       console.log('imported', typeof sandbox.startSandboxServer);
       try { await import('@cloud-copilot/iam-simulate'); console.log('hook inactive'); } catch (e) { console.log(String(e.message)); }`,
    );
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', './register.mjs', 'main.mjs'], { cwd: dir });
    expect(stdout).toContain('imported function');
    expect(stdout).toContain('REFUSED @cloud-copilot/iam-simulate');
  });
});
