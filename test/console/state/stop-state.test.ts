import { describe, expect, it } from 'vitest';
import { initialStop, repinsFromSource, sourcesOffered, stopReducer } from '../../../src/console/state/stop-state.js';

const conflicts = [
  { handle: 'A', kind: 'pending_offered' as const, offers: [{ source: 'terraform:demo.a', value: '1' }] },
  { handle: 'B', kind: 'same_rank' as const, pinned: 'x', offers: [{ source: 'registry:doc', value: 'y', rank: 2 }] },
  { handle: 'C', kind: 'pinned_vs_terraform' as const, pinned: 'old', offers: [{ source: 'terraform:demo.c', value: 'new' }] },
];

describe('STOP screen state', () => {
  it('offers wholesale repin only for sources that cover conflicts', () => {
    expect(sourcesOffered(conflicts)).toEqual([{ source: 'terraform', count: 2 }]);
  });
  it('lists every value a repin-all will write, with what it replaces', () => {
    expect(repinsFromSource(conflicts, 'terraform').map((r) => `${r.handle}: ${r.from} → ${r.value} (${r.source})`)).toEqual([
      'A: PENDING → 1 (terraform:demo.a)',
      'C: old → new (terraform:demo.c)',
    ]);
    expect(repinsFromSource(conflicts, 'live')).toEqual([]);
  });
  it('keeps the selected conflict across questions; a new question drops the last one’s problem', () => {
    let s = stopReducer(initialStop, { type: 'select', index: 1 });
    s = stopReducer(s, { type: 'problem', problem: 'malformed' });
    s = stopReducer(s, { type: 'mode', mode: { kind: 'pickValue', handle: 'B' } });
    expect([s.selected, s.problem]).toEqual([1, undefined]);
  });
  it('scrolls a preview no further than its last screenful', () => {
    let s = stopReducer(initialStop, { type: 'mode', mode: { kind: 'preview', source: 'terraform' } });
    for (let i = 0; i < 20; i++) s = stopReducer(s, { type: 'scroll', delta: 1, length: 9, rows: 4 });
    expect(s.scroll).toBe(5);
    expect(stopReducer(s, { type: 'scroll', delta: -9, length: 9, rows: 4 }).scroll).toBe(0);
  });
});
