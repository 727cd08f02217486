import { describe, expect, it } from 'vitest';
import { initialStop, sourcesOffered, stopReducer } from '../../../src/console/state/stop-state.js';

describe('STOP screen state', () => {
  it('offers wholesale repin only for sources that cover conflicts', () => {
    const conflicts = [
      { handle: 'A', kind: 'pending_offered' as const, offers: [{ source: 'terraform:demo.a', value: '1' }] },
      { handle: 'B', kind: 'same_rank' as const, pinned: 'x', offers: [{ source: 'registry:doc', value: 'y', rank: 2 }] },
    ];
    expect(sourcesOffered(conflicts)).toEqual([{ source: 'terraform', count: 1 }]);
  });
  it('keeps the selected conflict while a question is asked about it', () => {
    let s = stopReducer(initialStop, { type: 'move', delta: 1, length: 3 });
    s = stopReducer(s, { type: 'mode', mode: { kind: 'pickValue', handle: 'B' } });
    s = stopReducer(s, { type: 'move', delta: 5, length: 2 });
    expect([s.selected, s.choice]).toEqual([1, 1]);
    expect(stopReducer(s, { type: 'mode', mode: { kind: 'list' } }).selected).toBe(1);
  });
});
