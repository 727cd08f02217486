import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { gatewalk, tempProgramRoot } from './cli-harness.js';

// Item 14: a corrupt sandbox state.json or Terraform outputs file is the user's to fix: exit 2,
// the file and the position, and the fix (`gatewalk sandbox reset`) — never "internal error".

function expectUsageError(r: { code: number | null; stderr: string }, where: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(where);
  expect(r.stderr).toContain('gatewalk sandbox reset');
  expect(r.stderr).not.toMatch(/internal error|a bug in gatewalk|\.js:\d+:\d+\)/);
}

describe('a corrupt sandbox workspace (user program)', () => {
  let root: string;
  const ws = (f: string) => path.join(root, '.gatewalk/sandbox', SHOP.env, f);
  beforeAll(async () => {
    root = await copyProgram(SHOP);
    expect((await gatewalk(root, ['sandbox', 'reset'])).code).toBe(0);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('truncated state.json: run, sandbox status and sandbox apply name file:line:col and the reset', async () => {
    const text = await readFile(ws('state.json'), 'utf8');
    await writeFile(ws('state.json'), text.slice(0, 200));
    const where = new RegExp(`\\.gatewalk/sandbox/${SHOP.env}/state\\.json:\\d+:\\d+: not valid JSON`);
    expectUsageError(await gatewalk(root, ['run', 'stage-account', '--sandbox']), where);
    expectUsageError(await gatewalk(root, ['sandbox', 'status']), where);
    expectUsageError(await gatewalk(root, ['sandbox', 'apply', 'drop-db-url']), where);
    expect(await readFile(ws('state.json'), 'utf8')).toBe(text.slice(0, 200)); // nothing rewritten
  }, 90_000);

  it('a state.json that parses but is not a state names the field', async () => {
    expect((await gatewalk(root, ['sandbox', 'reset'])).code).toBe(0);
    const good = JSON.parse(await readFile(ws('state.json'), 'utf8'));
    await writeFile(ws('state.json'), JSON.stringify({ ...good, region: 42 }));
    expectUsageError(await gatewalk(root, ['run', 'stage-account', '--sandbox']), /state\.json: not a valid sandbox state\n\s+at region: /);
  });

  it('corrupt Terraform outputs: the run that compares pins, sandbox status and apply', async () => {
    expect((await gatewalk(root, ['sandbox', 'reset'])).code).toBe(0);
    const file = ws('terraform/platform/outputs.json');
    await writeFile(file, '{\n  "checkout_role_arn": {\n    "value": "arn:aws:iam::444455556666:role/shop-stage-checkout",\n  }\n}\n');
    const where = new RegExp(`\\.gatewalk/sandbox/${SHOP.env}/terraform/platform/outputs\\.json:4:3: not valid JSON`);
    expectUsageError(await gatewalk(root, ['run', 'release', '--sandbox', '--attest', 'notes=pass:ok']), where);
    expectUsageError(await gatewalk(root, ['sandbox', 'status']), where);
    expectUsageError(await gatewalk(root, ['sandbox', 'apply', 'create-worker-role']), where);
    await writeFile(file, JSON.stringify({ checkout_role_arn: { value: 'x', type: 'string', sensitive: 'no' } }));
    expectUsageError(
      await gatewalk(root, ['sandbox', 'status']),
      /outputs\.json: not in `terraform output -json` format at checkout_role_arn\.sensitive: /,
    );
    // the fix works
    expect((await gatewalk(root, ['sandbox', 'reset'])).code).toBe(0);
    expect((await gatewalk(root, ['sandbox', 'status'])).code).toBe(0);
  }, 90_000);
});

describe('a corrupt sandbox state (shipped program)', () => {
  it('run M2.E names the file and the fix', async () => {
    const root = await tempProgramRoot();
    try {
      expect((await gatewalk(root, ['sandbox', 'reset'])).code).toBe(0);
      await writeFile(path.join(root, '.gatewalk/sandbox/dev_min/state.json'), '{"format": "gatewalk.sandbox.state/v1",}');
      expectUsageError(
        await gatewalk(root, ['run', 'M2.E', '--sandbox']),
        /\.gatewalk\/sandbox\/dev_min\/state\.json:1:\d+: not valid JSON/,
      );
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
