import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/context.js';
import type { EngineEvent } from '../../src/engine/reporter.js';
import { readLogbookTail } from '../../src/logbook/logbook.js';
import { verifyLogbook } from '../../src/logbook/verify.js';
import { repinHandles } from '../../src/registry/repin.js';
import { runPhase } from '../../src/session/run-phase.js';
import { openSession, type Session } from '../../src/session/session.js';
import { startSandboxServer } from '../../src/substrate/sandbox/index.js';
import { tempProgramRoot } from '../cli/cli-harness.js';

// A one-phase program so each test reaches the behaviour it is about without M0–M3 first.
const RUNBOOK = `program: probe
title: probe
env: dev_min
blockers: { P-B1: role drift }
phases:
  - id: P
    title: probe
    evidence_dir: p
    snapshot: p_snapshot.json
    steps:
      - id: roles
        title: roles
        checks:
          - { id: app-role, gate: iam.roles_materialized, params: { handles: [ROLE_APP_RUNTIME] }, blocker: P-B1 }
`;

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

async function probeSession(): Promise<Session> {
  const root = await tempProgramRoot();
  await writeFile(path.join(root, 'runbooks', 'dev_min_spine_green_v0.yaml'), RUNBOOK);
  session = await openSession({ root, env: 'dev_min', substrate: 'sandbox' });
  return session;
}

describe('PhaseRun', () => {
  it('a live observation that contradicts a pin seals GW-CONFLICT and STOPs', async () => {
    const s = await probeSession();
    // Registry and Terraform agree on a path that IAM does not have: only the live check can see it.
    const legacy = 'arn:aws:iam::111122223333:role/legacy/fraud-platform-dev-min-app-runtime';
    await repinHandles(s.workspace.registryPath, [{ handle: 'ROLE_APP_RUNTIME', value: legacy }]);
    const core = JSON.parse(await readFile(s.workspace.terraformPaths.core!, 'utf8'));
    core.role_app_runtime_arn.value = legacy;
    await writeFile(s.workspace.terraformPaths.core!, JSON.stringify(core));
    s.program = await s.reload();
    const out = await runPhase(s, 'P', {
      attestations: new Map(),
      reporter: () => {},
      signal: new AbortController().signal,
      clock: systemClock,
    });
    expect(out.kind).toBe('sealed');
    if (out.kind !== 'sealed') return;
    expect(out.stopped.map((c) => [c.handle, c.kind])).toEqual([['ROLE_APP_RUNTIME', 'pinned_vs_live']]);
    expect(out.verdict.blockers.map((b) => b.code)).toEqual(['P-B1', 'GW-CONFLICT']);
    const kinds = (await readLogbookTail(s.workspace.logbookPath, 5)).map((r) => r.kind);
    expect(kinds).toEqual(['verdict.sealed', 'conflict.stop']);
  });

  it('Ctrl-C during a check: no verdict sealed, the interruption is logged, the chain stays intact', async () => {
    const s = await probeSession();
    // A slow IAM: the run is cancelled while GetRole is in flight.
    const slow = await startSandboxServer({ stateFile: path.join(path.dirname(s.workspace.registryPath), '..', 'state.json') });
    slow.inject({ kind: 'latency', ms: 5_000, service: 'iam' });
    const { createAwsClients } = await import('../../src/substrate/aws-clients.js');
    const sb = await import('../../src/substrate/sandbox/index.js');
    s.clients = createAwsClients({
      endpoint: slow.endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: sb.SANDBOX_ACCESS_KEY_ID, secretAccessKey: sb.SANDBOX_SECRET_ACCESS_KEY },
    });
    const controller = new AbortController();
    const events: EngineEvent[] = [];
    const started = Date.now();
    const out = await runPhase(s, 'P', {
      attestations: new Map(),
      reporter: (e) => {
        events.push(e);
        if (e.type === 'check.started') setTimeout(() => controller.abort(), 100);
      },
      signal: controller.signal,
      clock: systemClock,
    });
    await slow.close();
    expect(out.kind).toBe('interrupted');
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(events.some((e) => e.type === 'verdict.sealed')).toBe(false);
    await expect(readdir(path.join(s.workspace.evidenceRoot, 'p'))).rejects.toThrow(/ENOENT/);
    const tail = await readLogbookTail(s.workspace.logbookPath, 1);
    expect(tail[0]!.kind).toBe('interrupted');
    expect(await verifyLogbook(s.workspace.logbookPath)).toMatchObject({ ok: true });
  });
});

describe('PhaseRun preflight', () => {
  it('refuses to start when the logbook cannot take a record, before any evidence is written', async () => {
    const s = await probeSession();
    const { appendFile, mkdir } = await import('node:fs/promises');
    await mkdir(path.dirname(s.workspace.logbookPath), { recursive: true });
    await appendFile(s.workspace.logbookPath, '{"seq":1,"torn');
    await expect(
      runPhase(s, 'P', { attestations: new Map(), reporter: () => {}, signal: new AbortController().signal, clock: systemClock }),
    ).rejects.toThrow(/no trailing newline/);
    await expect(readdir(path.join(s.workspace.evidenceRoot, 'p'))).rejects.toThrow(/ENOENT/);
  });
});

describe('PhaseRun reruns', () => {
  it('a rerun of a step asks AWS again and sees a change made meanwhile', async () => {
    const root = await tempProgramRoot();
    await writeFile(
      path.join(root, 'runbooks', 'dev_min_spine_green_v0.yaml'),
      RUNBOOK.replace('handles: [ROLE_APP_RUNTIME]', 'handles: [ROLE_IG]'),
    );
    session = await openSession({ root, env: 'dev_min', substrate: 'sandbox' });
    const { PhaseRun } = await import('../../src/engine/phase-run.js');
    const { applySandboxChange } = await import('../../src/substrate/sandbox/index.js');
    const run = await PhaseRun.open({
      ...session,
      phaseId: 'P',
      reporter: () => {},
      clock: systemClock,
      signal: new AbortController().signal,
      version: 'test',
    });
    expect((await run.runStep('roles'))[0]!.reason).toMatch(/not materialized/);
    await applySandboxChange(root, 'dev_min', 'materialize-lane-roles');
    expect((await run.runStep('roles'))[0]!.reason).toMatch(/exists as .* but the handle is still PENDING PIN/);
  });
});
