import { describe, expect, it } from 'vitest';
import { collectReferences, interpolate, matchNames, pendingIn, referenceProblem } from '../../src/core/interpolate.js';
import { registry } from '../gates/context.js';

const reg = registry({
  ACCOUNT_ID: { kind: 'account_id', value: '111122223333' },
  REGION: { kind: 'region', value: 'eu-west-2' },
  SSM_DB_PASSWORD_PATH: { kind: 'ssm_parameter', value: '/app/db/password' },
  ROLE_APP: { kind: 'iam_role', value: 'arn:aws:iam::111122223333:role/app/runtime' },
  ROLE_IG: { kind: 'iam_role', pending: true },
});

describe('interpolate', () => {
  it('substitutes values and derived attributes', () => {
    const out = interpolate({ a: ['${SSM_DB_PASSWORD_PATH.arn}', 'x-${ROLE_APP.name}'], b: '${ACCOUNT_ID}' }, reg);
    expect(out.value).toEqual({ a: ['arn:aws:ssm:eu-west-2:111122223333:parameter/app/db/password', 'x-runtime'], b: '111122223333' });
    expect(out.pending).toEqual([]);
  });

  it('leaves PENDING references in place and reports them; unknown ones too', () => {
    const out = interpolate({ p: '${ROLE_IG}', q: '${NOPE}' }, reg);
    expect(out.value.p).toBe('${ROLE_IG}');
    expect(out.pending).toEqual(['ROLE_IG']);
    expect(out.unknown).toEqual(['NOPE']);
    expect(pendingIn(out.value.p)).toEqual(['ROLE_IG']);
  });

  it('collects references with their paths and checks attributes', () => {
    expect(collectReferences({ cases: [{ principal: '${ROLE_APP}' }] })).toEqual([{ handle: 'ROLE_APP', path: ['cases', 0, 'principal'] }]);
    expect(referenceProblem({ handle: 'ROLE_APP', attr: 'arn' }, reg)).toMatch(/not defined for a iam_role/);
    expect(referenceProblem({ handle: 'X' }, reg)).toBe('unknown handle X');
  });

  it('expands name patterns in registry order', () => {
    expect(matchNames(['ROLE_*'], Object.keys(reg.handles))).toEqual(['ROLE_APP', 'ROLE_IG']);
    expect(matchNames(['SSM_*_PATH'], Object.keys(reg.handles))).toEqual(['SSM_DB_PASSWORD_PATH']);
  });
});
