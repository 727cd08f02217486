import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/core/types.js';
import { phaseHistory, type HistoryRecord } from '../../src/engine/history.js';
import { arcLine, timelineItems, timelineMarkdown, timelineText } from '../../src/engine/history-text.js';

const res = (resource: string, status: CheckResult['status']): CheckResult => ({
  id: 'roles',
  step: 's',
  gate: 'iam.roles_materialized',
  resource,
  status,
  reason: '',
  duration_ms: 1,
});
let seq = 0;
const rec = (kind: string, data: Record<string, unknown>): HistoryRecord => ({
  seq: ++seq,
  ts: `2026-11-30T10:00:${String(seq).padStart(2, '0')}Z`,
  kind,
  actor: 'op',
  data,
});

// A program that is not the shipped one: phase `launch`, codes L-…, handles WORKER_ROLE….
const handles = ['WORKER_ROLE', 'API_ROLE', 'CRON_ROLE'];
const records = [
  rec('run.started', { phase: 'launch' }),
  rec('verdict.sealed', { phase: 'launch', overall_pass: false, blockers: ['L-B4', 'L-B1', 'L-B4'], path: 'runs/launch/1/v.json' }),
  rec('verdict.sealed', { phase: 'other', overall_pass: true, blockers: [], path: 'x' }),
  rec('conflict.stop', { phase: 'launch', conflicts: handles.map((handle) => ({ handle, kind: 'pending-offered' })) }),
  ...handles.map((handle) =>
    rec('repin', {
      phase: 'launch',
      handle,
      from: 'PENDING',
      to: `arn:${handle}`,
      source: `terraform:app.${handle.toLowerCase()}_arn`,
      reason: 'roles made by the\x1b[2J stack',
    }),
  ),
  rec('attest', { phase: 'launch', step: 'notes', status: 'pass', note: 'qa ok' }),
  rec('verdict.sealed', { phase: 'launch', overall_pass: true, blockers: [], path: 'runs/launch/2/v.json' }),
];
const snapshots: Record<string, CheckResult[]> = {
  'runs/launch/1/v.json': [res('WORKER_ROLE', 'fail'), res('API_ROLE', 'pass')],
  'runs/launch/2/v.json': [res('WORKER_ROLE', 'pass'), res('API_ROLE', 'pass')],
};

describe('phase history', () => {
  it('tells the incident as one arc: verdicts, STOP, repins folded by decision, attestations, PASS', async () => {
    const events = await phaseHistory(records, 'launch', async (p) => snapshots[p]);
    expect(events.map((e) => e.kind)).toEqual(['verdict', 'stop', 'repin', 'repin', 'repin', 'attest', 'verdict']);
    const items = timelineItems(events);
    expect(arcLine(items)).toBe('FAIL [L-B4, L-B1] → STOP 3 conflicts → 3 repins → ATTEST notes pass → PASS');
    const text = timelineText('launch', items);
    expect(text).toContain('changed WORKER_ROLE: FAIL → PASS');
    expect(text).toContain('"roles made by the stack" (source terraform:app)');
    expect(text).not.toContain('\x1b');
    expect(text).toContain('WORKER_ROLE: PENDING → arn:WORKER_ROLE  [terraform:app.worker_role_arn]');
  });
  it('a verdict whose snapshot cannot be read still shows, naming the snapshot; no change list is invented', async () => {
    const events = await phaseHistory(records, 'launch', async () => undefined);
    const verdicts = events.filter((e) => e.kind === 'verdict');
    expect(verdicts.every((v) => v.kind === 'verdict' && v.changes === null)).toBe(true);
    expect(timelineText('launch', timelineItems(events))).toContain('snapshot runs/launch/2/v.json');
  });
  it('repins of two decisions stay apart; Markdown escapes table pipes', async () => {
    const two = [
      rec('repin', { phase: 'p', handle: 'A', from: '', to: 'x', source: 'operator', reason: 'a|b' }),
      rec('repin', { phase: 'p', handle: 'B', from: '', to: 'y', source: 'terraform:t', reason: 'a|b' }),
    ];
    const items = timelineItems(await phaseHistory(two, 'p', async () => undefined));
    expect(arcLine(items)).toBe('repin A → repin B');
    expect(timelineMarkdown('p', 'env e', items)).toContain('"a\\|b"');
    expect(arcLine([])).toMatch(/nothing recorded/);
  });
});
