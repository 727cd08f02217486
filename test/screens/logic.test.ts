import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { GatewalkError } from '../../src/core/errors.js';
import { describeError } from '../../src/console/ports/describe-error.js';
import { diffResults, formatChange, stepIsGreen } from '../../src/engine/result-changes.js';
import { packHints } from '../../src/console/components/Footer.js';
import { BINDINGS, hintsFor, isTypingKey, matchAction } from '../../src/console/input/key-bindings.js';
import { windowOf } from '../../src/console/components/layout.js';
import { summarizeRecord } from '../../src/console/state/logbook-summary.js';
import { navReducer, initialNav } from '../../src/console/state/nav-state.js';
import { initialRunState, runReducer, hasUnsealedWork } from '../../src/console/state/run-state.js';
import { initialStop, sourcesOffered, stopReducer } from '../../src/console/state/stop-state.js';
import { editText } from '../../src/console/state/text-edit.js';
import { clipMiddle, reflow } from '../../src/console/theme/text.js';
import { themeFromEnv, tone } from '../../src/console/theme/theme.js';
import { phase, result } from '../console/fake-port.js';

const key = (over: Partial<Key> = {}): Key => ({ upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false, ...over });

describe('key bindings', () => {
  it('maps arrows and j/k, enter, esc and backspace (DEL) to actions from one table', () => {
    const offers = ['up', 'down', 'select', 'back'] as const;
    expect(matchAction(offers, 'k', key())).toBe('up');
    expect(matchAction(offers, '', key({ downArrow: true }))).toBe('down');
    expect(matchAction(offers, '', key({ return: true }))).toBe('select');
    expect(matchAction(offers, '', key({ escape: true }))).toBe('back');
    expect(matchAction(offers, '', key({ delete: true }))).toBe('back');
    expect(matchAction(offers, 'q', key())).toBeUndefined();
    expect(BINDINGS.interrupt.match('c', key({ ctrl: true }))).toBe(true);
  });
  it('hints use screen labels and fold ↑/↓ into one', () => {
    expect(hintsFor(['up', 'down', ['select', 'next step'], 'rerun'])).toEqual([
      { keys: '↑↓/jk', label: 'move' },
      { keys: 'enter', label: 'next step' },
      { keys: 'r', label: 'rerun step' },
    ]);
  });
  it('while typing, letters and backspace belong to the field; enter and esc do not', () => {
    expect(isTypingKey('q', key())).toBe(true);
    expect(isTypingKey('', key({ backspace: true }))).toBe(true);
    expect(isTypingKey('', key({ return: true }))).toBe(false);
    expect(isTypingKey('', key({ escape: true }))).toBe(false);
  });
  it('footer hints pack into lines without splitting a hint', () => {
    const lines = packHints(Array.from({ length: 10 }, (_, i) => ({ keys: `k${i}`, label: 'label' })), 30, 2);
    expect(lines).toHaveLength(2);
    expect(lines[0]!.length).toBeGreaterThan(1);
  });
});

describe('run state', () => {
  const P = phase('P', [{ id: 's1', checks: ['c1'] }]);
  const opened = runReducer(runReducer(initialRunState, { type: 'opening', phase: 'P' }), { type: 'opened', phase: P, operator: { error: 'x' }, conflicts: [], sealedPrevious: [result('s1', 'c1', 'ROLE_IG', 'fail')] });
  it('a step run keeps what came before as "previous" (sealed verdict first, then this run)', () => {
    let s = runReducer(opened, { type: 'engine', at: 0, event: { type: 'step.started', phase: 'P', step: 's1', title: '' } });
    expect(s.previous.s1?.[0]?.status).toBe('fail');
    s = runReducer(s, { type: 'engine', at: 5, event: { type: 'check.started', phase: 'P', step: 's1', check: 'c1', gate: 'g' } });
    expect(s.live).toEqual([{ check: 'c1', gate: 'g', startedAt: 5 }]);
    s = runReducer(s, { type: 'engine', at: 9, event: { type: 'check.finished', phase: 'P', step: 's1', check: 'c1', gate: 'g', results: [result('s1', 'c1', 'ROLE_IG', 'pass')] } });
    expect(s.live).toEqual([]);
    expect(s.partial).toHaveLength(1);
    s = runReducer(s, { type: 'stepDone', step: 's1', results: [result('s1', 'c1', 'ROLE_IG', 'pass')], liveConflicts: [] });
    expect(s.results.s1?.[0]?.status).toBe('pass');
    expect(hasUnsealedWork(s)).toBe(true);
    expect(hasUnsealedWork(runReducer(s, { type: 'sealed', verdict: {} as never, path: '/p' }))).toBe(false);
  });
  it('running the same phase again keeps its last results as the baseline', () => {
    const done = runReducer(opened, { type: 'stepDone', step: 's1', results: [result('s1', 'c1', 'ROLE_IG', 'pass')], liveConflicts: [] });
    expect(runReducer(done, { type: 'opening', phase: 'P' }).baseline.s1).toHaveLength(1);
    expect(runReducer(done, { type: 'opening', phase: 'Q' }).baseline).toEqual({});
  });
});

