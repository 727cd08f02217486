import { describe, expect, it } from 'vitest';
import { checkAssertion, parseAssertion, type Assertion } from '../../src/gates/evidence-assertion.js';
import { resolvePointer } from '../../src/gates/json-pointer.js';

// The rules evidence.json checks a file with, pinned one by one: RFC 6901 lookup and each
// assertion form. A wrong reading here would pass evidence that should fail.

describe('resolvePointer (RFC 6901)', () => {
  const doc = { a: { 'b/c': 1, 'm~n': 2, list: ['x', { y: null }] }, '': 'empty key', n: null, zero: 0 };
  it.each([
    ['', { found: true, value: doc }],
    ['/a/b~1c', { found: true, value: 1 }],
    ['/a/m~0n', { found: true, value: 2 }],
    ['/a/list/1/y', { found: true, value: null }],
    ['/a/list/0', { found: true, value: 'x' }],
    ['/', { found: true, value: 'empty key' }],
    ['/zero', { found: true, value: 0 }],
    ['/n', { found: true, value: null }],
  ])('%s is found', (pointer, want) => {
    expect(resolvePointer(doc, pointer)).toEqual(want);
  });
  it.each([
    ['a', 'no leading slash'],
    ['/missing', 'no such key'],
    ['/a/b/c', 'an unescaped / is two keys'],
    ['/n/x', 'below null'],
    ['/zero/x', 'below a number'],
    ['/a/list/0/length', 'below a string (its own property)'],
    ['/a/toString', 'inherited, not own'],
    ['/a/list/2', 'past the end of an array'],
  ])('%s is not found (%s)', (pointer) => {
    expect(resolvePointer(doc, pointer)).toEqual({ found: false });
  });
  it('~01 is ~1 (unescape ~1 first, then ~0)', () => {
    expect(resolvePointer({ '~1': 'tilde-one' }, '/~01')).toEqual({ found: true, value: 'tilde-one' });
  });
});

describe('parseAssertion', () => {
  it('reads pointer, op and a JSON value, or the literal text; surrounding spaces ignored', () => {
    expect(parseAssertion('  /overall_pass == true ')).toEqual({
      pointer: '/overall_pass',
      op: '==',
      expected: true,
      text: '  /overall_pass == true ',
    });
    expect(parseAssertion('/blockers  ==  []')).toMatchObject({ op: '==', expected: [] });
    expect(parseAssertion('/env !=   dev  min')).toMatchObject({ op: '!=', expected: 'dev  min' });
    expect(parseAssertion('/n <= 30')).toMatchObject({ op: '<=', expected: 30 });
    expect(parseAssertion('/d =~ ^sha256:[0-9a-f]{64}$')).toMatchObject({ op: '=~', expected: '^sha256:[0-9a-f]{64}$' });
    expect(parseAssertion('"" exists')).toMatchObject({ pointer: '', op: 'exists', expected: undefined });
    expect(parseAssertion('/debug absent')).toMatchObject({ pointer: '/debug', op: 'absent', expected: undefined });
  });
  it.each([
    [
      'overall_pass == true',
      'cannot read assertion "overall_pass == true": write "<json-pointer> <op> <value>" with op one of == != =~ <= >= < > exists absent',
    ],
    ['x /a == 1', 'cannot read assertion "x /a == 1"'],
    ['/a ~ 1', 'cannot read assertion "/a ~ 1"'],
    ['/a==1', 'cannot read assertion "/a==1"'],
    ['/a == 1\n/b == 2', 'cannot read assertion'],
    ['/a exists yes', '"exists" takes no value in "/a exists yes"'],
    ['/a absent 1', '"absent" takes no value in "/a absent 1"'],
    ['/a ==', '"==" needs a value in "/a =="'],
    ['/a =~ (', 'invalid regular expression in "/a =~ ("'],
  ])('%s is refused', (text, why) => {
    const got = parseAssertion(text);
    expect(typeof got).toBe('string');
    expect(got).toContain(why);
  });
  it('a regular expression is only compiled for =~', () => {
    expect(parseAssertion('/a == (')).toMatchObject({ op: '==', expected: '(' });
  });
});

describe('checkAssertion', () => {
  const doc = { pass: true, id: '111122223333', n: 30, tags: ['a'], s: 'sha256:ab', none: null, obj: { k: 1 } };
  const holds = (text: string) => checkAssertion(doc, parseAssertion(text) as Assertion);
  it.each([
    '/pass == true',
    '/tags == ["a"]',
    '/obj == {"k":1}',
    '/id == 111122223333',
    '/none == null',
    '/pass != false',
    '/id != 111122223334',
    '/s =~ ^sha256:',
    '/n <= 30',
    '/n >= 30',
    '/n < 31',
    '/n > 29',
    '/pass exists',
    '/debug absent',
  ])('%s holds', (text) => {
    expect(holds(text)).toBeUndefined();
  });
  it.each([
    ['/pass == false', '/pass is true, expected false'],
    ['/tags == ["b"]', '/tags is ["a"], expected ["b"]'],
    ['/n == "30x"', '/n is 30, expected "30x"'],
    ['/obj == "[object Object]"', '/obj is {"k":1}, expected "[object Object]"'],
    ['/tags == "a"', '/tags is ["a"], expected "a"'],
    ['/id == [111122223333]', '/id is "111122223333", expected [111122223333]'],
    ['/pass != true', '/pass is true, expected anything else'],
    ['/id != 111122223333', '/id is "111122223333", expected anything else'],
    ['/s =~ ^md5:', '/s is "sha256:ab", does not match ^md5:'],
    ['/n =~ 30', '/n is 30, does not match 30'],
    ['/n <= 29', '/n is 30, expected <= 29'],
    ['/n >= 31', '/n is 30, expected >= 31'],
    ['/n < 30', '/n is 30, expected < 30'],
    ['/n > 30', '/n is 30, expected > 30'],
    ['/id <= 5', '/id is "111122223333": <= needs numbers'],
    ['/n > abc', '/n is 30: > needs numbers'],
    ['/debug exists', '/debug is missing'],
    ['/pass absent', '/pass is present'],
    ['/debug == 1', '/debug is missing'],
    ['/debug != 1', '/debug is missing'],
  ])('%s fails: %s', (text, why) => {
    expect(holds(text)).toBe(why);
  });
  it('a long value is shown cut to 120 characters; a value JSON cannot show still reads', () => {
    const long = { s: 'x'.repeat(300) };
    expect(checkAssertion(long, parseAssertion('/s == 1') as Assertion)).toBe(`/s is "${'x'.repeat(119)}, expected 1`);
    expect(checkAssertion({ u: undefined }, parseAssertion('/u == 1') as Assertion)).toBe('/u is undefined, expected 1');
  });
});
