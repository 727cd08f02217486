import { describe, expect, it } from 'vitest';
import { attest } from '../../src/gates/attest.js';
import { registryResolved } from '../../src/gates/registry-resolved.js';
import { offlineContext, registry } from './context.js';

const reg = registry({
  ACCOUNT_ID: { kind: 'account_id', value: '111122223333' },
  ROLE_IG: { kind: 'iam_role', pending: true, role_name: 'ig' },
  ROLE_SR: { kind: 'iam_role', value: 'arn:aws:iam::111122223333:role/sr' },
});

describe('registry.resolved', () => {
  it('passes pinned handles and fails PENDING and unknown ones', async () => {
    const out = await registryResolved.run(offlineContext({ registry: reg }), { handles: ['ROLE_*', 'ACCOUNT_ID', 'NOPE'] });
    const by = Object.fromEntries(out.results.map((r) => [r.resource, r.status]));
    expect(by).toEqual({ NOPE: 'fail', ROLE_IG: 'fail', ROLE_SR: 'pass', ACCOUNT_ID: 'pass' });
  });

  it('defaults to every handle the phase uses', async () => {
    const out = await registryResolved.run(offlineContext({ registry: reg, phaseHandles: ['ACCOUNT_ID'] }), {});
    expect(out.results).toEqual([{ resource: 'ACCOUNT_ID', status: 'pass', reason: 'pinned (account_id)' }]);
  });
});

describe('attest', () => {
  const params = { prompt: 'authority stack locked' };
  it('is manual (blocking) until the operator attests', async () => {
    const out = await attest.run(offlineContext(), params);
    expect(out.results[0]!.status).toBe('manual');
  });
  it('records pass and fail with the note', async () => {
    const pass = await attest.run(offlineContext({ attestation: { status: 'pass', note: 'checked r12' } }), params);
    expect(pass.results[0]).toMatchObject({ status: 'pass', reason: 'attested pass: checked r12' });
    const fail = await attest.run(offlineContext({ attestation: { status: 'fail', note: 'ranks missing' } }), params);
    expect(fail.results[0]!.status).toBe('fail');
  });
  it('is an error without a note', async () => {
    const out = await attest.run(offlineContext({ attestation: { status: 'pass', note: ' ' } }), params);
    expect(out.results[0]!.status).toBe('error');
  });
});
