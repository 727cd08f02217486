import { describe, expect, it } from 'vitest';
import type { LoadedProgram } from '../../src/load/load-program.js';
import type { Phase } from '../../src/core/runbook-schema.js';
import { buildVerdict, checkStatuses, computeBlockers, type VerdictInput } from '../../src/engine/verdict.js';
import { isBlocking, worstStatus, type CheckResult, type CheckStatus } from '../../src/core/types.js';

const UNCODED_BLOCKER = 'GW-CHECK';
const CONFLICT_BLOCKER = 'GW-CONFLICT';

// Item 5: every rule of the green law, pinned directly. Each test names the rule it pins; reversing
// the rule in src/engine/verdict.ts (or in isBlocking/worstStatus) fails it.

const phase: Phase = {
  id: 'stage-account',
  title: 'Stage account',
  requires: [],
  evidence_dir: 'stage_account',
  snapshot: 'v.json',
  green_label: 'READY',
  steps: [
    { id: 'who', title: 'Who', guidance: '', checks: [{ id: 'caller', gate: 'sts.identity', params: {}, blocker: 'ACC-1' }] },
    {
      id: 'params',
      title: 'Params',
      guidance: '',
      checks: [
        { id: 'present', gate: 'ssm.parameters_present', params: {}, blocker: 'ACC-2' },
        { id: 'uncoded', gate: 'attest', params: {} },
      ],
    },
  ],
};
const codebook = { 'ACC-1': 'wrong account', 'ACC-2': 'parameters missing' };

const r = (id: string, status: CheckStatus, reason = `${id} ${status}`, resource = id): CheckResult => ({
  id,
  step: 's',
  gate: 'g',
  resource,
  status,
  reason,
  duration_ms: 1,
});
const allPass = [r('caller', 'pass'), r('present', 'pass'), r('uncoded', 'pass')];

describe('isBlocking and worstStatus', () => {
  it('fail, error and manual block; pass and skip do not', () => {
    expect(['pass', 'fail', 'error', 'manual', 'skip'].map((s) => isBlocking(s as CheckStatus))).toEqual([false, true, true, true, false]);
  });
  it('worst wins: error > fail > manual > skip > pass; nothing at all is pass', () => {
    expect(worstStatus(['pass', 'skip'])).toBe('skip');
    expect(worstStatus(['skip', 'manual', 'pass'])).toBe('manual');
    expect(worstStatus(['manual', 'fail'])).toBe('fail');
    expect(worstStatus(['fail', 'error', 'pass'])).toBe('error');
    expect(worstStatus(['error', 'fail'])).toBe('error');
    expect(worstStatus([])).toBe('pass');
  });
  it('checkStatuses folds every result of a check, worst wins, per check id', () => {
    const s = checkStatuses([r('caller', 'pass'), r('present', 'pass'), r('present', 'fail', 'x', 'b'), r('present', 'pass', 'y', 'c')]);
    expect(s.get('caller')).toBe('pass');
    expect(s.get('present')).toBe('fail');
    expect(s.size).toBe(2);
  });
});

