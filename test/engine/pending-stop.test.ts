import { describe, expect, it } from 'vitest';
import { pendingStop, repeatsPendingStop } from '../../src/engine/pending-stop.js';

const c = (handle: string, value = `arn:${handle}`) => ({
  handle,
  kind: 'pending_offered' as const,
  offers: [{ source: `terraform:platform.${handle.toLowerCase()}`, value }],
});
const rec = (seq: number, kind: string, data: Record<string, unknown>) => ({ seq, kind, data });

describe('a pending STOP', () => {
  it('is the latest STOP of its phase until a repin, an abort or a sealed verdict of that phase follows', () => {
    const stop = rec(2, 'conflict.stop', { phase: 'stage-roles', conflicts: [c('WORKER_ROLE')] });
    expect(pendingStop([stop], 'stage-roles')).toMatchObject({ seq: 2, handles: ['WORKER_ROLE'] });
    expect(pendingStop([stop], 'access-review')).toBeUndefined();
    expect(pendingStop([stop, rec(3, 'verdict.sealed', { phase: 'release' })], 'stage-roles')?.seq).toBe(2);
    for (const kind of ['repin', 'abort', 'verdict.sealed'])
      expect(pendingStop([stop, rec(3, kind, { phase: 'stage-roles' })], 'stage-roles')).toBeUndefined();
    expect(
      pendingStop(
        [stop, rec(3, 'abort', { phase: 'stage-roles' }), rec(4, 'conflict.stop', { phase: 'stage-roles', conflicts: [] })],
        'stage-roles',
      )?.seq,
    ).toBe(4);
  });
  it('is repeated only by the same conflicts (any order), not by changed values or handles', () => {
    const p = pendingStop([rec(1, 'conflict.stop', { phase: 'M4.C', conflicts: [c('A'), c('B')] })], 'M4.C');
    expect(repeatsPendingStop(p, [c('B'), c('A')])).toBe(true);
    expect(repeatsPendingStop(p, [c('A'), c('B', 'arn:other')])).toBe(false);
    expect(repeatsPendingStop(p, [c('A')])).toBe(false);
    expect(repeatsPendingStop(undefined, [c('A')])).toBe(false);
  });
  it('other records of the phase (a recheck, a run) do not close it; odd STOP data reads fail-safe', () => {
    const stop = rec(2, 'conflict.stop', { phase: 'stage-roles', conflicts: [c('WORKER_ROLE')] });
    expect(pendingStop([stop, rec(3, 'recheck', { phase: 'stage-roles' })], 'stage-roles')?.seq).toBe(2);
    expect(pendingStop([rec(1, 'conflict.stop', { phase: 'stage-roles', conflicts: 'two' })], 'stage-roles')).toEqual({
      seq: 1,
      handles: [],
      conflicts: [],
    });
    expect(pendingStop([rec(1, 'conflict.stop', { phase: 'stage-roles', conflicts: [null] })], 'stage-roles')?.handles).toEqual([
      'undefined',
    ]);
  });
  it('a different pin or offer rank is a different STOP; missing offers read as none', () => {
    const p = pendingStop([rec(1, 'conflict.stop', { phase: 'M4.C', conflicts: [{ ...c('A'), pinned: 'arn:a' }] })], 'M4.C');
    expect(repeatsPendingStop(p, [{ ...c('A'), pinned: 'arn:a' }])).toBe(true);
    expect(repeatsPendingStop(p, [{ ...c('A'), pinned: 'arn:b' }])).toBe(false);
    const ranked = (rank: number) => ({ handle: 'A', kind: 'same_rank' as const, offers: [{ source: 'registry:x', value: 'v', rank }] });
    const q = pendingStop([rec(1, 'conflict.stop', { phase: 'M4.C', conflicts: [ranked(1)] })], 'M4.C');
    expect(repeatsPendingStop(q, [ranked(1)])).toBe(true);
    expect(repeatsPendingStop(q, [ranked(2)])).toBe(false);
    const bare = pendingStop([rec(1, 'conflict.stop', { phase: 'M4.C', conflicts: [{ handle: 'A', kind: 'same_rank' }] })], 'M4.C');
    expect(repeatsPendingStop(bare, [{ handle: 'A', kind: 'same_rank', offers: [] }])).toBe(true);
  });
});
