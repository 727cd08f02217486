import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamSimulate } from '../../src/gates/iam-simulate.js';
import { ancestorPathArns } from '../../src/gates/ssm-ancestor-paths.js';
import { resetSandbox } from '../../src/substrate/sandbox/index.js';
import { ENV, EXECUTION_ROLE, SIX_PATHS, ssmArn } from '../substrate/sandbox/helpers.js';
import { gateHarness, type GateHarness } from './sandbox-context.js';

// iam.simulate cases for reads through a parent path (ssm:GetParametersByPath on each ancestor).
let h: GateHarness;
beforeAll(async () => {
  h = await gateHarness();
});
afterAll(() => h.close());

const PARAMS = {
  actions: ['ssm:GetParameter'],
  resources: SIX_PATHS.map(ssmArn),
  cases: [
    { label: 'by_path', principal: EXECUTION_ROLE, actions: ['ssm:GetParametersByPath'], ancestor_paths: true, expect: 'denied' as const },
  ],
};

describe('iam.simulate with ancestor_paths', () => {
  it('asks for every parent path of the pinned parameters, deepest first, each once', () => {
    expect(ancestorPathArns(SIX_PATHS.map(ssmArn)).map((a) => a.slice(a.indexOf(':parameter') + 10))).toEqual([
      '/fraud-platform/dev_min/confluent',
      '/fraud-platform/dev_min',
      '/fraud-platform',
      '/fraud-platform/dev_min/ig',
      '/fraud-platform/dev_min/db',
    ]);
    expect(() => ancestorPathArns(['arn:aws:iam::111122223333:role/x'])).toThrow(/not an SSM parameter ARN/);
  });

  it('passes while the execution role cannot read by path, fails naming the parent path once a path read is granted', async () => {
    const ok = await iamSimulate.run(await h.context(), PARAMS);
    expect(ok.results).toEqual([expect.objectContaining({ status: 'pass', reason: 'by_path: 0/5 allowed, expected denied' })]);
    await h.apply('grant-execution-role-path-read');
    const drift = await iamSimulate.run(await h.context(), PARAMS);
    expect(drift.results[0]).toMatchObject({ status: 'fail' });
    expect(drift.results[0]!.reason).toBe(
      `by_path: 1/5 allowed, expected denied; 1 pair(s) differ, e.g. ssm:GetParametersByPath on ${ssmArn('/fraud-platform/dev_min')} is allowed`,
    );
    await resetSandbox(h.root, ENV);
  });

  it('is an error for a resource that is not a parameter ARN or still PENDING', async () => {
    const bad = await iamSimulate.run(await h.context(), { ...PARAMS, resources: ['arn:aws:s3:::bucket'] });
    expect(bad.results[0]).toMatchObject({ status: 'error', reason: 'by_path: not an SSM parameter ARN: arn:aws:s3:::bucket' });
    const pending = await iamSimulate.run(await h.context(), { ...PARAMS, resources: ['${SSM_X_PATH.arn}'] });
    expect(pending.results[0]).toMatchObject({ status: 'error', reason: 'by_path: unverifiable: SSM_X_PATH is PENDING PIN' });
  });
});
