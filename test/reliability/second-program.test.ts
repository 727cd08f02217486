import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatewalk } from '../cli/cli-harness.js';
import { copyProgram, SHOP } from '../fixtures/programs.js';

// Items 7–12 of issue 8 on the second program (env shop_stage, us-east-1, other phases and
// handles): nothing here depends on the shipped dev_min example.

const ENV = ['--env', SHOP.env];
const RELEASE = ['run', 'release', '--sandbox', ...ENV, '--attest', 'notes=pass:signed'];

const RAW = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;
const EVIL = 'EVIL\x1b]52;c;ZXZpbA==\x07\x1b[2J\x9b31m\u202eTAIL';

async function edit(root: string, file: string, from: string, to: string): Promise<void> {
  const text = await readFile(path.join(root, file), 'utf8');
  expect(text).toContain(from);
  await writeFile(path.join(root, file), text.replace(from, to));
}
const lineOf = async (root: string, file: string, needle: string) =>
  (await readFile(path.join(root, file), 'utf8')).split(needle)[0]!.split('\n').length;

describe(`second program (${SHOP.name}: ${SHOP.env}, ${SHOP.region})`, () => {
  it('a hostile runbook title is stripped from status and escaped in --json', async () => {
    const root = await copyProgram();
    await edit(root, 'runbooks/shop_launch.yaml', 'title: Release sign-off', `title: ${JSON.stringify(EVIL)}`);
    await edit(root, 'runbooks/shop_launch.yaml', 'title: Shop launch readiness', `title: ${JSON.stringify(EVIL)}`);
    const status = await gatewalk(root, ['status', '--sandbox', ...ENV]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain('EVIL');
    expect(RAW.test(status.stdout)).toBe(false);
    const run = await gatewalk(root, [...RELEASE, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(RAW.test(run.stdout + run.stderr)).toBe(false);
    expect(run.stdout).toContain('\\u202e');
    expect(JSON.parse(run.stdout).phase_title).toBe(EVIL);
  });

  it('a planted link to a forged manifest never makes release green', async () => {
    const root = await copyProgram();
    const forged = await readFile(path.join(root, 'sandbox/shop_stage/evidence/release/20260301T120000Z/manifest.json'), 'utf8');
    await edit(root, 'sandbox/shop_stage/evidence/release/20260301T120000Z/manifest.json', '"tests_passed": true', '"tests_passed": false');
    expect((await gatewalk(root, ['sandbox', 'reset', ...ENV])).code).toBe(0);
    const out = await mkdtemp(path.join(os.tmpdir(), 'gw-forge-'));
    await writeFile(path.join(out, 'manifest.json'), forged);
    const seeded = path.join(root, '.gatewalk/sandbox/shop_stage/evidence/release/20260301T120000Z/manifest.json');
    await rm(seeded);
    await symlink(path.join(out, 'manifest.json'), seeded);
    const r = await gatewalk(root, RELEASE);
    expect(r.code, r.stdout + r.stderr).toBe(3);
    expect(r.stderr).toMatch(/manifest-tag .*symbolic link/);
  });

  it('registry paths outside the root, deep YAML and a hidden snapshot name are located problems (exit 2)', async () => {
    const root = await copyProgram();
    await edit(root, 'registry/shop_stage.yaml', 'logbook: ops/shop.logbook.jsonl', 'logbook: /var/tmp/shop.logbook.jsonl');
    await edit(root, 'registry/shop_stage.yaml', 'path: infra/platform/outputs.json', 'path: ../platform/outputs.json');
    await edit(root, 'runbooks/shop_launch.yaml', 'snapshot: stage_roles_verdict.json', 'snapshot: .stage_roles_verdict.json');
    await writeFile(
      path.join(root, 'registry/shop_stage.yaml'),
      (await readFile(path.join(root, 'registry/shop_stage.yaml'), 'utf8')) + `deep: ${'['.repeat(500)}${']'.repeat(500)}\n`,
    );
    const r = await gatewalk(root, ['validate', ...ENV]);
    expect(r.code, r.stderr).toBe(2);
    const reg = 'registry/shop_stage.yaml';
    expect(r.stderr).toContain(`${reg}:${await lineOf(root, reg, 'deep: [')}:`);
    expect(r.stderr).toMatch(/nesting deeper than/);
    await writeFile(path.join(root, reg), (await readFile(path.join(root, reg), 'utf8')).replace(/\ndeep: .*\n/, '\n'));
    const c = await gatewalk(root, ['validate', ...ENV]);
    expect(c.code, c.stderr).toBe(2);
    expect(c.stderr).toContain(
      `${reg}:${await lineOf(root, reg, 'logbook: /var')}:12: paths.logbook: "/var/tmp/shop.logbook.jsonl" is absolute`,
    );
    expect(c.stderr).toContain(`${reg}:${await lineOf(root, reg, 'path: ../platform')}:`);
    expect(c.stderr).toMatch(/runbooks\/shop_launch\.yaml:\d+:\d+: .*must be a plain file name ending in \.json/);
  });
});
