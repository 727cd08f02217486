import { createHash } from 'node:crypto';
import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { gatewalk, tempProgramRoot } from './cli-harness.js';

// Issue 7.17: the sandbox runs on a copy of registry/<env>.yaml made at `sandbox reset`. When the
// root registry changes afterwards, every command says so (never a silent mismatch): runs and
// rechecks refuse (exit 2) naming the file and the way forward, `status` and `sandbox status` warn,
// and `sandbox sync-registry` takes the new file in while the emulator state stays.

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

interface Case {
  name: string;
  root: () => Promise<string>;
  env: string;
  /** A phase of the program (run to see whether the run is refused). */
  phase: string;
  /** A sandbox change to apply before the edit: its state must survive sync-registry. */
  change: string;
}

const CASES: Case[] = [
  { name: 'dev_min', root: tempProgramRoot, env: 'dev_min', phase: 'M0', change: 'materialize-lane-roles' },
  { name: 'shop', root: () => copyProgram(SHOP), env: SHOP.env, phase: 'release', change: 'create-worker-role' },
];

describe.each(CASES)('the sandbox registry copy: $name (issue 7.17)', (c) => {
  it('a changed registry is said before any run; sync-registry takes it in and keeps the account state', async () => {
    const root = await c.root();
    const source = path.join(root, 'registry', `${c.env}.yaml`);
    const copy = path.join(root, '.gatewalk', 'sandbox', c.env, 'registry', `${c.env}.yaml`);
    expect((await gatewalk(root, ['sandbox', 'reset'])).code).toBe(0);
    const fresh = JSON.parse((await gatewalk(root, ['sandbox', 'status', '--json'])).stdout);
    expect(fresh.registry).toMatchObject({
      current: true,
      source: `registry/${c.env}.yaml`,
      source_sha256: sha256(await readFile(source)),
    });
    expect((await gatewalk(root, ['sandbox', 'apply', c.change])).code).toBe(0);
    expect((await gatewalk(root, ['run', c.phase, '--sandbox'])).code).not.toBe(2);

    await appendFile(source, '# edited after the sandbox copied it\n');
    const run = await gatewalk(root, ['run', c.phase, '--sandbox']);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(`registry/${c.env}.yaml changed since the sandbox copied it`);
    expect(run.stderr).toContain(`the sandbox still uses the old copy .gatewalk/sandbox/${c.env}/registry/${c.env}.yaml`);
    expect(run.stderr).toContain('gatewalk sandbox sync-registry');
    expect(run.stderr).toContain('gatewalk sandbox reset');
    expect((await gatewalk(root, ['recheck', '--sandbox'])).code).toBe(2);

    const status = await gatewalk(root, ['status', '--sandbox']);
    expect(status.code, status.stderr).toBe(0); // status warns, it does not refuse
    expect(status.stderr).toContain(`registry/${c.env}.yaml changed since the sandbox copied it`);
    const sbText = await gatewalk(root, ['sandbox', 'status']);
    expect(sbText.stdout).toContain(`NOT CURRENT: registry/${c.env}.yaml changed since the copy`);
    expect(sbText.stderr).toContain('sandbox sync-registry');
    const stale = JSON.parse((await gatewalk(root, ['sandbox', 'status', '--json'])).stdout);
    expect(stale.registry).toMatchObject({ current: false, why: 'changed' });

    const sync = await gatewalk(root, ['sandbox', 'sync-registry']);
    expect(sync.code, sync.stderr).toBe(0);
    expect(await readFile(copy)).toEqual(await readFile(source));
    const synced = JSON.parse((await gatewalk(root, ['sandbox', 'status', '--json'])).stdout);
    expect(synced.registry.current).toBe(true);
    expect(synced.applied_changes.map((a: { change: string }) => a.change)).toEqual([c.change]); // the emulator state stayed
    const again = await gatewalk(root, ['run', c.phase, '--sandbox']);
    expect(again.code, again.stderr).not.toBe(2);
    expect(again.stderr).not.toContain('changed since the sandbox copied it');
  });

  it('reset takes the new file too; a copy made before copies were recorded is current only while byte-identical', async () => {
    const root = await c.root();
    const source = path.join(root, 'registry', `${c.env}.yaml`);
    const record = path.join(root, '.gatewalk', 'sandbox', c.env, 'registry-source.json');
    expect((await gatewalk(root, ['sandbox', 'reset'])).code).toBe(0);
    await appendFile(source, '# edited\n');
    expect((await gatewalk(root, ['run', c.phase, '--sandbox'])).code).toBe(2);
    expect((await gatewalk(root, ['sandbox', 'reset'])).code).toBe(0);
    expect((await gatewalk(root, ['run', c.phase, '--sandbox'])).code).not.toBe(2);

    await rm(record); // a workspace from before the record existed
    expect(JSON.parse((await gatewalk(root, ['sandbox', 'status', '--json'])).stdout).registry.current).toBe(true);
    await appendFile(source, '# edited again\n');
    const run = await gatewalk(root, ['run', c.phase, '--sandbox']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`registry/${c.env}.yaml differs from the sandbox's copy`);
  });

  it('a copy record out of shape is refused naming it, never read as current; reset rebuilds it', async () => {
    const root = await c.root();
    const record = path.join(root, '.gatewalk', 'sandbox', c.env, 'registry-source.json');
    const shown = `.gatewalk/sandbox/${c.env}/registry-source.json`;
    expect((await gatewalk(root, ['sandbox', 'reset'])).code).toBe(0);
    const good = JSON.parse(await readFile(record, 'utf8')) as Record<string, string>;
    for (const [what, text] of [
      ['a digest that is not SHA-256 hex', JSON.stringify({ ...good, sha256: 'current' })],
      ['a field the record does not have', JSON.stringify({ ...good, current: true })],
      ['a field missing', JSON.stringify({ source: good.source, sha256: good.sha256 })],
      ['not JSON', '{"source": '],
    ] as const) {
      await writeFile(record, text);
      const run = await gatewalk(root, ['run', c.phase, '--sandbox']);
      expect({ what, code: run.code }).toEqual({ what, code: 2 });
      expect(run.stderr, what).toContain(shown);
      expect(run.stderr, what).toContain('sandbox reset');
    }
    expect((await gatewalk(root, ['sandbox', 'reset'])).code).toBe(0);
    expect((await gatewalk(root, ['run', c.phase, '--sandbox'])).code).not.toBe(2);
  });
});
