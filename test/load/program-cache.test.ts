import { createHmac } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProgram } from '../../src/load/load-program.js';
import { readCachedProgram, writeCachedProgram } from '../../src/load/program-cache.js';
import { gatewalk, tempProgramRoot } from '../cli/cli-harness.js';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { tempKeyHome } from '../support/key-home.js';

// The validated-program cache (src/load/program-cache.ts): a hit must give exactly the program a
// fresh load gives, any edited input must miss, and a cache file nobody on this machine wrote
// (planted in a repository or a workspace) must never be believed.

const keyHome = tempKeyHome();

const PROGRAMS = [
  { name: 'dev_min', env: 'dev_min', title: 'Mobilization + Authority Lock (doc-only)', root: () => tempProgramRoot() },
  { name: 'shop', env: SHOP.env, title: 'Release sign-off', root: () => copyProgram(SHOP) },
];

async function cacheFiles(root: string): Promise<string[]> {
  const dir = path.join(root, '.gatewalk', 'cache');
  return (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).map((f) => path.join(dir, f));
}

/** Rewrites the cached program's first phase title, signing the entry with `secret`. */
async function forge(file: string, secret: Buffer, title: string) {
  const raw = JSON.parse(await readFile(file, 'utf8')) as { mac: string; body: string };
  const entry = JSON.parse(raw.body);
  entry.program.runbook.doc.phases[0].title = title;
  const body = JSON.stringify(entry);
  await writeFile(file, JSON.stringify({ mac: createHmac('sha256', secret).update(body).digest('hex'), body }));
}

describe.each(PROGRAMS)('program cache on $name', (p) => {
  it('a cached program equals a freshly loaded one, field for field', async () => {
    const root = await p.root();
    const fresh = await loadProgram({ root, env: p.env });
    const req = { root, env: p.env, registryFile: fresh.registry.path };
    writeCachedProgram(req, fresh);
    expect(await cacheFiles(root)).toHaveLength(1);
    expect(readCachedProgram(req)).toStrictEqual(fresh);
    // Another selection of the same files is another entry, never this one.
    expect(readCachedProgram({ ...req, program: 'other' })).toBeUndefined();
  });

  it('the built CLI writes the cache, answers from it, and believes only entries signed with this machine’s key', async () => {
    const root = await p.root();
    const env = { XDG_CACHE_HOME: keyHome() };
    const first = await gatewalk(root, ['status', '--env', p.env], env);
    expect(first.code).toBe(0);
    const [file] = await cacheFiles(root);
    expect(file).toBeDefined();
    const second = await gatewalk(root, ['status', '--env', p.env], env);
    expect(second.stdout).toBe(first.stdout);

    // Signed with the real key: the entry is used (this is what makes the next assertion meaningful).
    const secret = await readFile(path.join(keyHome(), 'gatewalk', 'program-cache.key'));
    await forge(file!, secret, 'FORGED TITLE');
    expect((await gatewalk(root, ['status', '--env', p.env], env)).stdout).toContain('FORGED TITLE');

    // Planted: the same entry signed with any other key is ignored and the files are read again.
    await forge(file!, Buffer.alloc(32, 7), 'PLANTED TITLE');
    const planted = await gatewalk(root, ['status', '--env', p.env], env);
    expect(planted.stdout).not.toContain('PLANTED TITLE');
    expect(planted.stdout).toContain(p.title);
  });

  it('an edited input misses: a problem introduced after caching is reported at its file and line', async () => {
    const root = await p.root();
    const env = { XDG_CACHE_HOME: keyHome() };
    expect((await gatewalk(root, ['validate', '--env', p.env], env)).code).toBe(0);
    const registry = path.join(root, 'registry', `${p.env}.yaml`);
    await writeFile(registry, (await readFile(registry, 'utf8')) + 'unexpected_top_level_key: 1\n');
    const r = await gatewalk(root, ['validate', '--env', p.env], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`registry/${p.env}\\.yaml:\\d+:\\d+`));
  });

  it('a new runbook in runbooks/ misses (it can change which runbook is picked)', async () => {
    const root = await p.root();
    const env = { XDG_CACHE_HOME: keyHome() };
    expect((await gatewalk(root, ['validate', '--env', p.env], env)).code).toBe(0);
    const [runbook] = (await readdir(path.join(root, 'runbooks'))).filter((f) => f.endsWith('.yaml'));
    await writeFile(path.join(root, 'runbooks', 'zz-copy.yaml'), await readFile(path.join(root, 'runbooks', runbook!)));
    const r = await gatewalk(root, ['validate', '--env', p.env], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/2 runbooks in runbooks\/ have env:/);
  });

  it('GATEWALK_CACHE=off writes and reads no cache', async () => {
    const root = await p.root();
    expect((await gatewalk(root, ['validate', '--env', p.env], { XDG_CACHE_HOME: keyHome(), GATEWALK_CACHE: 'off' })).code).toBe(0);
    expect(await cacheFiles(root)).toEqual([]);
  });
});
