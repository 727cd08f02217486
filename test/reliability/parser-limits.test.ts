import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/core/errors.js';
import { findRunbook } from '../../src/load/find-runbook.js';
import { MAX_DEPTH, MAX_FILE_BYTES, MAX_SCALAR_CHARS } from '../../src/core/yaml-limits.js';
import { parseYamlSource } from '../../src/core/yaml-source.js';
import { gatewalk, tempProgramRoot } from '../cli/cli-harness.js';

// Item 10 and 11 of issue 8: bounded input, each refusal a file:line:col problem (exit 2), and the
// registry's hash taken over its bytes.

const parse = (input: string | Buffer) => parseYamlSource(input, '/p/registry/x.yaml', '/p');
const shown = (input: string | Buffer) => parse(input).problems.map(formatProblem);

describe('YAML limits', () => {
  it('refuses nesting deeper than the limit at the collection that crosses it (flow and block)', () => {
    const flow = 'a: ' + '['.repeat(2000) + ']'.repeat(2000) + '\n';
    expect(shown(flow)).toEqual([`registry/x.yaml:1:${3 + MAX_DEPTH}: YAML: nesting deeper than ${MAX_DEPTH} levels`]);
    const block = Array.from({ length: 2000 }, (_, i) => ' '.repeat(i) + 'k:').join('\n') + ' 1\n';
    expect(shown(block)).toEqual([`registry/x.yaml:${MAX_DEPTH + 1}:${MAX_DEPTH + 1}: YAML: nesting deeper than ${MAX_DEPTH} levels`]);
    expect(parse(block).data).toBeUndefined();
  });

  it('accepts nesting at the limit', () => {
    const ok = 'a: ' + '['.repeat(MAX_DEPTH - 1) + ']'.repeat(MAX_DEPTH - 1) + '\n';
    expect(shown(ok)).toEqual([]);
  });

  it('refuses a scalar longer than the limit at its first character', () => {
    expect(shown(`a: 1\nb: "${'x'.repeat(MAX_SCALAR_CHARS)}"\n`)).toEqual([
      `registry/x.yaml:2:4: YAML: scalar of ${MAX_SCALAR_CHARS + 2} characters is longer than the limit of ${MAX_SCALAR_CHARS}`,
    ]);
    expect(shown(`a: |\n  ${'y'.repeat(MAX_SCALAR_CHARS)}\n`)[0]).toMatch(/^registry\/x\.yaml:1:4: YAML: scalar of \d+ characters/);
  });

  it('refuses a file over the size limit before parsing it', () => {
    const big = Buffer.alloc(MAX_FILE_BYTES + 1, 'a');
    expect(shown(big)).toEqual([`registry/x.yaml:1:1: file is larger than the limit of ${MAX_FILE_BYTES} bytes`]);
  });

  it('rejects invalid UTF-8 at its line and column, and hashes the bytes', () => {
    const bytes = Buffer.concat([Buffer.from('a: 1\n# café \uFFFD ok\nb: x'), Buffer.from([0xff]), Buffer.from('y\n')]);
    expect(shown(bytes)).toEqual(['registry/x.yaml:3:5: not valid UTF-8 (byte 0xff at offset 24)']);
    expect(parse(bytes).sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    // a real U+FFFD in the file is text, not an error
    expect(shown(Buffer.from('a: "\uFFFD"\n'))).toEqual([]);
  });
});

describe('limits through the CLI (exit 2, file:line:col)', () => {
  it('a 2000-deep runbook among the candidates is a located problem, not a crash', async () => {
    const root = await tempProgramRoot();
    await writeFile(path.join(root, 'runbooks', 'deep.yaml'), 'env: dev_min\nx: ' + '['.repeat(2000) + ']'.repeat(2000) + '\n');
    await expect(findRunbook(root, 'dev_min')).rejects.toThrow(/runbooks\/deep\.yaml:2:\d+: YAML: nesting deeper than/);
    const r = await gatewalk(root, ['validate', '--env', 'dev_min']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`runbooks/deep\\.yaml:2:${3 + MAX_DEPTH}: YAML: nesting deeper than ${MAX_DEPTH} levels`));
  });

  it('a registry with a byte that is not UTF-8 is refused at load with its position', async () => {
    const root = await tempProgramRoot();
    const file = path.join(root, 'registry', 'dev_min.yaml');
    const text = await readFile(file);
    await writeFile(file, Buffer.concat([Buffer.from('# \xe9'.replace('\xe9', ''), 'utf8'), Buffer.from([0xe9, 0x0a]), text]));
    const r = await gatewalk(root, ['validate', '--env', 'dev_min']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('registry/dev_min.yaml:1:3: not valid UTF-8 (byte 0xe9 at offset 2)');
  });
});