describe('what changed since the previous run', () => {
  it('reports status moves per resource, fixes first', () => {
    const before = [result('s', 'roles', 'ROLE_IG', 'fail'), result('s', 'roles', 'ROLE_SR', 'pass'), result('s', 'roles', 'ROLE_OLD', 'pass')];
    const after = [result('s', 'roles', 'ROLE_SR', 'fail'), result('s', 'roles', 'ROLE_IG', 'pass'), result('s', 'roles', 'ROLE_NEW', 'pass')];
    expect(diffResults(before, after).map(formatChange)).toEqual(['ROLE_SR: PASS → FAIL', 'ROLE_IG: FAIL → PASS', 'ROLE_NEW: (new) → PASS', 'ROLE_OLD: PASS → (gone)']);
    expect(diffResults(before, before)).toEqual([]);
  });
  it('a step is green only when it ran and nothing blocks (skip does not block)', () => {
    expect(stepIsGreen(undefined)).toBe(false);
    expect(stepIsGreen([result('s', 'c', 'r', 'pass'), result('s', 'c', 'r2', 'skip')])).toBe(true);
    expect(stepIsGreen([result('s', 'c', 'r', 'manual')])).toBe(false);
  });
});

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

describe('navigation', () => {
  it('the home cursor follows the first phase needing work until moved; moves add up', () => {
    let s = navReducer(initialNav, { type: 'homeCursor', auto: 3, delta: 1, length: 6 });
    expect(s.homeCursor).toBe(4);
    s = navReducer(s, { type: 'homeCursor', auto: 3, delta: 1, length: 6 });
    s = navReducer(s, { type: 'homeCursor', auto: 3, delta: 1, length: 6 });
    expect(s.homeCursor).toBe(5);
    expect(navReducer(s, { type: 'homeAuto' }).homeCursor).toBe(-1);
  });
  it('the logbook returns to the screen it was opened from; overlays toggle', () => {
    let s = navReducer(initialNav, { type: 'go', screen: 'step', step: 's1' });
    s = navReducer(s, { type: 'logbook' });
    expect(s.screen).toBe('logbook');
    expect(navReducer(s, { type: 'logbook' })).toMatchObject({ screen: 'step', step: 's1' });
    const help = navReducer(s, { type: 'overlay', overlay: 'help' });
    expect(help.overlay).toBe('help');
    expect(navReducer(help, { type: 'overlay', overlay: 'help' }).overlay).toBeNull();
  });
});

describe('text', () => {
  it('edits a field: typing, backspace, paste with escapes sanitized', () => {
    expect(editText('ab', 'c', key())).toBe('abc');
    expect(editText('abc', '', key({ delete: true }))).toBe('ab');
    expect(editText('ab', '', key({ return: true }))).toBe('ab');
    expect(editText('', 'x\x1b[2Jy\u202ez', key())).toBe('xyz');
  });
  it('re-flows hard-wrapped runbook prose and clips in the middle', () => {
    expect(reflow('one\ntwo\n\nthree\x1b[31m')).toBe('one two\nthree');
    expect(clipMiddle('m1_build_go/2026/packaging.json', 12)).toHaveLength(12);
    expect(clipMiddle('short', 12)).toBe('short');
  });
  it('windows a long list around the cursor', () => {
    expect(windowOf([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 9, 3)).toEqual({ start: 7, visible: [7, 8, 9] });
    expect(windowOf([0, 1], 1, 5).visible).toEqual([0, 1]);
  });
  it('summarizes logbook records in words, sanitized', () => {
    const rec = { seq: 1, ts: '', prev_hash: '', hash: '', kind: 'repin', substrate: 'sandbox' as const, env: 'e', actor: 'a', data: { phase: 'M4.C', handle: 'ROLE_IG', from: 'PENDING', to: 'arn\x1b[2J', source: 'terraform:x', reason: 'why' } };
    expect(summarizeRecord(rec)).toBe('M4.C ROLE_IG: PENDING → arn (terraform:x) — why');
  });
});

describe('errors', () => {
  it('show the next step for operator errors and label bugs as internal', () => {
    expect(describeError(new GatewalkError('M2 requires M2.E', 'close M2.E green first'))).toBe('M2 requires M2.E\ntry: close M2.E green first');
    expect(describeError(new TypeError('x is undefined'))).toBe('internal error: x is undefined');
  });
});

describe('NO_COLOR', () => {
  it('turns colour off when set and not empty; glyph + word stay', () => {
    expect(themeFromEnv({ NO_COLOR: '1' })).toEqual({ color: false });
    expect(themeFromEnv({ NO_COLOR: '' })).toEqual({ color: true });
    expect(tone({ color: false }, 'red')).toBeUndefined();
    expect(tone({ color: true }, 'red')).toBe('red');
  });
});
