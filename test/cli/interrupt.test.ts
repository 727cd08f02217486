import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, gatewalk, tempProgramRoot } from './cli-harness.js';

describe('headless runs under trouble (GATEWALK_SANDBOX_FAULTS)', { timeout: 240_000 }, () => {
  it('Ctrl-C during a slow check exits 130, seals nothing, and the logbook records it', async () => {
    const root = await tempProgramRoot();
    await gatewalk(root, ['sandbox', 'reset']);
    await gatewalk(root, ['run', 'M0', '--sandbox', '--attest', 'authority-lock=pass:ok', '--attest', 'governance=pass:ok']);
    expect((await gatewalk(root, ['run', 'M1', '--sandbox'])).code).toBe(0);
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: root,
      GATEWALK_SANDBOX_FAULTS: JSON.stringify([{ kind: 'latency', ms: 20_000, service: 'iam' }]),
    };
    const child = spawn(process.execPath, [BIN, 'run', 'M2.E', '--sandbox', '--root', root], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let interrupted = false;
    child.stderr.on('data', (d) => {
      stderr += d;
      if (!interrupted && stderr.includes('── iam-simulation')) {
        interrupted = true; // one Ctrl-C: a second one means "quit at once"
        child.kill('SIGINT'); // the slow IAM step is running
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(stderr).toContain('interrupt: cancelling the running checks (Ctrl-C again to quit at once)…');
    expect(stderr).toContain('interrupted: no verdict sealed');
    const sealed = await readdir(path.join(root, '.gatewalk/sandbox/dev_min/evidence')).then((d) => d.includes('m2_e'));
    expect(sealed).toBe(false);
    const verify = await gatewalk(root, ['logbook', 'verify', '--sandbox']);
    expect(verify.code).toBe(0);
  });

  it('a throttled IAM is an error that blocks, never a pass; a malformed fault list is a usage error', async () => {
    const root = await tempProgramRoot();
    await gatewalk(root, ['sandbox', 'reset']);
    await gatewalk(root, ['run', 'M0', '--sandbox', '--attest', 'authority-lock=pass:ok', '--attest', 'governance=pass:ok']);
    await gatewalk(root, ['run', 'M1', '--sandbox']);
    const throttled = await gatewalk(root, ['run', 'M2.E', '--sandbox', '--json'], {
      GATEWALK_SANDBOX_FAULTS: '[{"kind":"throttling","service":"iam"}]',
    });
    expect(throttled.code).toBe(3);
    const v = JSON.parse(throttled.stdout);
    expect(v.blockers.map((b: { code: string }) => b.code)).toEqual(['M2E-B2']);
    expect(v.checks.filter((c: { gate: string }) => c.gate === 'iam.simulate').every((c: { status: string }) => c.status === 'error')).toBe(
      true,
    );
    const bad = await gatewalk(root, ['run', 'M2.E', '--sandbox'], { GATEWALK_SANDBOX_FAULTS: '[{"kind":"slow"}]' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('GATEWALK_SANDBOX_FAULTS');
  });
});
