import { cp } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { awsEnvAt, silentEndpoint, type SilentEndpoint } from '../support/silent-endpoint.js';
import { REPO, gatewalk, tempProgramRoot } from './cli-harness.js';

// Issue 7.4: a hung endpoint never hangs gatewalk. AWS_ENDPOINT_URL points at a socket that accepts
// and never answers. Phases with documents only never wait for AWS (no connection is even made);
// phases with AWS checks seal `error`s naming the endpoint and the wait, and identity fails closed.
// The only timing here is the "did not hang" guard: a process still running after it is killed.
const GUARD_MS = 60_000;

describe('a hung AWS endpoint (issue 7.4)', () => {
  let hung: SilentEndpoint;
  beforeAll(async () => void (hung = await silentEndpoint()));
  afterAll(() => hung?.close());

  it('dev_min: M0 (documents only) ends with its own verdict and never connects; M1 errors name the endpoint and the wait', async () => {
    const root = await tempProgramRoot();
    await cp(path.join(REPO, 'sandbox/dev_min/documents'), root, { recursive: true });
    const env = awsEnvAt(hung.url, 'eu-west-2');
    const attest = ['--attest', 'authority-lock=pass:ok', '--attest', 'governance=pass:ok'];
    const m0 = await gatewalk(root, ['run', 'M0', ...attest], env, GUARD_MS);
    expect(m0.killed, 'M0 hung on the silent endpoint').toBeUndefined();
    expect(m0.code, m0.stderr).toBe(0);
    expect(hung.connections()).toBe(0);

    const m1 = await gatewalk(root, ['run', 'M1', '--json', '--aws-timeout-ms', '200'], env, GUARD_MS);
    expect(m1.killed, 'M1 hung on the silent endpoint').toBeUndefined();
    expect(m1.code, m1.stderr).toBe(3);
    const v = JSON.parse(m1.stdout);
    const live = v.checks.find((c: { id: string }) => c.id === 'image-digest-live');
    expect(live.status).toBe('error');
    const said = `no answer from ${hung.url} within 200 ms (request timeout, GATEWALK_AWS_TIMEOUT_MS)`;
    expect(JSON.stringify(live)).toContain(said);
    // Who ran it could not be asked either: fail closed, never green without a verified identity.
    expect(v.operator.error).toContain(said);
    expect(v.blockers.map((b: { code: string }) => b.code)).toContain('GW-IDENTITY');
    expect(hung.connections()).toBeGreaterThan(0);
    // The engine's text names the setting neutrally; the CLI adds its own flag as the hint.
    expect(m1.stderr).toContain('--aws-timeout-ms');
  });

  it('shop: release (documents only) never waits; stage-account errors name the endpoint, the wait set by GATEWALK_AWS_TIMEOUT_MS', async () => {
    const root = await copyProgram(SHOP);
    await cp(path.join(root, 'sandbox/shop_stage/evidence'), path.join(root, 'evidence/stage'), { recursive: true });
    const before = hung.connections();
    const env = awsEnvAt(hung.url, SHOP.region);
    const release = await gatewalk(root, ['run', 'release', '--attest', 'notes=pass:signed'], env, GUARD_MS);
    expect(release.killed, 'release hung on the silent endpoint').toBeUndefined();
    expect(release.code, release.stderr).toBe(0);
    expect(hung.connections()).toBe(before);

    const stage = await gatewalk(root, ['run', 'stage-account', '--json'], { ...env, GATEWALK_AWS_TIMEOUT_MS: '150' }, GUARD_MS);
    expect(stage.killed, 'stage-account hung on the silent endpoint').toBeUndefined();
    expect(stage.code, stage.stderr).toBe(3);
    const v = JSON.parse(stage.stdout);
    expect(v.overall_pass).toBe(false);
    const errors = v.checks.filter((c: { status: string }) => c.status === 'error');
    expect([...new Set(errors.map((c: { id: string }) => c.id))].sort()).toEqual(['caller', 'params-present']);
    for (const c of errors) expect(JSON.stringify(c)).toContain(`no answer from ${hung.url} within 150 ms`);
    expect(v.checks.some((c: { status: string }) => c.status === 'pass')).toBe(false);
  });

  it('a timeout that is not a positive integer is a usage error naming where it came from', async () => {
    const root = await copyProgram(SHOP);
    const flag = await gatewalk(root, ['run', 'release', '--aws-timeout-ms', 'soon'], {}, GUARD_MS);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--aws-timeout-ms soon');
    const env = await gatewalk(root, ['run', 'release'], { GATEWALK_AWS_CONNECT_TIMEOUT_MS: '0' }, GUARD_MS);
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('GATEWALK_AWS_CONNECT_TIMEOUT_MS 0');
    expect((await gatewalk(root, ['status', '--aws-timeout-ms', '5'], {}, GUARD_MS)).code).toBe(2); // status never calls AWS
  });
});
