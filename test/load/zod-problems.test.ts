import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatProblem } from '../../src/core/errors.js';
import { parseYamlSource } from '../../src/core/yaml-source.js';
import { zodProblems } from '../../src/load/zod-problems.js';

const Schema = z
  .object({
    id: z.string(),
    limit: z.union([z.number(), z.object({ max: z.number() }).strict()]),
    tags: z.record(z.string().regex(/^[a-z]+$/, 'tags are lower case'), z.string()),
  })
  .strict();

function problems(text: string, opts: { base?: (string | number)[]; prefix?: string } = {}) {
  const src = parseYamlSource(text, '/p/f.yaml', '/p');
  const value = opts.base ? opts.base.reduce<any>((v, k) => v[k], src.data) : src.data;
  const r = Schema.safeParse(value);
  return r.success ? [] : zodProblems(src, r.error.issues, { ...opts, data: value }).map(formatProblem);
}

describe('zodProblems', () => {
  it('names missing fields, unknown fields and bad record keys at their keys', () => {
    expect(problems('limit: 3\ntags:\n  Big: x\nextra: 1\n')).toEqual([
      'f.yaml:1:1: id: missing required field "id" (string)',
      'f.yaml:3:3: tags.Big: invalid name "Big": tags are lower case',
      'f.yaml:4:1: top level: unknown field "extra"',
    ]);
  });

  it('reports the union alternative that got furthest', () => {
    expect(problems('id: a\nlimit: { max: "9" }\ntags: {}\n')).toEqual([
      'f.yaml:2:15: limit.max: Invalid input: expected number, received string',
    ]);
  });

  it('names fields relative to a nested value when given a prefix', () => {
    expect(
      problems('checks:\n  - params: { id: a, limit: 1, tags: {}, x: 1 }\n', {
        base: ['checks', 0, 'params'],
        prefix: 'check c (g): params.',
      }),
    ).toEqual(['f.yaml:2:42: check c (g): params: unknown field "x"']);
  });
});
