import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { EmulatorReply, EmulatorRequest } from '../../src/substrate/sandbox/wire/emulator-messages.js';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { gatewalk, REPO, tempProgramRoot } from './cli-harness.js';

// The built binary runs the sandbox's emulator on a thread of its own (GATEWALK_SANDBOX_THREAD=off
// keeps it on the session's thread, as runs from sources do). Where it runs must change nothing a
// user sees: the same verdicts, blockers and reasons, the same faults injected, the same calls
// counted, on both programs.

interface Verdict {
  overall_pass: boolean;
  blockers: { code: string }[];
  checks: { id: string; gate: string; resource?: string; status: string; reason: string }[];
}

const what = (stdout: string) => {
  const v = JSON.parse(stdout) as Verdict;
  return {
    overall_pass: v.overall_pass,
    blockers: v.blockers.map((b) => b.code),
    checks: v.checks.map((c) => [c.id, c.gate, c.resource, c.status, c.reason]),
  };
};

const cases = [
  {
    name: 'dev_min',
    root: tempProgramRoot,
    env: 'dev_min',
    before: [
      ['run', 'M0', '--attest', 'authority-lock=pass:t', '--attest', 'governance=pass:t'],
      ['run', 'M1'],
    ],
    phase: 'M2.E',
    service: 'iam',
  },
  {
    name: SHOP.name,
    root: () => copyProgram(SHOP),
    env: SHOP.env,
    before: [['run', 'release', '--attest', 'notes=pass:t']],
    phase: 'stage-account',
    service: 'ssm',
  },
];

describe.each(cases)('the emulator on its thread or inline ($name)', (c) => {
  it('seals the same verdict, with and without a fault, and counts the same calls', async () => {
    const root = await c.root();
    const statsDir = await mkdtemp(path.join(os.tmpdir(), 'gw-thread-'));
    const run = async (thread: 'on' | 'off', faults?: unknown[]) => {
      const stats = path.join(statsDir, `${thread}-${Math.random().toString(36).slice(2)}.json`);
      const r = await gatewalk(root, ['run', c.phase, '--env', c.env, '--sandbox', '--json'], {
        GATEWALK_SANDBOX_THREAD: thread,
        GATEWALK_SANDBOX_STATS: stats,
        ...(faults ? { GATEWALK_SANDBOX_FAULTS: JSON.stringify(faults) } : {}),
      });
      return {
        code: r.code,
        stderr: r.stderr,
        verdict: what(r.stdout),
        calls: (JSON.parse(await readFile(stats, 'utf8')) as { calls: object }).calls,
      };
    };
    for (const args of c.before) expect((await gatewalk(root, [...args, '--env', c.env, '--sandbox'])).code).toBe(0);

    const green = { on: await run('on'), off: await run('off') };
    expect(green.on.code, green.on.stderr).toBe(0);
    expect(green.on.verdict).toEqual(green.off.verdict);
    expect(green.on.calls).toEqual(green.off.calls);
    expect(Object.keys(green.on.calls).some((k) => k.startsWith(`${c.service}:`))).toBe(true);

    // A fault given to the session reaches the emulator on either side: throttled, the checks error and block.
    const throttled = [{ kind: 'throttling', service: c.service }];
    const blocked = { on: await run('on', throttled), off: await run('off', throttled) };
    expect(blocked.on.code).toBe(3);
    expect(blocked.on.verdict).toEqual(blocked.off.verdict);
    expect(blocked.on.verdict.checks.filter((k) => k[3] === 'error')).not.toEqual([]);
    expect(blocked.on.calls).toEqual(blocked.off.calls);
  }, 120_000);
});

// The thread's side of the conversation (dist/sandbox-thread.js): it starts on a state file and
// says where it listens, answers stats and close, and a state it cannot serve comes back as the
// same error (words, fix, exit code) the session would have raised itself.
describe('the emulator thread (dist/sandbox-thread.js)', () => {
  const start = (stateFile: string) => {
    const worker = new Worker(path.join(REPO, 'dist', 'sandbox-thread.js'));
    const replies: EmulatorReply[] = [];
    const next = () =>
      new Promise<EmulatorReply>((resolve, reject) => {
        worker.once('message', (m: EmulatorReply) => (replies.push(m), resolve(m)));
        worker.once('error', reject);
      });
    // The thread loads first and serves once told what: its first message.
    const first = next();
    worker.postMessage({ kind: 'start', options: { stateFile, faults: [] } } satisfies EmulatorRequest);
    return { worker, first, next };
  };

  it('starts on the scenario state, reports its region and calls, and closes', async () => {
    const root = await copyProgram(SHOP);
    expect((await gatewalk(root, ['sandbox', 'status', '--env', SHOP.env])).code).toBe(0);
    const t = start(path.join(root, '.gatewalk/sandbox', SHOP.env, 'state.json'));
    const started = await t.first;
    expect(started).toMatchObject({ kind: 'started', region: SHOP.region, endpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
    const answered = t.next();
    t.worker.postMessage({ kind: 'stats' });
    expect(await answered).toEqual({ kind: 'stats', stats: { calls: {}, round_trips: 0, max_in_flight: 0 } });
    const closed = t.next();
    t.worker.postMessage({ kind: 'close' });
    expect(await closed).toEqual({ kind: 'closed' });
    await t.worker.terminate();
  });

  it('loads before it is told what to serve, and refuses any other first message', async () => {
    const worker = new Worker(path.join(REPO, 'dist', 'sandbox-thread.js'));
    const reply = new Promise<EmulatorReply>((resolve, reject) => (worker.once('message', resolve), worker.once('error', reject)));
    worker.postMessage({ kind: 'stats' } satisfies EmulatorRequest);
    expect(await reply).toEqual({ kind: 'failed', error: { said: 'the sandbox thread was asked stats before start' } });
    await worker.terminate();
  });

  it('a state it cannot read comes back as a usage error naming the file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gw-thread-state-'));
    const stateFile = path.join(dir, 'state.json');
    await writeFile(stateFile, '{"format": "gatewalk.sandbox.state/v1",}');
    const t = start(stateFile);
    const failed = await t.first;
    expect(failed).toMatchObject({ kind: 'failed', error: { exitCode: 2 } });
    expect(JSON.stringify(failed)).toMatch(/state\.json:1:\d+: not valid JSON/);
    await t.worker.terminate();
  });
});
