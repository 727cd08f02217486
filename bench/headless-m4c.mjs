// Headless M4.C side by side with a bare `node -e 0`: blocked (lane roles missing) and green (after
// materialize + repin), on --sandbox (emulator in-process) and on the aws substrate against
// `gatewalk sandbox serve`; the green one again on a workspace holding BENCH_HISTORY (100) earlier
// verdicts; then the AWS calls and sequential round trips one green run makes with 100 ms added to
// every call.
import { copyFileSync, cpSync, existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, compare, expectExit, flushWrites, fmt, median, programRoot, ROUNDS, serveSandbox, timeRun } from './lib.mjs';

const ENV = 'dev_min';
const prepare = (awsEnv, sandboxRoot) => {
  const root = programRoot();
  if (awsEnv) {
    // The aws substrate reads evidence and Terraform outputs at the registry's real paths.
    cpSync(path.join(root, 'sandbox', ENV, 'evidence'), path.join(root, 'runs', 'dev_substrate'), { recursive: true });
    // M0's docs.pinned reads the authority documents under the root.
    cpSync(path.join(root, 'sandbox', ENV, 'documents'), root, { recursive: true });
    for (const src of ['core', 'demo']) {
      const from = path.join(sandboxRoot, '.gatewalk', 'sandbox', ENV, 'terraform', src);
      if (existsSync(from)) cpSync(from, path.join(root, 'infra', 'terraform', ENV, src), { recursive: true });
    }
  }
  const g = (args, env = awsEnv ?? {}) => timeRun([BIN, ...args, '--env', ENV, '--root', root, ...(awsEnv ? [] : ['--sandbox'])], env);
  if (g(['run', 'M0', '--attest', 'authority-lock=pass:bench', '--attest', 'governance=pass:bench']).status !== 0)
    throw new Error('M0 not green');
  for (const p of ['M1', 'M2.E', 'M2', 'M3']) {
    const r = g(['run', p]);
    if (r.status !== 0) throw new Error(`${p} not green: ${r.stderr}`);
  }
  return { root, g };
};
const m4c = (root, extra = []) => [BIN, 'run', 'M4.C', '--env', ENV, '--json', '--root', root, ...extra];

// --sandbox: one root blocked, one green (roles materialized, registry copy repinned).
const sbBlocked = prepare();
const sbGreen = prepare();
timeRun([BIN, 'sandbox', 'apply', 'materialize-lane-roles', '--env', ENV, '--root', sbGreen.root]);
expectExit(0)(timeRun(m4c(sbGreen.root, ['--sandbox', '--repin-from', 'terraform', '--reason', 'bench'])));

// aws substrate: each root has its own served sandbox; the green one takes the repinned registry.
const blockedServeRoot = programRoot();
const blockedServe = await serveSandbox(blockedServeRoot, ENV);
const blockedEnv = { ...blockedServe.env, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
const awsBlocked = prepare(blockedEnv, blockedServeRoot);
const greenServeRoot = programRoot();
timeRun([BIN, 'sandbox', 'apply', 'materialize-lane-roles', '--env', ENV, '--root', greenServeRoot]);
const greenServe = await serveSandbox(greenServeRoot, ENV);
const greenEnv = { ...greenServe.env, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
const awsGreen = prepare(greenEnv, greenServeRoot);
copyFileSync(
  path.join(sbGreen.root, '.gatewalk', 'sandbox', ENV, 'registry', `${ENV}.yaml`),
  path.join(awsGreen.root, 'registry', `${ENV}.yaml`),
);

compare('headless M4.C', [
  { label: 'M4.C blocked, --sandbox', args: m4c(sbBlocked.root, ['--sandbox']), check: expectExit(3), target: 4.5 },
  { label: 'M4.C green, --sandbox', args: m4c(sbGreen.root, ['--sandbox']), check: expectExit(0), target: 4.5 },
  // For comparison, no target: the emulator on the session's own thread (its default is a thread of its own).
  {
    label: 'M4.C green, --sandbox, emulator inline',
    args: m4c(sbGreen.root, ['--sandbox']),
    env: { GATEWALK_SANDBOX_THREAD: 'off' },
    check: expectExit(0),
  },
  { label: 'M4.C blocked, aws substrate (served sandbox)', args: m4c(awsBlocked.root), env: blockedEnv, check: expectExit(3), target: 3.5 },
  { label: 'M4.C green, aws substrate (served sandbox)', args: m4c(awsGreen.root), env: greenEnv, check: expectExit(0), target: 3.5 },
]);

// A workspace keeps every verdict it ever sealed: the same green run on a copy that already holds
// HISTORY of them, side by side with the fresh one, and what each earlier verdict adds.
const HISTORY = Number(process.env.BENCH_HISTORY ?? 100);
const fresh = prepare(greenEnv, greenServeRoot);
copyFileSync(path.join(awsGreen.root, 'registry', `${ENV}.yaml`), path.join(fresh.root, 'registry', `${ENV}.yaml`));
const longLived = path.join(os.tmpdir(), `gw-bench-history-${process.pid}`);
cpSync(fresh.root, longLived, { recursive: true });
for (let i = 0; i < HISTORY; i++) expectExit(0)(timeRun(m4c(longLived), greenEnv));
await new Promise((r) => setTimeout(r, 2_100)); // what a snapshot's hash waits before it is remembered
const history = compare(`M4.C green, aws substrate, fresh and after ${HISTORY} sealed verdicts`, [
  { label: 'fresh workspace', args: m4c(fresh.root), env: greenEnv, check: expectExit(0) },
  { label: `${HISTORY} verdicts sealed before`, args: m4c(longLived), env: greenEnv, check: expectExit(0) },
]);
const [atStart, later] = history.cases;
console.log(`  each earlier verdict adds ${((later.ms - atStart.ms) / HISTORY).toFixed(2)} ms`);
await blockedServe.stop();
await greenServe.stop();

// Calls and round trips of one green run with +100 ms a call (the emulator counts them).
const stats = path.join(os.tmpdir(), `gw-bench-calls-${process.pid}.json`);
const latency = { GATEWALK_SANDBOX_FAULTS: JSON.stringify([{ kind: 'latency', ms: 100 }]) };
// Paired: each round runs the same green M4.C without and then with the latency, and the added
// wall time is the median of the rounds' differences, not the difference of two medians (that
// subtracts two noisy figures taken at different moments; a pair shares its moment's load). As many
// rounds as the comparison above.
const pairs = [];
flushWrites();
for (let i = 0; i < ROUNDS; i++) {
  const fast = timeRun(m4c(sbGreen.root, ['--sandbox']));
  expectExit(0)(fast);
  const slow = timeRun(m4c(sbGreen.root, ['--sandbox']), { ...latency, GATEWALK_SANDBOX_STATS: stats });
  expectExit(0)(slow);
  pairs.push(slow.ms - fast.ms);
}
const s = JSON.parse(readFileSync(stats, 'utf8'));
const total = Object.values(s.calls).reduce((a, b) => a + b, 0);
const added = median(pairs);
console.log(`green M4.C at +100 ms a call: ${total} AWS calls (target ≤ 22) ${JSON.stringify(s.calls)}`);
console.log(`  sequential round trips ${s.round_trips} (target ≤ 3), most in flight ${s.max_in_flight}`);
console.log(
  `  added wall time ${fmt(added)} (median of ${ROUNDS} paired differences, each from ${fmt(Math.min(...pairs))} to ${fmt(Math.max(...pairs))}) = ${(added / (s.round_trips * 100)).toFixed(2)} × (round trips × 100 ms) (target ≤ 1.3)`,
);
