import { describe, expect, it } from 'vitest';
import { pendingStop } from '../../src/engine/pending-stop.js';
import { ledgerCarry } from '../../src/engine/sealed-ledger.js';
import type { LogbookRecord } from '../../src/logbook/record.js';

// A checkpoint carries ledgerCarry(records before it) instead of those records: phase state read
// from what it carried plus the records after it must be phase state read from the whole chain.

const KINDS = ['conflict.stop', 'repin', 'abort', 'verdict.sealed', 'attest', 'run.started', 'interrupted'];
const PHASES = ['A', 'B', 'C'];

/** A deterministic pseudo-random chain of n records over a few phases and every kind that matters. */
function records(n: number, seed: number): LogbookRecord[] {
  let x = seed;
  const next = (k: number) => ((x = (x * 1103515245 + 12345) % 2 ** 31), x % k);
  return Array.from({ length: n }, (_, i) => ({
    seq: i + 1,
    ts: 't',
    prev_hash: '',
    hash: '',
    kind: KINDS[next(KINDS.length)]!,
    substrate: 'sandbox' as const,
    env: 'e',
    actor: 'a',
    data: next(9) === 0 ? null : { phase: PHASES[next(PHASES.length)], conflicts: [{ handle: `H${i}` }] },
  }));
}

describe('ledgerCarry', () => {
  it('keeps every verdict.sealed record and each pending STOP, in order; pendingStop after any cut is unchanged', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const all = records(60, seed);
      for (const cut of [0, 1, 17, 30, 59, 60]) {
        const carried = ledgerCarry(all.slice(0, cut));
        expect(carried.map((r) => r.seq)).toEqual([...carried.map((r) => r.seq)].sort((a, b) => a - b));
        expect(carried.filter((r) => r.kind === 'verdict.sealed')).toEqual(all.slice(0, cut).filter((r) => r.kind === 'verdict.sealed'));
        const resumed = [...carried, ...all.slice(cut)];
        for (const p of PHASES) expect(pendingStop(resumed, p)).toEqual(pendingStop(all, p));
        // A checkpoint of a checkpoint carries the same.
        expect(ledgerCarry([...ledgerCarry(all.slice(0, cut)), ...all.slice(cut, 45)])).toEqual(
          ledgerCarry(all.slice(0, Math.max(cut, 45))),
        );
      }
    }
  });
});
