// The synthetic 200-role / 49-parameter / 20-phase program (bench/gen-program.mjs): its live phase
// (identity, 49 parameters, 200 roles and bindings, 20 simulated principals) with 100 ms added to
// every AWS call, wall time and peak RSS, against `node -e 0`; and `validate` of the whole program.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateProgram, BIG } from './gen-program.mjs';
import { BIN, compare, expectExit, fmt, timeRun } from './lib.mjs';

const root = generateProgram(mkdtempSync(path.join(os.tmpdir(), 'gw-bench-big-')));
const stats = path.join(os.tmpdir(), `gw-bench-big-${process.pid}.json`);
const latency = { GATEWALK_SANDBOX_FAULTS: JSON.stringify([{ kind: 'latency', ms: 100 }]), GATEWALK_SANDBOX_STATS: stats };
const run = [BIN, 'run', 'P1', '--env', BIG.env, '--sandbox', '--json', '--root', root];
const ok = expectExit(0);
timeRun(run); // creates the sandbox workspace
const res = compare('synthetic program (200 roles, 49 parameters, 20 phases)', [
  { label: 'validate', args: [BIN, 'validate', '--env', BIG.env, '--root', root], check: ok },
  { label: 'run P1 --sandbox at +100 ms a call', args: run, env: latency, check: ok },
]);
const s = JSON.parse(readFileSync(stats, 'utf8'));
const p1 = res.cases[1];
console.log(`  P1 at +100 ms: ${fmt(p1.ms)} (target ≤ 1500 ms), peak RSS ${p1.rss.toFixed(0)} MiB (target < 150 MiB)`);
console.log(
  `  AWS calls ${Object.values(s.calls).reduce((a, b) => a + b, 0)} ${JSON.stringify(s.calls)}, sequential round trips ${s.round_trips}, most in flight ${s.max_in_flight}`,
);
