import { describe, expect, it } from 'vitest';
import { ancestorsOf, isGreen, statusesFromLedger } from '../../src/engine/phase-state.js';
import type { Ledger, PhaseLedger, Tamper } from '../../src/engine/sealed-ledger.js';
import type { RunbookDoc } from '../../src/core/runbook-schema.js';
import type { LogbookRecord } from '../../src/logbook/record.js';

// Law 2 on the ledger itself (no files): a phase is green only while its own latest verdict is
// green and untampered AND every phase it requires, transitively, is green. STALE: its own verdict
// green under a non-green ancestor. A second program shape (a diamond, other ids) from phase-state.test.ts.

const phase = (id: string, requires: string[] = []) => ({ id, title: id, requires, evidence_dir: id, snapshot: `${id}.json`, steps: [] });
const runbook = (...phases: ReturnType<typeof phase>[]) => ({ phases }) as unknown as RunbookDoc;
// build ← (lint, unit) ← release: a diamond
const DIAMOND = runbook(phase('build'), phase('lint', ['build']), phase('unit', ['build']), phase('release', ['lint', 'unit']));

const GREEN = { overall_pass: true, blockers: [] };
const HELD = { overall_pass: false, blockers: [{ code: 'X-1', message: 'x' }] };
const sealed = (verdict: Record<string, unknown>, seq = 1, tamper: Tamper[] = []): PhaseLedger => ({
  latest: { seq, path: `/r/ev/${seq}.json`, record: {} as never, verdict },
  tamper,
});
const ledger = (phases: Record<string, PhaseLedger>, records: Partial<LogbookRecord>[] = []): Ledger => ({
  records: records as LogbookRecord[],
  head: { seq: records.length, hash: '0'.repeat(64) },
  phases: new Map(Object.entries(phases)),
});
const states = (rb: RunbookDoc, l: Ledger) => statusesFromLedger(rb, l).map((s) => [s.phase.id, s.state]);
const allGreen = () => ({ build: sealed(GREEN, 1), lint: sealed(GREEN, 2), unit: sealed(GREEN, 3), release: sealed(GREEN, 4) });

describe('isGreen', () => {
  it('only overall_pass === true with an empty blockers array is green', () => {
    expect(isGreen(GREEN)).toBe(true);
    expect(isGreen(undefined)).toBe(false);
    expect(isGreen({ overall_pass: false, blockers: [] })).toBe(false);
    expect(isGreen({ overall_pass: 'true', blockers: [] })).toBe(false);
    expect(isGreen({ overall_pass: true, blockers: [{ code: 'X' }] })).toBe(false);
    expect(isGreen({ overall_pass: true })).toBe(false);
    expect(isGreen({ overall_pass: true, blockers: {} })).toBe(false);
  });
});

