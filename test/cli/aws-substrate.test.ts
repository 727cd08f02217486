import { spawn, type ChildProcess } from 'node:child_process';
import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, REPO, gatewalk, tempProgramRoot } from './cli-harness.js';
import { tracer } from './trace-loads.js';

// Law 7, change substrate, not semantics: the same program run on the `aws` substrate (default
// credential chain + AWS_ENDPOINT_URL, as with LocalStack) against `gatewalk sandbox serve`, writing
// the operator's real paths from the registry instead of the sandbox workspace.
describe('the aws substrate through AWS_ENDPOINT_URL', () => {
  let root: string;
  let serve: ChildProcess;
  let awsEnv: Record<string, string>;
  beforeAll(async () => {
    root = await tempProgramRoot();
    await cp(path.join(REPO, 'sandbox/dev_min/evidence'), path.join(root, 'runs/dev_substrate'), { recursive: true });
    // The operator's own authority documents, which M0's docs.pinned hashes under the project root.
    await cp(path.join(REPO, 'sandbox/dev_min/documents'), root, { recursive: true });
    serve = spawn(process.execPath, [BIN, 'sandbox', 'serve', '--port', '0', '--root', root], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Everything `sandbox serve` prints: the endpoint line, then the AWS_* export line.
    const printed = await new Promise<string>((resolve, reject) => {
      let out = '';
      serve.stdout!.on('data', (d) => {
        out += d;
        if (/on http:\/\/127\.0\.0\.1:\d+/.test(out) && /AWS_REGION=\S+\n/.test(out)) resolve(out);
      });
      serve.on('exit', (code) => reject(new Error(`sandbox serve exited ${code}`)));
    });
    const endpoint = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(printed)![1]!;
    const keys = Object.fromEntries([...printed.matchAll(/(AWS_[A-Z_]+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
    expect(Object.keys(keys)).toEqual(expect.arrayContaining(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION']));
    awsEnv = { ...keys, AWS_ENDPOINT_URL: endpoint, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
  });
  afterAll(() => void serve?.kill('SIGINT'));

  it('runs M0 → M1 → M2.E green with the real SDK credential chain, into the registry paths', async () => {
    const m0 = await gatewalk(root, ['run', 'M0', '--attest', 'authority-lock=pass:ok', '--attest', 'governance=pass:ok'], awsEnv);
    expect(m0.code, m0.stderr).toBe(0);
    expect((await gatewalk(root, ['run', 'M1'], awsEnv)).code).toBe(0);
    const m2e = await gatewalk(root, ['run', 'M2.E', '--json'], awsEnv);
    expect(m2e.code, m2e.stderr).toBe(0);
    const v = JSON.parse(m2e.stdout);
    expect(v).toMatchObject({ substrate: 'aws', overall_pass: true, operator: { account: '111122223333' } });
    expect(v.snapshot).toContain(path.join(root, 'runs/dev_substrate/m2_e/'));
    const log = await readFile(
      path.join(root, 'docs/model_spec/platform/implementation_maps/dev_substrate/platform.logbook.jsonl'),
      'utf8',
    );
    expect(
      log
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).substrate),
    ).toEqual(['aws', 'aws', 'aws', 'aws', 'aws']);
  });

  // A run on a real account loads nothing of the sandbox's state (its schemas build ~20 zod objects
  // at load): engine/terraform.ts names the sandbox's reset hint from its own module.
  it("loads none of the sandbox state's modules", async () => {
    const { sources } = await (await tracer(root, awsEnv))(['run', 'M2.E', '--root', root]);
    expect(sources).toContain('src/engine/terraform.ts'); // the trace and the chunk map work
    expect(sources.filter((s) => s.startsWith('src/substrate/sandbox/state/') && !s.endsWith('/reset-hint.ts'))).toEqual([]);
  });
});