describe('computeBlockers: the green law', () => {
  it('all pass → no blockers', () => {
    expect(computeBlockers(phase, codebook, allPass, [])).toEqual([]);
  });
  it('skip does not block', () => {
    expect(computeBlockers(phase, codebook, [r('caller', 'pass'), r('present', 'skip'), r('uncoded', 'pass')], [])).toEqual([]);
  });
  it.each(['fail', 'error', 'manual'] as const)("%s blocks with the check's code, its meaning and the first blocking reason", (status) => {
    const results = [
      r('caller', 'pass'),
      r('present', 'pass', 'ok', 'a'),
      r('present', status, 'why b', 'b'),
      r('present', status, 'why c', 'c'),
      r('uncoded', 'pass'),
    ];
    expect(computeBlockers(phase, codebook, results, [])).toEqual([
      { code: 'ACC-2', message: `parameters missing — ${status}: why b`, check: 'present' },
    ]);
  });
  it("each blocker quotes the first blocking result of its own check, not another check's", () => {
    const results = [
      r('caller', 'fail', 'caller is someone else'),
      r('present', 'pass', 'ok', 'a'),
      r('present', 'error', 'throttled', 'b'),
      r('uncoded', 'pass'),
    ];
    expect(computeBlockers(phase, codebook, results, []).map((b) => b.message)).toEqual([
      'wrong account — fail: caller is someone else',
      'parameters missing — error: throttled',
    ]);
  });
  it('a check that never ran blocks ("check was not run")', () => {
    expect(computeBlockers(phase, codebook, [r('caller', 'pass'), r('present', 'pass')], [])).toEqual([
      { code: UNCODED_BLOCKER, message: 'check uncoded did not pass — check was not run', check: 'uncoded' },
    ]);
  });
  it('an empty step (none of its checks has a result) blocks once per check, in runbook order', () => {
    expect(computeBlockers(phase, codebook, [r('caller', 'pass')], []).map((b) => [b.code, b.check])).toEqual([
      ['ACC-2', 'present'],
      [UNCODED_BLOCKER, 'uncoded'],
    ]);
  });
  it('no results at all block every check', () => {
    expect(computeBlockers(phase, codebook, [], []).map((b) => b.check)).toEqual(['caller', 'present', 'uncoded']);
  });
  it('a check without a blocker code raises GW-CHECK; a code missing from the codebook still names the check', () => {
    const bare = { ...phase, steps: [{ ...phase.steps[0]!, checks: [{ ...phase.steps[0]!.checks[0]!, blocker: 'NOPE-9' }] }] };
    expect(computeBlockers(bare, codebook, [r('caller', 'fail', 'bad')], [])).toEqual([
      { code: 'NOPE-9', message: 'check caller did not pass — fail: bad', check: 'caller' },
    ]);
    expect(computeBlockers(phase, codebook, [r('caller', 'pass'), r('present', 'pass'), r('uncoded', 'error', 'boom')], [])).toEqual([
      { code: UNCODED_BLOCKER, message: 'check uncoded did not pass — error: boom', check: 'uncoded' },
    ]);
  });
  it('results of checks the phase does not have are ignored (they neither block nor unblock)', () => {
    expect(computeBlockers(phase, codebook, [...allPass, r('stranger', 'fail')], [])).toEqual([]);
    expect(computeBlockers(phase, codebook, [r('caller', 'pass'), r('stranger', 'pass')], []).map((b) => b.check)).toEqual([
      'present',
      'uncoded',
    ]);
  });
  it('a live conflict blocks with GW-CONFLICT even when every check passed', () => {
    const conflict = {
      handle: 'CHECKOUT_ROLE',
      pinned: 'arn:a',
      offers: [{ source: 'terraform:platform.checkout_role_arn', value: 'arn:b' }],
    };
    const pendingConflict = {
      handle: 'WORKER_ROLE',
      pinned: undefined,
      offers: [
        { source: 'live', value: 'arn:c' },
        { source: 'terraform:x.y', value: 'arn:d' },
      ],
    };
    expect(computeBlockers(phase, codebook, allPass, [conflict, pendingConflict] as never)).toEqual([
      {
        code: CONFLICT_BLOCKER,
        message: 'CHECKOUT_ROLE: pinned arn:a but terraform:platform.checkout_role_arn = arn:b',
        check: 'conflicts',
      },
      { code: CONFLICT_BLOCKER, message: 'WORKER_ROLE: pinned PENDING but live = arn:c, terraform:x.y = arn:d', check: 'conflicts' },
    ]);
  });
});

