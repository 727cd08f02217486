import { describe, expect, it } from 'vitest';
import { initialRunState, runReducer, hasUnsealedWork } from '../../../src/console/state/run-state.js';
import { phase, result } from '../fake-port.js';

describe('run state', () => {
  const P = phase('P', [{ id: 's1', checks: ['c1'] }]);
  const opened = runReducer(runReducer(initialRunState, { type: 'opening', phase: 'P' }), {
    type: 'opened',
    phase: P,
    operator: { error: 'x' },
    conflicts: [],
    sealedPrevious: [result('s1', 'c1', 'ROLE_IG', 'fail')],
  });
  it('a step run keeps what came before as "previous" (sealed verdict first, then this run)', () => {
    let s = runReducer(opened, { type: 'engine', at: 0, event: { type: 'step.started', phase: 'P', step: 's1', title: '' } });
    expect(s.previous.s1?.[0]?.status).toBe('fail');
    s = runReducer(s, { type: 'engine', at: 5, event: { type: 'check.started', phase: 'P', step: 's1', check: 'c1', gate: 'g' } });
    expect(s.live).toEqual([{ check: 'c1', gate: 'g', startedAt: 5 }]);
    s = runReducer(s, {
      type: 'engine',
      at: 9,
      event: { type: 'check.finished', phase: 'P', step: 's1', check: 'c1', gate: 'g', results: [result('s1', 'c1', 'ROLE_IG', 'pass')] },
    });
    expect(s.live).toEqual([]);
    expect(s.partial).toHaveLength(1);
    s = runReducer(s, { type: 'stepDone', step: 's1', results: [result('s1', 'c1', 'ROLE_IG', 'pass')], liveConflicts: [] });
    expect(s.results.s1?.[0]?.status).toBe('pass');
    expect(hasUnsealedWork(s)).toBe(true);
    expect(hasUnsealedWork(runReducer(s, { type: 'sealed', verdict: {} as never, path: '/p', stopped: [], results: s.results }))).toBe(
      false,
    );
  });
  it('running the same phase again keeps its last results as the baseline', () => {
    const done = runReducer(opened, { type: 'stepDone', step: 's1', results: [result('s1', 'c1', 'ROLE_IG', 'pass')], liveConflicts: [] });
    expect(runReducer(done, { type: 'opening', phase: 'P' }).baseline.s1).toHaveLength(1);
    expect(runReducer(done, { type: 'opening', phase: 'Q' }).baseline).toEqual({});
  });
});
