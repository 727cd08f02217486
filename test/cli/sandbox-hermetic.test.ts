import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { startServe } from '../support/serve.js';
import { gatewalk, tempProgramRoot } from './cli-harness.js';

// The sandbox answers the same on every machine: the operator's AWS settings that would send a call
// anywhere but the emulator (FIPS or dual-stack endpoints, from ~/.aws/config or the environment)
// do not reach the sandbox's clients. The SDK refuses a custom endpoint with either, and every AWS
// check of a sandbox session used to fail on a machine configured for FIPS. On the aws substrate
// they stay the operator's to set.

/** A home whose ~/.aws/config asks for FIPS and dual-stack endpoints, and the same in the environment. */
async function fipsOperator(): Promise<Record<string, string>> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'gw-fips-home-'));
  await mkdir(path.join(home, '.aws'));
  await writeFile(path.join(home, '.aws', 'config'), '[default]\nuse_fips_endpoint = true\nuse_dualstack_endpoint = true\n');
  return { HOME: home, AWS_USE_FIPS_ENDPOINT: 'true', AWS_USE_DUALSTACK_ENDPOINT: 'true' };
}

describe('the sandbox ignores the operator FIPS and dual-stack settings', () => {
  it('dev_min M1 and shop stage-account seal green on the sandbox of an operator configured for FIPS and dual-stack', async () => {
    const env = await fipsOperator();
    const root = await tempProgramRoot();
    const m0 = ['run', 'M0', '--env', 'dev_min', '--sandbox', '--attest', 'authority-lock=pass:ok', '--attest', 'governance=pass:ok'];
    expect((await gatewalk(root, m0, env)).code).toBe(0);
    const m1 = await gatewalk(root, ['run', 'M1', '--env', 'dev_min', '--sandbox', '--json'], env);
    expect(m1.code, m1.stderr).toBe(0);
    expect(JSON.parse(m1.stdout)).toMatchObject({ overall_pass: true, operator: { account: '111122223333' } });

    const shop = await copyProgram(SHOP);
    expect((await gatewalk(shop, ['run', 'release', '--sandbox', '--attest', 'notes=pass:ok'], env)).code).toBe(0);
    const stage = await gatewalk(shop, ['run', 'stage-account', '--sandbox', '--json'], env);
    expect(stage.code, stage.stderr).toBe(0);
    expect(JSON.parse(stage.stdout)).toMatchObject({ overall_pass: true, operator: { account: SHOP.account } });
  });

  it('on the aws substrate the setting stays in force: against a served sandbox its checks fail closed, naming FIPS', async () => {
    const shop = await copyProgram(SHOP);
    await cp(path.join(shop, 'sandbox/shop_stage/evidence'), path.join(shop, 'evidence/stage'), { recursive: true });
    const served = await startServe(shop, { HOME: shop });
    try {
      const env = { ...(await fipsOperator()), ...served.vars, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
      expect((await gatewalk(shop, ['run', 'release', '--attest', 'notes=pass:ok'], env)).code).toBe(0);
      const stage = await gatewalk(shop, ['run', 'stage-account', '--json'], env);
      expect(stage.code, stage.stderr).toBe(3);
      const v = JSON.parse(stage.stdout) as { overall_pass: boolean; checks: Array<{ id: string; status: string; reason?: string }> };
      expect(v.overall_pass).toBe(false);
      const errors = v.checks.filter((c) => c.status === 'error');
      expect([...new Set(errors.map((c) => c.id))].sort()).toEqual(['caller', 'params-present']);
      for (const c of errors) expect(c.reason).toMatch(/FIPS/);
    } finally {
      served.child.kill('SIGINT');
    }
  });
});
