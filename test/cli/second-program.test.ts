import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { BIN, gatewalk } from './cli-harness.js';

// The second program fixture (test/fixtures/programs/shop): another env, region (us-east-1),
// account, handle names and phases than the shipped example, driven through the built CLI.

describe('a user program in us-east-1 on the sandbox', { timeout: 240_000 }, () => {
  let root: string;
  beforeAll(async () => {
    root = await copyProgram(SHOP);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('validates, and closes its phases green in the scenario region (not a built-in one)', async () => {
    expect((await gatewalk(root, ['validate'])).code).toBe(0);
    const release = await gatewalk(root, ['run', 'release', '--sandbox', '--attest', 'notes=pass:signed off by qa']);
    expect(release.code, release.stdout + release.stderr).toBe(0);
    expect(release.stderr).not.toContain('changed since'); // item 10: a first verdict has no previous one
    // SSM parameters live in us-east-1 only: a client signing for another region finds none.
    const account = await gatewalk(root, ['run', 'stage-account', '--sandbox']);
    expect(account.code, account.stdout + account.stderr).toBe(0);
    expect(account.stdout).toContain('checks: 2 (2 pass, 0 fail, 0 error, 0 manual, 0 skip)');
    expect(account.stdout).toContain('results: 4 (4 pass, 0 fail, 0 error, 0 manual, 0 skip)');
    expect(account.stdout).not.toMatch(/does not exist/);
    // With a --region that disagrees, the sandbox still answers in its own region.
    const again = await gatewalk(root, ['run', 'stage-account', '--sandbox', '--region', 'eu-west-2']);
    expect(again.code, again.stdout + again.stderr).toBe(0);
  });

  it('records: a single repin of the Terraform value names Terraform as its source; every path is root-relative', async () => {
    expect((await gatewalk(root, ['sandbox', 'apply', 'create-worker-role'])).code).toBe(0);
    const arn = `arn:aws:iam::${SHOP.account}:role/shop-stage-worker`;
    // Item 11: the STOP's suggested commands carry the flags in effect (pasted, they act on this sandbox).
    const stop = await gatewalk(root, ['run', 'stage-roles', '--sandbox']);
    expect(stop.code, stop.stdout + stop.stderr).toBe(4);
    expect(stop.stdout).toContain(`gatewalk run stage-roles --env ${SHOP.env} --sandbox --root ${root} --repin-from terraform --reason`);
    expect(stop.stdout).toContain(`gatewalk run stage-roles --env ${SHOP.env} --sandbox --root ${root} --repin WORKER_ROLE=VALUE`);
    const r = await gatewalk(root, [
      'run',
      'stage-roles',
      '--sandbox',
      '--repin',
      `WORKER_ROLE=${arn}`,
      '--reason',
      'worker role created by terraform',
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const ws = path.join(root, '.gatewalk/sandbox', SHOP.env);
    const records = (await readFile(path.join(ws, 'logbook.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const repin = records.find((x) => x.kind === 'repin');
    expect(repin.data).toMatchObject({
      handle: 'WORKER_ROLE',
      to: arn,
      source: 'terraform:platform.worker_role_arn',
      registry: `.gatewalk/sandbox/${SHOP.env}/registry/${SHOP.env}.yaml`,
    });
    const sealed = records.filter((x) => x.kind === 'verdict.sealed').map((x) => x.data.path);
    expect(sealed.length).toBeGreaterThanOrEqual(3);
    for (const p of sealed)
      expect(p).toMatch(new RegExp(`^\\.gatewalk/sandbox/${SHOP.env}/evidence/[a-z_]+/\\d{8}T\\d{6}Z[^/]*/[a-z_]+\\.json$`));
    const impl = await readFile(path.join(ws, 'impl_actual.md'), 'utf8');
    for (const text of [JSON.stringify(records), impl]) {
      expect(text).not.toContain(root);
      expect(text).not.toContain(os.tmpdir());
    }
    expect(impl).toContain('**source:** terraform:platform.worker_role_arn');
  });

  it('sandbox status and the serve banner name the scenario region', async () => {
    const status = await gatewalk(root, ['sandbox', 'status']);
    expect(status.stdout).toContain(`region ${SHOP.region}`);
    const banner = await firstLines(['sandbox', 'serve', '--root', root], 2);
    expect(banner).toContain(`in ${SHOP.region} on http://127.0.0.1:`);
    expect(banner).toContain(`AWS_REGION=${SHOP.region}`);
  });

  it('a registry that pins another region than the scenario is refused before any check runs', async () => {
    const other = await copyProgram(SHOP);
    try {
      const { readFile, writeFile } = await import('node:fs/promises');
      const file = `${other}/registry/${SHOP.env}.yaml`;
      await writeFile(file, (await readFile(file, 'utf8')).replace('value: us-east-1', 'value: us-west-2'));
      const r = await gatewalk(other, ['run', 'release', '--sandbox', '--attest', 'notes=pass:ok']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        'the sandbox serves region us-east-1 (sandbox/shop_stage/scenario.yaml) but the registry pins region us-west-2',
      );
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});

/** Starts a long-running command, returns its first `n` stdout lines, then interrupts it. */
function firstLines(args: string[], n: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.split('\n').length > n) child.kill('SIGINT');
    });
    child.on('error', reject);
    child.on('close', () => resolve(out));
  });
}
