import { cp } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { awsEnvAt } from '../support/silent-endpoint.js';
import { builtinsProbe } from './builtins-probe.js';
import { gatewalk, tempProgramRoot } from './cli-harness.js';

// Issue 10: Node's own modules that the bundled libraries loaded on every AWS run and that a run
// against the sandbox never uses (scripts/lazy-builtins.mjs): https and tls, zlib, WebCrypto, web
// streams, perf_hooks, assert. Read off Node's list of the modules it compiled, on the session's
// thread, for runs that ask STS, SSM and IAM and seal under a lock, on both programs.

const UNUSED =
  /^NativeModule (https|tls|_tls_wrap|zlib|internal\/crypto\/webcrypto|internal\/webstreams\/readablestream|perf_hooks|assert)$/;

describe('Node modules an AWS run on the sandbox never compiles', () => {
  it('dev_min M2.E (STS, IAM simulation, sealed under a lock) and shop stage-account (STS, SSM): none of https, tls, zlib, WebCrypto, web streams, perf_hooks, assert', async () => {
    const root = await tempProgramRoot();
    const m0 = ['run', 'M0', '--env', 'dev_min', '--sandbox', '--attest', 'authority-lock=pass:ok', '--attest', 'governance=pass:ok'];
    expect((await gatewalk(root, m0)).code).toBe(0);
    expect((await gatewalk(root, ['run', 'M1', '--env', 'dev_min', '--sandbox'])).code).toBe(0);
    const probe = await builtinsProbe(root);
    const m2e = await gatewalk(root, ['run', 'M2.E', '--env', 'dev_min', '--sandbox'], probe.env);
    expect(m2e.code, m2e.stderr).toBe(0);
    const dev = await probe.read();
    // The probe sees the SDK's traffic and the lock: http's client and what the run does compile.
    expect(dev).toEqual(expect.arrayContaining(['NativeModule _http_client', 'NativeModule crypto']));
    expect(dev.filter((m) => UNUSED.test(m))).toEqual([]);

    const shop = await copyProgram(SHOP);
    expect((await gatewalk(shop, ['run', 'release', '--sandbox', '--attest', 'notes=pass:ok'])).code).toBe(0);
    const shopProbe = await builtinsProbe(shop);
    const stage = await gatewalk(shop, ['run', 'stage-account', '--sandbox'], shopProbe.env);
    expect(stage.code, stage.stderr).toBe(0);
    const shopLoaded = await shopProbe.read();
    expect(shopLoaded).toContain('NativeModule _http_client');
    expect(shopLoaded.filter((m) => UNUSED.test(m))).toEqual([]);
  });

  // The https.Agent is made on the first https request now, not when a client is configured: an
  // https endpoint still gets TLS. A TCP listener that never answers stands in for it (as in
  // aws-timeouts.test.ts) and records what arrives: a TLS handshake record (0x16, then the 0x03 of
  // its version) is https speaking; the checks fail closed on the wait, naming the https endpoint.
  it('an https endpoint still gets a TLS handshake from the bundled SDK, and its checks fail closed', async () => {
    const shop = await copyProgram(SHOP);
    await cp(path.join(shop, 'sandbox/shop_stage/evidence'), path.join(shop, 'evidence/stage'), { recursive: true });
    const firstBytes: number[][] = [];
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.once('data', (d: Buffer) => firstBytes.push([...d.subarray(0, 2)]));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    try {
      const env = awsEnvAt(url, SHOP.region);
      const release = await gatewalk(shop, ['run', 'release', '--attest', 'notes=pass:ok'], env); // asks AWS nothing
      expect(release.code, release.stderr).toBe(0);
      const stage = await gatewalk(shop, ['run', 'stage-account', '--json'], { ...env, GATEWALK_AWS_TIMEOUT_MS: '300' }, 60_000);
      expect(stage.code, stage.stderr).toBe(3);
      expect(firstBytes.length).toBeGreaterThan(0);
      expect(
        firstBytes.every(([type, major]) => type === 0x16 && major === 0x03),
        JSON.stringify(firstBytes),
      ).toBe(true);
      const v = JSON.parse(stage.stdout) as { overall_pass: boolean; checks: Array<{ id: string; status: string }> };
      expect(v.overall_pass).toBe(false);
      const errors = v.checks.filter((c) => c.status === 'error');
      expect([...new Set(errors.map((c) => c.id))].sort()).toEqual(['caller', 'params-present']);
      for (const c of errors) expect(JSON.stringify(c)).toContain(`no answer from ${url} within 300 ms`);
    } finally {
      for (const s of sockets) s.destroy();
      server.close();
    }
  });
});