describe('buildVerdict', () => {
  const program = {
    root: '/prog',
    env: 'shop_stage',
    registry: { path: '/prog/registry/shop_stage.yaml', sha256: 'r'.repeat(64) },
    runbook: { path: '/prog/runbooks/shop.yaml', sha256: 'b'.repeat(64), doc: { program: 'shop_launch', blockers: codebook } },
  } as unknown as LoadedProgram;
  const input = (over: Partial<VerdictInput> = {}): VerdictInput => ({
    program,
    phase,
    substrate: 'sandbox',
    operator: { arn: 'arn:aws:sts::1:assumed-role/x/y', account: '1' } as never,
    version: '9.9.9',
    requires: [{ phase: 'release', verdict: '/prog/evidence/release/1/v.json' }],
    startedAt: new Date('2026-03-01T00:00:00Z'),
    finishedAt: new Date('2026-03-01T00:00:05Z'),
    results: allPass,
    liveConflicts: [],
    previous: null,
    logbookHead: { seq: 0, hash: '0'.repeat(64) },
    ...over,
  });

  it('a phase with AWS checks is never green without a verified caller identity (GW-IDENTITY); a documents-only one may be', () => {
    const unverified = { error: 'AccessDenied', unverified_actor: 'unverified:alice' };
    const v = buildVerdict(input({ operator: unverified, identityRequired: true }));
    expect([v.overall_pass, v.blockers.map((b) => b.code)]).toEqual([false, ['GW-IDENTITY']]);
    // The blocker says why, with STS's own error, and names the operator as what blocked.
    expect(v.blockers[0]).toEqual({
      code: 'GW-IDENTITY',
      message: 'caller identity not verified (AccessDenied): a phase with AWS checks never seals green without knowing who ran it',
      check: 'operator',
    });
    expect(buildVerdict(input({ operator: unverified, identityRequired: false })).overall_pass).toBe(true);
    expect(buildVerdict(input({ identityRequired: true })).overall_pass).toBe(true);
  });

  it('green only when nothing blocks: overall_pass, the green label, blockers []', () => {
    const v = buildVerdict(input());
    expect([v.overall_pass, v.verdict, v.blockers]).toEqual([true, 'READY', []]);
    expect(buildVerdict(input({ phase: { ...phase, green_label: undefined } as Phase })).verdict).toBe('PASS');
  });
  it.each([
    ['a failed check', { results: [r('caller', 'fail'), r('present', 'pass'), r('uncoded', 'pass')] }],
    ['a check that never ran', { results: [r('caller', 'pass'), r('present', 'pass')] }],
    ['a manual check', { results: [r('caller', 'pass'), r('present', 'pass'), r('uncoded', 'manual')] }],
    ['no results', { results: [] }],
    ['a live conflict', { liveConflicts: [{ handle: 'X', pinned: 'a', offers: [{ source: 'live', value: 'b' }] }] as never }],
  ])('%s → HOLD, overall_pass false', (_what, over) => {
    const v = buildVerdict(input(over));
    expect(v.overall_pass).toBe(false);
    expect(v.verdict).toBe('HOLD');
    expect(v.blockers.length).toBeGreaterThan(0);
  });
  it('records inputs, requires and previous root-relative, with the stamps and identity given', () => {
    const v = buildVerdict(input({ previous: '/prog/evidence/stage_account/0/v.json' }));
    expect(v.inputs).toEqual({
      registry: { path: 'registry/shop_stage.yaml', sha256: 'r'.repeat(64) },
      runbook: { path: 'runbooks/shop.yaml', sha256: 'b'.repeat(64) },
    });
    expect(v.requires).toEqual([{ phase: 'release', verdict: 'evidence/release/1/v.json' }]);
    expect(v.previous_verdict).toBe('evidence/stage_account/0/v.json');
    expect(buildVerdict(input()).previous_verdict).toBeNull();
    expect([v.schema, v.env, v.program, v.phase, v.phase_title, v.substrate, v.tool]).toEqual([
      'gatewalk.verdict/v1',
      'shop_stage',
      'shop_launch',
      'stage-account',
      'Stage account',
      'sandbox',
      { name: 'gatewalk', version: '9.9.9' },
    ]);
    expect([v.started_at, v.finished_at]).toEqual(['2026-03-01T00:00:00.000Z', '2026-03-01T00:00:05.000Z']);
    expect(v.checks).toBe(allPass);
    expect(v.conflicts).toEqual([]);
  });
  describe('key figures', () => {
    const figured = (key_figures: Phase['key_figures']) => ({ ...phase, key_figures }) as Phase;
    const withRegistry = { ...program, resolved: { handles: { RUN_ID: { kind: 'run_id', value: 'run-7' } } } } as unknown as LoadedProgram;
    const kf = (over: Partial<VerdictInput>) => buildVerdict(input({ program: withRegistry, ...over }));

    it('a phase that declares none carries no key_figures', () => {
      expect('key_figures' in buildVerdict(input())).toBe(false);
    });
    it('readable figures are sealed with a green verdict, read from the registry, a result and the verdict itself', () => {
      const v = kf({
        phase: figured([
          { name: 'run_id', value: '${RUN_ID}' },
          { name: 'caller', check: 'caller', pointer: '/reason' },
          { name: 'verdict', pointer: '/verdict' },
        ]),
      });
      expect([v.overall_pass, v.blockers]).toEqual([true, []]);
      expect(v.key_figures).toEqual({ run_id: 'run-7', caller: 'caller pass', verdict: 'READY' });
    });
    it('an unreadable figure holds an otherwise green run (GW-FIGURE), and the figures are read from the verdict as sealed', () => {
      const v = kf({
        phase: figured([
          { name: 'missing', pointer: '/nope' },
          { name: 'verdict', pointer: '/verdict' },
        ]),
      });
      expect([v.overall_pass, v.verdict]).toEqual([false, 'HOLD']);
      expect(v.blockers).toEqual([{ code: 'GW-FIGURE', message: 'key figure missing: /nope is not in the verdict', check: 'key_figures' }]);
      expect(v.key_figures).toEqual({ missing: null, verdict: 'HOLD' });
    });
    it('a run already blocked gets no GW-FIGURE on top: its own blockers say why; the figure is null', () => {
      const results = [r('caller', 'fail', 'someone else'), r('present', 'pass'), r('uncoded', 'pass')];
      const v = kf({ results, phase: figured([{ name: 'missing', pointer: '/nope' }]) });
      expect(v.blockers.map((b) => b.code)).toEqual(['ACC-1']);
      expect(v.key_figures).toEqual({ missing: null });
    });
  });
});
