import { describe, expect, it } from 'vitest';
import { detectLiveConflicts, detectPinConflicts } from '../../src/engine/conflicts.js';
import { planRepins } from '../../src/engine/decisions.js';
import { GatewalkError } from '../../src/core/errors.js';
import { registry } from '../gates/context.js';

const ARN = (n: string) => `arn:aws:iam::111122223333:role/${n}`;
const reg = registry({
  ROLE_IG: { kind: 'iam_role', pending: true, terraform: { source: 'demo', output: 'role_ig_arn' } },
  ROLE_SR: { kind: 'iam_role', value: ARN('sr'), terraform: { source: 'demo', output: 'role_sr_arn' } },
  ROLE_APP: { kind: 'iam_role', value: ARN('app'), terraform: { source: 'core', output: 'role_app_arn' } },
});
const tf = { demo: { role_ig_arn: ARN('ig'), role_sr_arn: ARN('sr-v2') }, core: { role_app_arn: ARN('app') } };
const all = Object.keys(reg.handles);

describe('conflict detection', () => {
  it('finds PENDING-with-offer and pinned-vs-terraform, ignores agreement', () => {
    const c = detectPinConflicts(reg, tf, [], all);
    expect(c.map((x) => [x.handle, x.kind])).toEqual([
      ['ROLE_IG', 'pending_offered'],
      ['ROLE_SR', 'pinned_vs_terraform'],
    ]);
    expect(c[0]!.offers).toEqual([{ source: 'terraform:demo.role_ig_arn', value: ARN('ig') }]);
  });

  it('only looks at the handles of the phase', () => {
    expect(detectPinConflicts(reg, tf, [], ['ROLE_APP'])).toEqual([]);
  });

  it('offers nothing when Terraform has not produced the output yet', () => {
    expect(detectPinConflicts(reg, { demo: {} }, [], all)).toEqual([]);
  });

  it('reports same-rank disagreement and live observations', () => {
    const same = [
      {
        handle: 'ROLE_APP',
        values: [
          { doc: 'a', rank: 2, value: ARN('x') },
          { doc: 'b', rank: 2, value: ARN('y') },
        ],
      },
    ];
    expect(detectPinConflicts(reg, {}, same, all)[0]!.kind).toBe('same_rank');
    const live = detectLiveConflicts(reg, [
      { handle: 'ROLE_SR', value: ARN('path/sr'), source: 'live:iam.GetRole' },
      { handle: 'ROLE_APP', value: ARN('app'), source: 'live' },
    ]);
    expect(live.map((x) => x.handle)).toEqual(['ROLE_SR']);
  });
});

describe('repin planning', () => {
  const conflicts = detectPinConflicts(reg, tf, [], all);
  it('without a decision everything stays unresolved', () => {
    expect(planRepins(reg, conflicts, undefined).unresolved).toHaveLength(2);
  });
  it('--repin-from terraform takes every offered value', () => {
    const { planned, unresolved } = planRepins(reg, conflicts, { repins: [], fromSource: 'terraform', reason: 'materialized' });
    expect(unresolved).toEqual([]);
    expect(planned.map((p) => [p.handle, p.from, p.value])).toEqual([
      ['ROLE_IG', 'PENDING', ARN('ig')],
      ['ROLE_SR', ARN('sr'), ARN('sr-v2')],
    ]);
  });
  it('an explicit repin resolves only its handle and is validated', () => {
    const { unresolved } = planRepins(reg, conflicts, { repins: [{ handle: 'ROLE_SR', value: ARN('sr') }], reason: 'keep design value' });
    expect(unresolved.map((c) => c.handle)).toEqual(['ROLE_IG']);
    expect(() => planRepins(reg, conflicts, { repins: [{ handle: 'ROLE_SR', value: 'not-an-arn' }], reason: 'x' })).toThrow(
      /malformed iam_role/,
    );
    expect(() => planRepins(reg, conflicts, { repins: [], fromSource: 'terraform', reason: '  ' })).toThrow(GatewalkError);
  });
});
