// `gatewalk logbook verify` on a generated 100k-record logbook (bench/gen-logbook.mjs): records per
// second, net of a bare node start, and the same command on 100 records for comparison; then
// `status` on that logbook from its checkpoint and from record 1.
import { copyFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateLogbook } from './gen-logbook.mjs';
import { BIN, compare, expectExit, programRoot, timeRun } from './lib.mjs';

const N = Number(process.env.BENCH_LOGBOOK_RECORDS ?? 100_000);
const roots = [100, N].map((n) => {
  const root = programRoot();
  timeRun([BIN, 'status', '--env', 'dev_min', '--sandbox', '--root', root]); // creates the workspace
  const file = path.join(root, '.gatewalk', 'sandbox', 'dev_min', 'logbook.jsonl');
  mkdirSync(path.dirname(file), { recursive: true });
  copyFileSync(generateLogbook(path.join(os.tmpdir(), `gw-bench-logbook-${process.pid}-${n}.jsonl`), n), file);
  return root;
});
const verified = (n) => (r) => {
  if (r.status !== 0 || !r.stdout.includes(`${n} record(s)`)) throw new Error(`verify failed:\n${r.stdout}${r.stderr}`);
};
const res = compare('logbook verify', [
  {
    label: 'logbook verify, 100 records',
    args: [BIN, 'logbook', 'verify', '--env', 'dev_min', '--sandbox', '--root', roots[0]],
    check: verified(100),
  },
  {
    label: `logbook verify, ${N} records`,
    args: [BIN, 'logbook', 'verify', '--env', 'dev_min', '--sandbox', '--root', roots[1]],
    check: verified(N),
  },
]);
const net = res.cases[1].ms - res.cases[0].ms;
console.log(`  ${Math.round(N / (net / 1000)).toLocaleString('en')} records/s net of start-up (target ≥ 150,000)`);
console.log(
  `  load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} (2 cores), ${new Date().toISOString().slice(0, 10)}`,
);

// status on the same logbook: the chain resumed from its checkpoint (written by the first call)
// against a verification from record 1 (GATEWALK_CACHE=off, which also turns the program cache off).
const status = (extra) => ({
  args: [BIN, 'status', '--env', 'dev_min', '--sandbox', '--root', roots[1]],
  env: extra,
  check: (r) => {
    if (r.status !== 0) throw new Error(`status failed:\n${r.stdout}${r.stderr}`);
  },
});
timeRun(status({}).args); // writes the checkpoint
compare(`status, ${N} records`, [
  { label: 'status, checkpoint', ...status({}) },
  { label: 'status, GATEWALK_CACHE=off (from record 1)', ...status({ GATEWALK_CACHE: 'off' }) },
]);

// A headless run on the same long logbook, side by side with one on 100 records: a start's recovery
// reads only the records after its last mark (src/engine/reconcile-mark.ts), the ledger resumes
// from its checkpoint. M0–M3 first (their first start also writes impl_actual's sections for the
// generated records), then M4.C, blocked (lane roles missing) on the sandbox.
for (const root of roots) {
  const g = (...args) => timeRun([BIN, 'run', ...args, '--env', 'dev_min', '--sandbox', '--root', root]);
  expectExit(0)(g('M0', '--attest', 'authority-lock=pass:bench', '--attest', 'governance=pass:bench'));
  for (const p of ['M1', 'M2.E', 'M2', 'M3']) expectExit(0)(g(p));
}
const m4c = (root) => [BIN, 'run', 'M4.C', '--json', '--env', 'dev_min', '--sandbox', '--root', root];
compare(`headless M4.C on a long logbook`, [
  { label: 'M4.C blocked, 100-record logbook', args: m4c(roots[0]), check: expectExit(3) },
  { label: `M4.C blocked, ${N}-record logbook`, args: m4c(roots[1]), check: expectExit(3) },
]);
