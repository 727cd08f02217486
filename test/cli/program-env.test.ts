import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { gatewalk, tempProgramRoot } from './cli-harness.js';

// Item 15: `--program X` without `--env` takes the env from that runbook; when two envs could
// match, the error lists them (and never suggests an env that belongs to another program).

describe('--program infers the env', () => {
  let root: string;
  beforeAll(async () => {
    // One repository holding both programs: dev_min (shipped) and shop_launch (env shop_stage).
    root = await tempProgramRoot();
    const shop = await copyProgram(SHOP);
    for (const dir of ['registry', 'runbooks', 'sandbox']) await cp(path.join(shop, dir), path.join(root, dir), { recursive: true });
    await rm(shop, { recursive: true, force: true });
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("validate, status and run use the runbook's env", async () => {
    const v = await gatewalk(root, ['validate', '--program', SHOP.program]);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toContain(`registry/${SHOP.env}.yaml`);
    const s = await gatewalk(root, ['status', '--sandbox', '--program', SHOP.program]);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toContain(`env ${SHOP.env}`);
    const r = await gatewalk(root, ['run', 'release', '--sandbox', '--program', SHOP.program, '--attest', 'notes=pass:ok']);
    expect(r.code, r.stderr).toBe(0);
    expect((await gatewalk(root, ['validate', '--program', 'dev_min_spine_green_v0'])).stdout).toContain('registry/dev_min.yaml');
  });

  it('without --env or --program the error lists every env', async () => {
    const r = await gatewalk(root, ['validate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('several environments (dev_min, shop_stage)');
    expect(r.stderr).toContain('pass --env dev_min or --env shop_stage');
  });

  it('a program in runbooks for two envs: the error lists both', async () => {
    const text = await readFile(path.join(root, 'runbooks/shop_launch.yaml'), 'utf8');
    await writeFile(path.join(root, 'runbooks/shop_launch_eu.yaml'), text.replace('env: shop_stage', 'env: shop_eu'));
    try {
      const r = await gatewalk(root, ['validate', '--program', SHOP.program]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        'program shop_launch is in runbooks for several envs: runbooks/shop_launch.yaml (program: shop_launch, env: shop_stage); runbooks/shop_launch_eu.yaml (program: shop_launch, env: shop_eu)',
      );
      expect(r.stderr).toContain('pass --env shop_stage or --env shop_eu');
      expect((await gatewalk(root, ['validate', '--program', SHOP.program, '--env', SHOP.env])).code).toBe(0);
    } finally {
      await rm(path.join(root, 'runbooks/shop_launch_eu.yaml'));
    }
  });

  it('an unknown program names the programs there are', async () => {
    const r = await gatewalk(root, ['validate', '--program', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no runbook in runbooks/ has program: nope');
    expect(r.stderr).toContain('pass --program dev_min_spine_green_v0 or --program shop_launch');
  });
});
