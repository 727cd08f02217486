import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { canonicalJson, sortedForJson, UNSAFE } from '../../src/logbook/canonical-json.js';

// The logbook's fast canonical JSON must be byte-for-byte the `canonicalize` package's RFC 8785
// output (hashes written before and after it must agree), including where it falls back to it.
describe('canonicalJson', () => {
  const same = (v: unknown) => expect(canonicalJson(v)).toBe(canonicalize(v));

  it('sorts keys by UTF-16 code units at every depth, numbers and escapes as RFC 8785', () => {
    same({ b: 1, a: [3, { z: null, y: true, é: 'ü', '\u{1F600}': 'x', A: 'q' }], c: 1e21, d: 0.1, e: -0, f: 'line\nbreak "q" \u2028' });
    same({ seq: 7, ts: '2026-03-01T00:00:00.000Z', data: { phase: 'M4.C', blockers: [], checks: 56 } });
    same([]);
    same({});
    same('plain');
    same(null);
  });

  it('index-like keys, which JavaScript orders first, come out in code-unit order like canonicalize', () => {
    same({ 10: 'a', 9: 'b', a: { 2: 1, 10: 2, x: 3 } });
    expect(canonicalJson({ 10: 'a', 9: 'b' })).toBe('{"10":"a","9":"b"}');
  });

  it('keeps a __proto__ key as a key', () => {
    same(JSON.parse('{"__proto__": {"x": 1}, "a": 2}'));
  });

  it('refuses what canonicalize refuses: lone surrogates, NaN, Infinity', () => {
    expect(() => canonicalJson({ a: '\ud800' })).toThrow('Lone surrogate');
    expect(() => canonicalJson({ a: NaN })).toThrow('NaN');
    expect(() => canonicalJson([Infinity])).toThrow('Infinity');
  });
});

// Verify sorts every record's `data`: what is already in RFC 8785 order is used as it is, and only
// what had to be sorted (or holds something that had to be) is copied. Either way the text is canonicalize's.
describe('sortedForJson copies only what is out of order', () => {
  const text = (v: unknown) => JSON.stringify(sortedForJson(v));

  it('returns a value already in order as it is, at every depth', () => {
    const inOrder = { a: 1, b: [{ c: null, d: 'x' }, 2, [true]], e: { f: { g: 'ü' } } };
    expect(sortedForJson(inOrder)).toBe(inOrder);
    const list = [{ a: 1, b: 2 }, 'x', [1, { c: 3 }]];
    expect(sortedForJson(list)).toBe(list);
    expect(text(inOrder)).toBe(canonicalize(inOrder));
  });

  it('copies an object out of order, and every object and array above it, never the siblings in order', () => {
    const sibling = { x: 1, y: 2 };
    const value = { a: { inner: [sibling, { z: 1, b: 2 }] }, c: sibling, d: [1, 2] };
    const out = sortedForJson(value) as typeof value;
    expect(out).not.toBe(value);
    expect(out.a).not.toBe(value.a);
    expect(out.a.inner).not.toBe(value.a.inner);
    expect(out.a.inner[0]).toBe(sibling);
    expect(out.c).toBe(sibling);
    expect(out.d).toBe(value.d);
    expect(JSON.stringify(out)).toBe(canonicalize(value));
    expect(value.a.inner[1]).toEqual({ z: 1, b: 2 }); // the input is never reordered in place
    expect(Object.keys(value.a.inner[1]!)).toEqual(['z', 'b']);
  });

  it('an array whose first elements are in order and a later one is not keeps the first ones in the copy', () => {
    const first = { a: 1 };
    const value = [first, 'two', { d: 1, c: 2 }, { e: 1 }];
    const out = sortedForJson(value) as unknown[];
    expect(out).not.toBe(value);
    expect(out[0]).toBe(first);
    expect(out[3]).toBe(value[3]);
    expect(out).toHaveLength(4);
    expect(JSON.stringify(out)).toBe(canonicalize(value));
  });

  it('an object whose keys are in order but one value had to be sorted is copied, keys in order', () => {
    const value = { a: { y: 1, x: 2 }, b: 3 };
    expect(sortedForJson(value)).not.toBe(value);
    expect(text(value)).toBe('{"a":{"x":2,"y":1},"b":3}');
    expect(text({ b: 3, a: 1 })).toBe('{"a":1,"b":3}');
  });

  it('checks keys and values in order as well: an unsafe one is still UNSAFE', () => {
    expect(sortedForJson({ a: 1, b: '\ud800' })).toBe(UNSAFE);
    expect(sortedForJson({ 1: 'a', b: 2 })).toBe(UNSAFE);
    expect(sortedForJson([1, NaN])).toBe(UNSAFE);
    expect(sortedForJson([{ a: 1 }, { b: undefined }])).toBe(UNSAFE);
  });
});

describe('sortedForJson takes the fast path exactly where JSON.stringify writes RFC 8785', () => {
  const nest = (depth: number): unknown => (depth === 0 ? 'leaf' : { k: nest(depth - 1) });
  const nestList = (depth: number): unknown => (depth === 0 ? 1 : [nestList(depth - 1)]);

  it('only keys that are whole array indexes are left to canonicalize', () => {
    for (const key of ['a1', '1a', '01', '2b', '1.5', '-1']) expect(sortedForJson({ [key]: 1, z: 2 }), key).not.toBe(UNSAFE);
    for (const key of ['0', '7', '10', '4294967294']) expect(sortedForJson({ [key]: 1 }), key).toBe(UNSAFE);
  });

  it('objects and arrays nested up to 64 levels below the top are sorted here, deeper is left to canonicalize', () => {
    expect(sortedForJson(nest(65))).not.toBe(UNSAFE); // the 65th object sits at depth 64
    expect(sortedForJson(nest(66))).toBe(UNSAFE);
    expect(sortedForJson(nestList(65))).not.toBe(UNSAFE);
    expect(sortedForJson(nestList(66))).toBe(UNSAFE);
    expect(canonicalJson(nest(70))).toBe(canonicalize(nest(70)));
  });

  it('a value with toJSON (a Date) and a __proto__ key in a copied object are left to canonicalize', () => {
    expect(sortedForJson({ when: new Date(0) })).toBe(UNSAFE);
    expect(canonicalJson({ when: new Date(0) })).toBe(canonicalize({ when: new Date(0) }));
    const proto = JSON.parse('{"b":1,"__proto__":{"x":1}}');
    expect(sortedForJson(proto)).toBe(UNSAFE);
    expect(canonicalJson(proto)).toBe('{"__proto__":{"x":1},"b":1}');
    expect(sortedForJson({ b: 1, '\ud800': 2 })).toBe(UNSAFE); // a lone surrogate in a key
  });
});