describe('statusesFromLedger: the transitive green law', () => {
  it('a diamond all green is green (a shared ancestor reached twice is still green)', () => {
    expect(states(DIAMOND, ledger(allGreen()))).toEqual([
      ['build', 'green'],
      ['lint', 'green'],
      ['unit', 'green'],
      ['release', 'green'],
    ]);
  });

  it('a shared ancestor reached twice in one walk is still green: deploy, under the whole diamond, is green', () => {
    const rb = runbook(...(DIAMOND.phases as never as ReturnType<typeof phase>[]), phase('deploy', ['release']));
    const s = statusesFromLedger(rb, ledger({ ...allGreen(), deploy: sealed(GREEN, 5) }));
    expect(s.map((x) => x.state)).toEqual(['green', 'green', 'green', 'green', 'green']);
  });

  it('one branch held: release is locked-or-stale by its own verdict, waiting only for the held branch', () => {
    const [, , , release] = statusesFromLedger(DIAMOND, ledger({ ...allGreen(), unit: sealed(HELD, 5) }));
    expect([release!.state, release!.waitingFor, release!.notGreenAncestors]).toEqual(['stale', ['unit'], ['unit']]);
    const never = statusesFromLedger(DIAMOND, ledger({ build: sealed(GREEN), lint: sealed(GREEN), unit: sealed(HELD) }))[3]!;
    expect([never.state, never.waitingFor]).toEqual(['locked', ['unit']]);
  });

  it('a regressed root makes every descendant stale, naming the ancestors in program order', () => {
    const s = statusesFromLedger(DIAMOND, ledger({ ...allGreen(), build: sealed(HELD, 5) }));
    expect(s.map((x) => x.state)).toEqual(['blocked', 'stale', 'stale', 'stale']);
    expect(s[3]!.notGreenAncestors).toEqual(['build', 'lint', 'unit']);
    expect(s[3]!.waitingFor).toEqual(['lint', 'unit']);
  });

  it('a tampered ancestor is not green even when its latest verdict is: descendants are stale', () => {
    const tamper = [{ phase: 'build', file: 'ev/build/x.json', problem: 'edited' }];
    const s = statusesFromLedger(DIAMOND, ledger({ ...allGreen(), build: sealed(GREEN, 1, tamper) }));
    expect(s.map((x) => x.state)).toEqual(['tampered', 'stale', 'stale', 'stale']);
    expect(s[0]!.tamper).toEqual(tamper);
    expect(s[1]!.tamper).toEqual([]);
  });

  it('a tampered phase with no trusted verdict is tampered, not ready', () => {
    const tamper = [{ phase: 'build', file: 'ev/build/y.json', problem: 'not in the logbook' }];
    expect(statusesFromLedger(DIAMOND, ledger({ build: { tamper } }))[0]!.state).toBe('tampered');
  });

  it('a phase the ledger knows nothing about is ready (a root) or locked, with no last verdict and no tamper', () => {
    const s = statusesFromLedger(DIAMOND, ledger({}));
    expect(s.map((x) => x.state)).toEqual(['ready', 'locked', 'locked', 'locked']);
    expect(s[0]).toEqual({ phase: DIAMOND.phases[0], state: 'ready', waitingFor: [], notGreenAncestors: [], tamper: [] });
  });

  it('a requirement the runbook does not define (validate refuses it) is never green, even when the ledger holds a green verdict under its name', () => {
    const rb = runbook(phase('build'), phase('ship', ['build', 'ghost']));
    const s = statusesFromLedger(rb, ledger({ build: sealed(GREEN), ghost: sealed(GREEN), ship: sealed(GREEN) }));
    expect(s.map((x) => [x.state, x.waitingFor, x.notGreenAncestors])).toEqual([
      ['green', [], []],
      ['stale', ['ghost'], ['ghost']],
    ]);
    expect(ancestorsOf(rb, 'ship')).toEqual(['build', 'ghost']);
  });

  it('a cycle (a validation problem) is never green, and the walk ends', () => {
    const rb = runbook(phase('a', ['b']), phase('b', ['a']), phase('c', ['b']));
    const s = statusesFromLedger(rb, ledger({ a: sealed(GREEN), b: sealed(GREEN), c: sealed(GREEN) }));
    expect(s.map((x) => x.state)).toEqual(['stale', 'stale', 'stale']);
    expect(ancestorsOf(rb, 'c')).toEqual(['a', 'b']);
  });

  it('last: the latest trusted verdict as status, blockers and finished_at show it; odd fields read fail-closed', () => {
    const s = statusesFromLedger(
      DIAMOND,
      ledger({
        build: sealed({ ...GREEN, finished_at: '2026-05-01T10:00:00.000Z' }, 7),
        lint: sealed(HELD, 8),
        unit: sealed({ overall_pass: 'yes', blockers: 'none', finished_at: 5 }, 9),
      }),
    );
    expect(s.map((x) => x.last)).toEqual([
      { path: '/r/ev/7.json', seq: 7, overall_pass: true, blockers: [], finished_at: '2026-05-01T10:00:00.000Z' },
      { path: '/r/ev/8.json', seq: 8, overall_pass: false, blockers: HELD.blockers },
      { path: '/r/ev/9.json', seq: 9, overall_pass: false, blockers: [] },
      undefined,
    ]);
    expect(s.map((x) => x.state)).toEqual(['green', 'blocked', 'blocked', 'locked']);
  });

  it('a STOP still waiting is shown on its phase only', () => {
    const conflicts = [{ handle: 'DEPLOY_ROLE', kind: 'pinned_vs_live', pinned: 'a', offers: [] }];
    const s = statusesFromLedger(DIAMOND, ledger(allGreen(), [{ seq: 9, kind: 'conflict.stop', data: { phase: 'unit', conflicts } }]));
    expect(s.map((x) => x.pendingStop)).toEqual([undefined, undefined, { seq: 9, handles: ['DEPLOY_ROLE'], conflicts }, undefined]);
  });
});
