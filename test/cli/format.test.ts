import { describe, expect, it } from 'vitest';
import { formatVerdict } from '../../src/cli/format.js';
import type { Verdict } from '../../src/engine/verdict.js';
import type { CheckResult } from '../../src/core/types.js';

const row = (id: string, resource: string, status: CheckResult['status']): CheckResult => ({
  id,
  step: 's',
  gate: 'g',
  resource,
  status,
  reason: 'r',
  duration_ms: 1,
});

describe('the headless verdict summary', () => {
  it('counts checks and results apart, and names the distinct blocker codes', () => {
    const checks = [
      row('roles', 'ROLE_A', 'fail'),
      row('roles', 'ROLE_B', 'fail'),
      row('roles', 'ROLE_C', 'pass'),
      row('bind', 'SVC_A', 'fail'),
      row('who', 'caller', 'pass'),
    ];
    const blockers = [
      { code: 'X-B4', check: 'roles', message: 'roles missing' },
      { code: 'X-B4', check: 'bind', message: 'bindings unresolved' },
      { code: 'X-B1', check: 'sim', message: 'never ran' },
    ];
    const text = formatVerdict(
      { phase: 'P', overall_pass: false, verdict: 'HOLD', substrate: 'sandbox', checks, blockers } as unknown as Verdict,
      'p/v.json',
    );
    expect(text).toContain('checks: 3 (1 pass, 2 fail, 0 error, 0 manual, 0 skip)');
    expect(text).toContain('results: 5 (2 pass, 3 fail, 0 error, 0 manual, 0 skip)');
    expect(text).toContain('blockers: 2 codes (X-B4, X-B1) raised by 3 checks:');
  });
});
