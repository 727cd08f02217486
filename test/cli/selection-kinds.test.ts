import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ssmParametersPresent } from '../../src/gates/ssm-parameters-present.js';
import { iamRolesMaterialized } from '../../src/gates/iam-roles-materialized.js';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { offlineContext, registry } from '../gates/context.js';
import { gatewalk, tempProgramRoot } from './cli-harness.js';

// Item 3: a selection that names a handle of another kind, or a pattern that selects nothing, is a
// validate problem at file:line:col (exit 2) and an `error` at run time, never silently dropped.

/** `file:line:col` of `needle` (the first one after `after`) in the file's text. */
async function position(root: string, file: string, needle: string, after = ''): Promise<string> {
  const text = await readFile(path.join(root, file), 'utf8');
  const offset = text.indexOf(needle, text.indexOf(after));
  const lines = text.slice(0, offset).split('\n');
  return `${file}:${lines.length}:${lines.at(-1)!.length + 1}`;
}

async function edit(root: string, file: string, from: string, to: string): Promise<void> {
  const text = await readFile(path.join(root, file), 'utf8');
  expect(text).toContain(from);
  await writeFile(path.join(root, file), text.replace(from, to));
}

describe('selections of the wrong kind are refused', () => {
  const roots: string[] = [];
  afterEach(async () => {
    await Promise.all(roots.splice(0).map((r) => rm(r, { recursive: true, force: true })));
  });

  it('shipped program: ssm.parameters_present with an iam_role handle → validate exit 2 at the entry', async () => {
    const root = await tempProgramRoot();
    roots.push(root);
    const rb = 'runbooks/dev_min_spine_green_v0.yaml';
    await edit(root, rb, 'params: { handles: ["SSM_*_PATH"] }', 'params: { handles: [SSM_DB_DSN_PATH, ROLE_ECS_TASK_EXECUTION] }');
    const r = await gatewalk(root, ['validate']);
    expect(r.code).toBe(2);
    const at = await position(root, rb, 'ROLE_ECS_TASK_EXECUTION]');
    expect(r.stderr).toContain(
      `${at}: check ssm.parameters_present: "ROLE_ECS_TASK_EXECUTION" selects a handle of another kind (ROLE_ECS_TASK_EXECUTION is an iam_role); this check takes ssm_parameter handles only`,
    );
    // and a run refuses to start rather than checking only the one parameter
    expect((await gatewalk(root, ['run', 'M2.E', '--sandbox'])).code).toBe(2);
  });

  it('user program: a role pattern that also catches a parameter, and a parameter in the role list', async () => {
    const root = await copyProgram(SHOP);
    roots.push(root);
    const rb = 'runbooks/shop_launch.yaml';
    await edit(root, rb, 'params: { handles: ["*_PARAM"] }', 'params: { handles: ["*_PARAM", "CHECKOUT_*"] }');
    await edit(root, rb, 'params: { handles: ["*_ROLE"] }', 'params: { handles: ["*_ROLE", "PAYMENT_KEY_PARAM"] }');
    const r = await gatewalk(root, ['validate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${await position(root, rb, '"CHECKOUT_*"')}: check ssm.parameters_present: "CHECKOUT_*" selects a handle of another kind (CHECKOUT_ROLE is an iam_role)`,
    );
    expect(r.stderr).toContain(
      `${await position(root, rb, '"PAYMENT_KEY_PARAM"')}: check iam.roles_materialized: "PAYMENT_KEY_PARAM" selects a handle of another kind (PAYMENT_KEY_PARAM is a ssm_parameter)`,
    );
  });

  it('user program: a pattern that selects nothing is a problem at its entry', async () => {
    const root = await copyProgram(SHOP);
    roots.push(root);
    const rb = 'runbooks/shop_launch.yaml';
    await edit(root, rb, 'params: { handles: ["*_ROLE"] }', 'params: { handles: ["*_ROLE", "LAMBDA_*"] }');
    const r = await gatewalk(root, ['validate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${await position(root, rb, '"LAMBDA_*"')}: handles pattern "LAMBDA_*" matches no handle in the registry`);
  });
});

describe('at run time the gates return error, never a pass on what is left', () => {
  const reg = registry({
    DB_URL_PARAM: { kind: 'ssm_parameter', value: '/shop/db/url' },
    CHECKOUT_ROLE: { kind: 'iam_role', value: 'arn:aws:iam::444455556666:role/shop-stage-checkout' },
  });
  it.each([
    [ssmParametersPresent, ['DB_URL_PARAM', 'CHECKOUT_ROLE'], 'CHECKOUT_ROLE is an iam_role'],
    [ssmParametersPresent, ['DB_URL_PARAM', 'NOTHING_*'], '"NOTHING_*" selects no handle'],
    [iamRolesMaterialized, ['CHECKOUT_ROLE', 'DB_*'], 'DB_URL_PARAM is a ssm_parameter'],
  ] as const)('%#: %j', async (gate, handles, reason) => {
    // offlineContext's clients throw if touched: the selection is judged before any AWS call.
    const out = await (gate as typeof ssmParametersPresent).run(offlineContext({ registry: reg }), { handles: [...handles] });
    expect(out.results).toEqual([expect.objectContaining({ status: 'error', reason: expect.stringContaining(reason) })]);
  });
});
