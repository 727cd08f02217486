import { describe, expect, it } from 'vitest';
import { diffResults, formatChange, stepIsGreen } from '../../src/engine/result-changes.js';
import { result } from '../console/fake-port.js';

describe('what changed since the previous run', () => {
  it('reports status moves per resource, fixes first', () => {
    const before = [
      result('s', 'roles', 'ROLE_IG', 'fail'),
      result('s', 'roles', 'ROLE_SR', 'pass'),
      result('s', 'roles', 'ROLE_OLD', 'pass'),
    ];
    const after = [
      result('s', 'roles', 'ROLE_SR', 'fail'),
      result('s', 'roles', 'ROLE_IG', 'pass'),
      result('s', 'roles', 'ROLE_NEW', 'pass'),
    ];
    expect(diffResults(before, after).map(formatChange)).toEqual([
      'ROLE_SR: PASS → FAIL',
      'ROLE_IG: FAIL → PASS',
      'ROLE_NEW: (new) → PASS',
      'ROLE_OLD: PASS → (gone)',
    ]);
    expect(diffResults(before, before)).toEqual([]);
  });
  it('iam.simulate cases with the same principal are keyed by case: a regression in the first one is printed', () => {
    const kase = (label: string | undefined, status: 'pass' | 'fail') => ({
      ...result('s', 'payment-key-read', 'arn:aws:iam::444455556666:role/shop-stage-checkout', status),
      details: { label, expect: 'allowed' },
    });
    const before = [kase('read_key', 'pass'), kase('read_url', 'pass')];
    expect(diffResults(before, [kase('read_key', 'fail'), kase('read_url', 'pass')]).map(formatChange)).toEqual([
      'payment-key-read read_key arn:aws:iam::444455556666:role/shop-stage-checkout: PASS → FAIL',
    ]);
    // unlabelled cases are told apart by their position in the check
    const bare = [kase(undefined, 'pass'), kase(undefined, 'pass')];
    expect(diffResults(bare, [kase(undefined, 'fail'), kase(undefined, 'pass')]).map(formatChange)).toEqual([
      'payment-key-read case 1 arn:aws:iam::444455556666:role/shop-stage-checkout: PASS → FAIL',
    ]);
    expect(diffResults(before, before)).toEqual([]);
  });
  it('a step is green only when it ran and nothing blocks (skip does not block)', () => {
    expect(stepIsGreen(undefined)).toBe(false);
    expect(stepIsGreen([result('s', 'c', 'r', 'pass'), result('s', 'c', 'r2', 'skip')])).toBe(true);
    expect(stepIsGreen([result('s', 'c', 'r', 'manual')])).toBe(false);
  });
});
