import { beforeEach, describe, expect, it, vi } from 'vitest';

// The emulator's SimulatePrincipalPolicy maps iam-simulate's overall result to AWS's EvalDecision.
// A result it does not know is a failure of the emulator (answered as a 500), never a deny: a
// `denied` case would count an invented implicitDeny as proof.
const evaluator = vi.hoisted(() => ({ overallResult: 'Allowed' }));
vi.mock('@cloud-copilot/iam-simulate', () => ({
  runSimulation: async () => ({
    resultType: 'single',
    overallResult: evaluator.overallResult,
    result: { analysis: { identityAnalysis: undefined } },
  }),
}));

const { simulate } = await import('../../../src/substrate/sandbox/services/iam-simulate.js');
const input = {
  principalArn: 'arn:aws:iam::444455556666:role/shop-worker',
  accountId: '444455556666',
  policies: [],
  action: 'kms:Decrypt',
  resource: 'arn:aws:kms:us-east-1:444455556666:key/shop-stage',
  context: {},
};

describe("the emulator's decision for iam-simulate's result", () => {
  beforeEach(() => void (evaluator.overallResult = 'Allowed'));
  it.each([
    ['Allowed', 'allowed'],
    ['ExplicitlyDenied', 'explicitDeny'],
    ['ImplicitlyDenied', 'implicitDeny'],
  ])('maps %s to %s', async (result, decision) => {
    evaluator.overallResult = result;
    expect((await simulate(input)).decision).toBe(decision);
  });
  it('refuses a result it does not know instead of calling it a deny', async () => {
    evaluator.overallResult = 'SomethingNew';
    await expect(simulate(input)).rejects.toThrow('the policy evaluator gave no known decision ("SomethingNew")');
  });
});
