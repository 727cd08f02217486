import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/logbook/canonical-json.js';

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
