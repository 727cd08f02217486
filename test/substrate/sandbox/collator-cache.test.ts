import { describe, expect, it } from 'vitest';
import { collatorSettings, keptCollatorCompare } from '../../../src/substrate/sandbox/services/collator-cache.js';
import { simulate } from '../../../src/substrate/sandbox/services/iam-simulate.js';

// The emulator's kept collators (collator-cache.ts) must compare exactly as localeCompare does,
// call for call, and hand every call it does not keep to the original.

type Compare = (this: string, that: string, locales?: string | string[], options?: Intl.CollatorOptions) => number;
const original = String.prototype.localeCompare as Compare;

function counted(): { compare: Compare; calls: () => number } {
  let n = 0;
  return {
    compare: function (this: string, ...a: Parameters<Compare>) {
      n += 1;
      return original.apply(this, a);
    } as Compare,
    calls: () => n,
  };
}

const WORDS = ['a', 'A', 'á', 'Á', 'b', 'ß', 'ss', 'e\u0301', 'é', 'ä', 'z', '', '1', '10', '2', 'i', 'I', 'ı', '-', '_', 'œ', 'oe', ' a', 'a '];
const OPTIONS: Array<[string | undefined, Intl.CollatorOptions]> = [
  [undefined, { sensitivity: 'accent' }],
  [undefined, { sensitivity: 'base' }],
  [undefined, { sensitivity: 'case' }],
  [undefined, { sensitivity: 'variant' }],
  ['en', { sensitivity: 'base' }],
  ['de', { sensitivity: 'accent' }],
  ['tr', { sensitivity: 'accent' }],
  ['sv', {}],
  [undefined, { numeric: true }],
  [undefined, { caseFirst: 'upper' }],
  [undefined, { ignorePunctuation: true, sensitivity: 'base' }],
  [undefined, { usage: 'search', sensitivity: 'accent' }],
];

describe('kept collators', () => {
  it('compare every pair exactly as localeCompare does, for every locale and option set, kept or not', () => {
    const compare = keptCollatorCompare(original);
    for (const [locales, options] of OPTIONS)
      for (const a of WORDS)
        for (const b of WORDS) {
          const want = original.call(a, b, locales, options);
          // Twice: the first call makes the collator, the second uses the kept one.
          expect([compare.call(a, b, locales, options), compare.call(a, b, locales, options)], `${a} vs ${b} ${locales} ${JSON.stringify(options)}`).toEqual([want, want]);
        }
  });

  it('keep one collator per locale and option set: a second set is not answered by the first', () => {
    const compare = keptCollatorCompare(original);
    expect(compare.call('a', 'á', undefined, { sensitivity: 'base' })).toBe(0);
    expect(compare.call('a', 'á', undefined, { sensitivity: 'accent' })).not.toBe(0);
    expect(compare.call('a', 'A', undefined, { sensitivity: 'accent' })).toBe(0);
    expect(compare.call('a', 'A', undefined, { sensitivity: 'variant' })).not.toBe(0);
    expect(compare.call('ä', 'z', 'de', { sensitivity: 'base' })).toBeLessThan(0);
    expect(compare.call('ä', 'z', 'sv', { sensitivity: 'base' })).toBeGreaterThan(0); // Swedish sorts ä after z
  });

  it('leave to the original every call it cannot keep exactly, and what the original rejects', () => {
    const { compare: spy, calls } = counted();
    const compare = keptCollatorCompare(spy);
    expect(compare.call('a', 'b')).toBe(original.call('a', 'b')); // no options: V8 keeps that collator itself
    expect(compare.call('a', 'b', ['en', 'de'], { sensitivity: 'base' })).toBe(original.call('a', 'b', ['en', 'de'], { sensitivity: 'base' }));
    const getter = { get sensitivity() {
      return 'base' as const;
    } };
    expect(compare.call('a', 'A', undefined, getter)).toBe(0); // a getter's value is a string: kept
    const odd = { sensitivity: { toString: () => 'base' } } as unknown as Intl.CollatorOptions;
    expect(compare.call('a', 'A', undefined, odd)).toBe(original.call('a', 'A', undefined, odd));
    expect(calls()).toBe(3);
    expect(() => compare.call(null as unknown as string, 'a', undefined, { sensitivity: 'base' })).toThrow(TypeError);
    expect(() => compare.call(Symbol('s') as unknown as string, 'a', undefined, { sensitivity: 'base' })).toThrow(TypeError);
    expect(calls()).toBe(5);
    expect(() => compare.call('a', 'b', 'not a locale!', { sensitivity: 'base' })).toThrow(RangeError);
    expect(() => compare.call('a', 'b', undefined, { sensitivity: 'loud' as 'base' })).toThrow(RangeError);
  });

  it('key a call by its locale and every collator setting, and refuse calls it cannot keep exactly', () => {
    expect(collatorSettings(undefined, { sensitivity: 'accent' })).toEqual(collatorSettings(undefined, { sensitivity: 'accent', other: 1 }));
    expect(collatorSettings(undefined, { sensitivity: 'accent' })).not.toEqual(collatorSettings('en', { sensitivity: 'accent' }));
    for (const setting of ['usage', 'localeMatcher', 'collation', 'numeric', 'caseFirst', 'sensitivity', 'ignorePunctuation'])
      expect(collatorSettings(undefined, { [setting]: 'x' }), setting).not.toEqual(collatorSettings(undefined, {}));
    expect(collatorSettings(undefined, { numeric: true })).not.toEqual(collatorSettings(undefined, { numeric: 'true' }));
    expect(collatorSettings(undefined, undefined)).toBeUndefined();
    expect(collatorSettings(['en'], {})).toBeUndefined();
    expect(collatorSettings(undefined, { numeric: 1 })).toBeUndefined();
  });

  it('has the original length, and hands calls to the original once it keeps its most', () => {
    const { compare: spy, calls } = counted();
    const compare = keptCollatorCompare(spy);
    expect(keptCollatorCompare(original).length).toBe(original.length);
    const sets: Intl.CollatorOptions[] = [];
    for (const sensitivity of ['base', 'accent', 'case', 'variant'] as const)
      for (const caseFirst of ['upper', 'lower', 'false'] as const)
        for (const numeric of [true, false]) for (const ignorePunctuation of [true, false]) sets.push({ sensitivity, caseFirst, numeric, ignorePunctuation });
    for (const options of sets.slice(0, 40)) expect(compare.call('a-1', 'A10', undefined, options)).toBe(original.call('a-1', 'A10', undefined, options));
    expect(calls()).toBe(8); // 32 kept, the 8 after them compared by the original
  });

  it('are in place once the emulator evaluates, and its decisions are unchanged', async () => {
    const installed = Symbol.for('gatewalk.collatorCache');
    expect(installed in String.prototype).toBe(false);
    const decide = (resource: string) =>
      simulate({
        principalArn: 'arn:aws:iam::111122223333:role/reader',
        accountId: '111122223333',
        policies: [{ id: 'read', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::Logs-Bucket/*' }] } }],
        action: 's3:GetObject',
        resource,
        context: {},
      });
    expect((await decide('arn:aws:s3:::Logs-Bucket/2026/a.json')).decision).toBe('allowed');
    expect(installed in String.prototype).toBe(true);
    expect((await decide('arn:aws:s3:::logs-bucket/2026/a.json')).decision).toBe('implicitDeny'); // ARNs match case-sensitively
    expect('a'.localeCompare('A', undefined, { sensitivity: 'accent' })).toBe(0);
  });
});
