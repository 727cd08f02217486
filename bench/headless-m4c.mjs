// Headless M4.C against the sandbox (the blocked run, before the lane roles exist), side by side
// with a bare `node -e 0`: prints both medians, the ratio, and the AWS calls one run makes.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, fmt, median, programRoot, timeRun } from './lib.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const root = programRoot();
const g = (...a) => timeRun([BIN, ...a, '--env', 'dev_min', '--root', root]);
g('sandbox', 'reset');
g('run', 'M0', '--sandbox', '--attest', 'authority-lock=pass:bench', '--attest', 'governance=pass:bench');
for (const p of ['M1', 'M2.E', 'M2', 'M3']) if (g('run', p, '--sandbox').status !== 0) throw new Error(`${p} not green`);

const stats = path.join(os.tmpdir(), `gw-bench-calls-${process.pid}.json`);
const base = [];
const run = [];
for (let i = 0; i < ROUNDS; i++) {
  base.push(timeRun(['-e', '0']).ms);
  const r = timeRun([BIN, 'run', 'M4.C', '--env', 'dev_min', '--sandbox', '--json', '--root', root], { GATEWALK_SANDBOX_STATS: stats });
  if (r.status !== 3) throw new Error(`M4.C exited ${r.status}, expected 3:\n${r.stderr}`);
  run.push(r.ms);
}
const calls = JSON.parse(readFileSync(stats, 'utf8'));
const total = Object.values(calls).reduce((a, b) => a + b, 0);
console.log(`headless M4.C (blocked, sandbox), ${ROUNDS} rounds alternating:`);
console.log(`  node -e 0                 median ${fmt(median(base))}`);
console.log(`  gatewalk run M4.C         median ${fmt(median(run))}   ratio ${(median(run) / median(base)).toFixed(1)}x`);
console.log(`  AWS calls per run: ${total}  ${JSON.stringify(calls)}`);
