import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gatewalk, tempProgramRoot } from './cli-harness.js';

describe('usage and configuration errors (exit 2, with a next step)', () => {
  let root: string;
  beforeAll(async () => {
    root = await tempProgramRoot();
  });

  it('without a terminal the interactive session names the headless command', async () => {
    const r = await gatewalk(root, ['--sandbox']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('needs a terminal');
    expect(r.stderr).toMatch(/gatewalk run PHASE --env dev_min --sandbox --root \S+/); // pasted, it acts on the same program
  });

  it('an unknown flag or command is a usage error', async () => {
    expect((await gatewalk(root, ['run', 'M0', '--bogus'])).code).toBe(2);
    const r = await gatewalk(root, ['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('try: run `gatewalk --help`');
  });

  it('a repin without a reason is refused before anything runs', async () => {
    const r = await gatewalk(root, ['run', 'M4.C', '--sandbox', '--repin-from', 'terraform']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--reason');
  });

  it('a broken registry is reported as file:line:col for every problem, and the file is left as it was', async () => {
    const file = path.join(root, 'registry', 'dev_min.yaml');
    const text = (await readFile(file, 'utf8'))
      .replace('value: arn:aws:iam::111122223333:role/fraud-platform-dev-min-app-runtime', 'value: arn:aws:iam::1111:role/app')
      .replace('value: /fraud-platform/dev_min/db/user', 'value: fraud-platform/db/user');
    await writeFile(file, text);
    const r = await gatewalk(root, ['validate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/registry\/dev_min\.yaml:\d+:\d+: .*malformed iam_role/);
    expect(r.stderr).toMatch(/registry\/dev_min\.yaml:\d+:\d+: .*malformed ssm_parameter/);
    expect(await readFile(file, 'utf8')).toBe(text);
  });
});
