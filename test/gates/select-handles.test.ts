import { describe, expect, it } from 'vitest';
import { selectHandles, selectionProblem } from '../../src/gates/select-handles.js';
import { offlineContext, registry } from './context.js';

// Item 3's rule, pinned in-process (test/cli/selection-kinds.test.ts pins it through the binary):
// every entry of a selection must select something, and only handles of the gate's kind.

const kinds = { ACCOUNT: 'account_id', DB_URL_PARAM: 'ssm_parameter', QUEUE_PARAM: 'ssm_parameter', CHECKOUT_ROLE: 'iam_role' };

describe('selectionProblem', () => {
  it('an entry of the right kind, by name or pattern, is fine', () => {
    expect(selectionProblem('DB_URL_PARAM', kinds, 'ssm_parameter')).toBeUndefined();
    expect(selectionProblem('*_PARAM', kinds, 'ssm_parameter')).toBeUndefined();
  });
  it('a name or pattern that selects nothing is a problem', () => {
    expect(selectionProblem('LAMBDA_*', kinds, 'ssm_parameter')).toBe('"LAMBDA_*" selects no handle');
    expect(selectionProblem('DB_URL', kinds, 'ssm_parameter')).toBe('"DB_URL" selects no handle');
  });
  it('a handle of another kind is a problem naming each wrong one with its kind (an/a), never only the right ones', () => {
    expect(selectionProblem('CHECKOUT_ROLE', kinds, 'ssm_parameter')).toBe(
      '"CHECKOUT_ROLE" selects a handle of another kind (CHECKOUT_ROLE is an iam_role); this check takes ssm_parameter handles only',
    );
    expect(selectionProblem('*', kinds, 'iam_role')).toBe(
      '"*" selects a handle of another kind (ACCOUNT is an account_id, DB_URL_PARAM is a ssm_parameter, QUEUE_PARAM is a ssm_parameter); this check takes iam_role handles only',
    );
  });
});

describe('selectHandles', () => {
  const ctx = offlineContext({
    registry: registry({
      QUEUE_PARAM: { kind: 'ssm_parameter', value: '/shop/queue' },
      CHECKOUT_ROLE: { kind: 'iam_role', value: 'arn:aws:iam::444455556666:role/checkout' },
      DB_URL_PARAM: { kind: 'ssm_parameter', value: '/shop/db/url' },
    }),
  });
  it('the selected names, in registry order, each once', () => {
    expect(selectHandles(ctx, ['DB_URL_PARAM', '*_PARAM'], 'ssm_parameter')).toEqual({ names: ['QUEUE_PARAM', 'DB_URL_PARAM'] });
  });
  it('every wrong entry is an error result of its own; nothing is selected', () => {
    expect(selectHandles(ctx, ['DB_URL_PARAM', 'CHECKOUT_ROLE', 'NOPE_*'], 'ssm_parameter')).toEqual({
      outcome: {
        results: [
          {
            resource: 'handles',
            status: 'error',
            reason:
              '"CHECKOUT_ROLE" selects a handle of another kind (CHECKOUT_ROLE is an iam_role); this check takes ssm_parameter handles only',
          },
          { resource: 'handles', status: 'error', reason: '"NOPE_*" selects no handle' },
        ],
      },
    });
  });
});
