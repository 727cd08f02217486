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

describe('conflict detection: each rule', () => {
  // A second registry shape: a shop's ssm parameter and roles, outputs from another Terraform source.
  const shop = registry({
    DB_URL_PARAM: { kind: 'ssm_parameter', value: '/shop/db/url', terraform: { source: 'platform', output: 'db_url_param' } },
    WORKER_ROLE: { kind: 'iam_role', pending: true, terraform: { source: 'platform', output: 'worker_role_arn' } },
    CHECKOUT_ROLE: { kind: 'iam_role', value: ARN('checkout') },
  });
  it('a handle outside the registry or without a Terraform output is never a Terraform conflict (and never throws)', () => {
    expect(detectPinConflicts(shop, { platform: { db_url_param: '/shop/db/url' } }, [], ['CHECKOUT_ROLE', 'NOT_A_HANDLE'])).toEqual([]);
  });
  it('an empty or non-string output is not an offer: Terraform has produced nothing yet', () => {
    expect(detectPinConflicts(shop, { platform: { worker_role_arn: '', db_url_param: 7 } }, [], ['WORKER_ROLE', 'DB_URL_PARAM'])).toEqual(
      [],
    );
  });
  it('PENDING with an offer, pinned against a different offer, each with its pin and the offer source', () => {
    const offered = { platform: { worker_role_arn: ARN('worker'), db_url_param: '/shop/db/url-v2' } };
    expect(detectPinConflicts(shop, offered, [], ['WORKER_ROLE', 'DB_URL_PARAM'])).toEqual([
      { handle: 'WORKER_ROLE', kind: 'pending_offered', offers: [{ source: 'terraform:platform.worker_role_arn', value: ARN('worker') }] },
      {
        handle: 'DB_URL_PARAM',
        kind: 'pinned_vs_terraform',
        pinned: '/shop/db/url',
        offers: [{ source: 'terraform:platform.db_url_param', value: '/shop/db/url-v2' }],
      },
    ]);
  });
  it('same-rank disagreement: only for the handles in scope, every document as an offer with its rank', () => {
    const values = [
      { doc: 'handles.yaml', rank: 1, value: ARN('a') },
      { doc: 'overrides.yaml', rank: 1, value: ARN('b') },
    ];
    const same = [{ handle: 'CHECKOUT_ROLE', values }];
    expect(detectPinConflicts(shop, {}, same, ['DB_URL_PARAM'])).toEqual([]);
    expect(detectPinConflicts(shop, {}, same, ['CHECKOUT_ROLE'])).toEqual([
      {
        handle: 'CHECKOUT_ROLE',
        kind: 'same_rank',
        pinned: ARN('checkout'),
        offers: [
          { source: 'registry:handles.yaml', value: ARN('a'), rank: 1 },
          { source: 'registry:overrides.yaml', value: ARN('b'), rank: 1 },
        ],
      },
    ]);
    // a disagreement about a handle the resolved registry lacks is still a conflict, pinned nothing
    expect(detectPinConflicts(shop, {}, [{ handle: 'LOST', values }], ['LOST'])[0]).toMatchObject({ handle: 'LOST', pinned: undefined });
  });
  it('live: one conflict per handle, every distinct (source, value) once; agreeing and unknown handles ignored', () => {
    const seen = (handle: string, value: string, source: string) => ({ handle, value, source });
    expect(
      detectLiveConflicts(shop, [
        seen('CHECKOUT_ROLE', ARN('path/checkout'), 'live:iam.GetRole'),
        seen('CHECKOUT_ROLE', ARN('path/checkout'), 'live:iam.GetRole'),
        seen('CHECKOUT_ROLE', ARN('path/checkout'), 'live:sts'),
        seen('CHECKOUT_ROLE', ARN('other'), 'live:iam.GetRole'),
        seen('DB_URL_PARAM', '/shop/db/url', 'live:ssm'),
        seen('NOT_A_HANDLE', 'x', 'live'),
        seen('WORKER_ROLE', ARN('worker'), 'live:iam.GetRole'),
      ]),
    ).toEqual([
      {
        handle: 'CHECKOUT_ROLE',
        kind: 'pinned_vs_live',
        pinned: ARN('checkout'),
        offers: [
          { source: 'live:iam.GetRole', value: ARN('path/checkout') },
          { source: 'live:sts', value: ARN('path/checkout') },
          { source: 'live:iam.GetRole', value: ARN('other') },
        ],
      },
      { handle: 'WORKER_ROLE', kind: 'pinned_vs_live', pinned: undefined, offers: [{ source: 'live:iam.GetRole', value: ARN('worker') }] },
    ]);
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
