// `gatewalk logbook verify` on a generated 100k-record logbook (bench/gen-logbook.mjs): records per
// second, net of a bare node start, and the same command on 100 records for comparison.
import { copyFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateLogbook } from './gen-logbook.mjs';
import { BIN, compare, programRoot, timeRun } from './lib.mjs';

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
