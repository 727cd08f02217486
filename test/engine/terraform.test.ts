import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTerraformValues } from '../../src/engine/terraform.js';

describe('Terraform outputs', () => {
  it('reads `terraform output -json`, skips sensitive values, treats a missing file as no offer', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gw-tf-'));
    const file = path.join(dir, 'outputs.json');
    await writeFile(
      file,
      JSON.stringify({
        role_ig_arn: { value: 'arn:aws:iam::111122223333:role/ig', type: 'string', sensitive: false },
        db_password: { value: 'hunter2', sensitive: true },
      }),
    );
    expect(await readTerraformValues({ demo: file, core: path.join(dir, 'absent.json') })).toEqual({
      demo: { role_ig_arn: 'arn:aws:iam::111122223333:role/ig' },
    });
  });

  it('names file, line and column of malformed JSON', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gw-tf-'));
    const file = path.join(dir, 'outputs.json');
    await writeFile(file, '{\n  "role_ig_arn": {\n    "value": "arn" ,,\n  }\n}\n');
    await expect(readTerraformValues({ demo: file })).rejects.toThrow(`${file}:3:21: not valid JSON`);
  });
});
