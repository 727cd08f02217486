import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/core/errors.js';
import { locate, MAX_ALIAS_COUNT, parseYamlSource } from '../../src/core/yaml-source.js';

const root = '/proj';
const parse = (text: string, file = '/proj/registry/x.yaml') => parseYamlSource(text, file, root);
const problems = (text: string) => parse(text).problems.map(formatProblem);

describe('parseYamlSource', () => {
  it('reports duplicate keys at the repeated key and still yields data for the shape checks', () => {
    const src = parse('env: a\nhandles:\n  X: 1\n  X: 2\n');
    expect(src.problems.map(formatProblem)).toEqual(['registry/x.yaml:4:3: YAML: Map keys must be unique']);
    expect(src.data).toMatchObject({ env: 'a' });
  });

  it('refuses several documents in one file', () => {
    expect(problems('a: 1\n---\nb: 2\n')).toEqual(['registry/x.yaml:2:1: YAML: a file holds one document; remove the second `---`']);
  });

  it('reports syntax errors with 1-based positions and withholds the data', () => {
    const src = parse('a: 1\nb: [1, 2\nc: 3\n');
    expect(src.problems.map(formatProblem)).toEqual([
      'registry/x.yaml:3:1: YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
    expect(src.data).toBeUndefined();
  });

  it('reports unknown tags instead of silently reading them as strings', () => {
    expect(problems('a: !secret x\n')).toEqual(['registry/x.yaml:1:4: YAML: Unresolved tag: !secret']);
  });

  it('refuses an alias bomb quickly, at the alias that crossed the limit', () => {
    const levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    const started = performance.now();
    const src = parse(levels.join('\n') + '\n');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(src.data).toBeUndefined();
    const [p] = src.problems;
    expect(src.problems).toHaveLength(1);
    expect(p!.message).toBe(`YAML: alias expansion exceeds ${MAX_ALIAS_COUNT} (alias bomb refused)`);
    // b's nine *a pass (9 × 1); on line 3 the sixth *b (6 × 9 = 54) crosses the limit of 50.
    expect(formatProblem(p!)).toBe(`registry/x.yaml:3:24: YAML: alias expansion exceeds ${MAX_ALIAS_COUNT} (alias bomb refused)`);
  });

  it('allows ordinary alias reuse', () => {
    const src = parse('base: &b { kind: string, value: x }\nA: *b\nB: *b\n');
    expect(src.problems).toEqual([]);
    expect(src.data).toEqual({
      base: { kind: 'string', value: 'x' },
      A: { kind: 'string', value: 'x' },
      B: { kind: 'string', value: 'x' },
    });
  });

  it('shows paths outside the root as absolute', () => {
    expect(parse('a: [', '/elsewhere/r.yaml').problems[0]!.file).toBe('/elsewhere/r.yaml');
  });
});

describe('locate', () => {
  const { doc } = parse('handles:\n  ROLE_X:\n    kind: iam_role\n    value: nope\nlist: [a, { b: 1 }]\n');
  it('finds the node at a path', () => {
    expect(locate(doc, ['handles', 'ROLE_X', 'value'])).toEqual({ line: 4, col: 12 });
    expect(locate(doc, ['list', 1, 'b'])).toEqual({ line: 5, col: 16 });
  });
  it('points at a key when asked', () => {
    expect(locate(doc, ['handles', 'ROLE_X', 'value'], { key: true })).toEqual({ line: 4, col: 5 });
  });
  it('walks up to the closest existing node for a missing field', () => {
    expect(locate(doc, ['handles', 'ROLE_X', 'pending'])).toEqual({ line: 3, col: 5 });
    expect(locate(doc, ['list', 7])).toEqual({ line: 5, col: 7 });
    expect(locate(doc, ['nothing', 'here'])).toEqual({ line: 1, col: 1 });
  });
});
