import { describe, expect, it } from 'vitest';
import { summarizeRecord } from '../../../src/console/state/logbook-summary.js';

describe('logbook summaries', () => {
  it('summarizes logbook records in words, sanitized', () => {
    const rec = {
      seq: 1,
      ts: '',
      prev_hash: '',
      hash: '',
      kind: 'repin',
      substrate: 'sandbox' as const,
      env: 'e',
      actor: 'a',
      data: { phase: 'M4.C', handle: 'ROLE_IG', from: 'PENDING', to: 'arn\x1b[2J', source: 'terraform:x', reason: 'why' },
    };
    expect(summarizeRecord(rec)).toBe('M4.C ROLE_IG: PENDING → arn (terraform:x) — why');
  });
});
