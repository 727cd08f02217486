// Shared by the benchmarks: run commands alternately (so machine noise hits both sides alike) and
// report medians and their ratio. Timings are printed, never asserted.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = path.join(REPO, 'bin', 'gatewalk.js');

export function programRoot() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'gw-bench-'));
  for (const d of ['registry', 'runbooks', 'schemas', 'sandbox']) cpSync(path.join(REPO, d), path.join(root, d), { recursive: true });
  return root;
}

export function timeRun(args, env = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { env: { ...process.env, ...env }, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function fmt(ms) {
  return `${ms.toFixed(0)} ms`;
}
