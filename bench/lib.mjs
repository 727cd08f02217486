// Shared by the benchmarks: run commands alternately (so machine noise hits both sides alike) and
// report medians and their ratio to a bare `node -e 0`. Timings are printed, never asserted.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = path.join(REPO, 'bin', 'gatewalk.js');
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const RSS_PROBE = path.join(REPO, 'bench', 'rss-probe.cjs');

/**
 * NODE_EXTRA_CA_CERTS makes every Node process read and parse that bundle as it starts, before any
 * of its own code runs: `node -e 0` took 80 ms with this machine's (/etc/ssl/certs, 215 KiB) against
 * 29 ms without, and gatewalk pays the same ~50 ms. The targets were set with it set (its
 * `node -e 0` was ~90 ms), so by default the children get the environment as it is; with
 * BENCH_CLEAN_ENV=1 none of them gets it (no child here makes a TLS connection), and every ratio
 * shows gatewalk's own start-up against a bare Node's. The header of each section says which.
 */
export const CLEAN_ENV = process.env.BENCH_CLEAN_ENV === '1';

/** The environment a benchmark's child runs with: this process's plus `extra`, cleaned if asked. */
export function childEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  if (CLEAN_ENV) delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

/** How the children's Node starts: printed with each section's baseline. */
export function startNote(env = childEnv()) {
  return env.NODE_EXTRA_CA_CERTS ? 'NODE_EXTRA_CA_CERTS set: every node parses it at start' : 'no NODE_EXTRA_CA_CERTS';
}

export function programRoot() {
  const root = mkdtempSync(path.join(os.tmpdir(), 'gw-bench-'));
  for (const d of ['registry', 'runbooks', 'schemas', 'sandbox']) cpSync(path.join(REPO, d), path.join(root, d), { recursive: true });
  return root;
}

/**
 * Runs `node ARGS` once; `rss` is the child's peak resident set in MiB, `faults` its minor page faults.
 * Faults are printed because on this machine (a VM) each costs ~10 µs of CPU, measured with a C loop
 * touching fresh pages: memory a run touches for the first time is time, whoever allocates it.
 */
export function timeRun(args, env = {}) {
  const rssFile = path.join(os.tmpdir(), `gw-bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', RSS_PROBE, ...args], {
    env: childEnv({ ...env, BENCH_RSS_FILE: rssFile }),
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  let rss = NaN;
  let faults = NaN;
  try {
    const usage = JSON.parse(readFileSync(rssFile, 'utf8'));
    rss = usage.maxRSS / 1024;
    faults = usage.minorPageFault;
    rmSync(rssFile);
  } catch {
    // the process died before its exit hook wrote the figures: they stay NaN
  }
  return { ms, rss, faults, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A `check` for compare(): the run must exit with `code` (its stderr's end is quoted when it does not). */
export const expectExit = (code) => (r) => {
  if (r.status !== code) throw new Error(`exited ${r.status}, expected ${code}:\n${r.stderr.slice(-2000)}`);
};

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function fmt(ms) {
  return `${ms.toFixed(0)} ms`;
}

/**
 * Flushes the page cache's dirty data (`sync`) before timing: a benchmark's own preparation (the
 * build, the program roots it copies) leaves it behind, and on ext4 (ordered journal) the fsyncs with
 * which a run seals its verdict then wait for it to be written back, while `node -e 0` writes
 * nothing. Seen 2026-12-03: the first section of headless-m4c.mjs ran 50–90 ms slower per gatewalk
 * run without it (three runs, with and without alternately). Where there is no `sync` command
 * (Windows), nothing is flushed this way.
 */
export function flushWrites() {
  spawnSync('sync');
}

/**
 * Times `node -e 0` and each case alternately, ROUNDS times, after one round that is not counted
 * (it warms the page cache and whatever a case talks to, such as a served sandbox that has not yet
 * answered that case's calls); prints one line per case: median, ratio to node -e 0, peak RSS,
 * median page faults, and the target. `check(result)` may throw on a wrong run, the uncounted one too.
 * It flushes what the benchmark wrote before (flushWrites) first.
 */
export function compare(title, cases, rounds = ROUNDS) {
  const base = [];
  const baseFaults = [];
  const runs = cases.map(() => []);
  const faults = cases.map(() => []);
  const rss = cases.map(() => 0);
  flushWrites();
  timeRun(['-e', '0']);
  for (const c of cases) {
    c.before?.();
    c.check?.(timeRun(c.args, c.env));
  }
  for (let i = 0; i < rounds; i++) {
    const b = timeRun(['-e', '0']);
    base.push(b.ms);
    baseFaults.push(b.faults);
    cases.forEach((c, k) => {
      c.before?.();
      const r = timeRun(c.args, c.env);
      c.check?.(r);
      runs[k].push(r.ms);
      faults[k].push(r.faults);
      rss[k] = Math.max(rss[k], r.rss);
    });
  }
  const b = median(base);
  console.log(`${title} (${rounds} rounds alternating; node -e 0 median ${fmt(b)}, ${median(baseFaults)} page faults; ${startNote()})`);
  const out = cases.map((c, k) => {
    const m = median(runs[k]);
    const ratio = m / b;
    const verdict = c.target === undefined ? '' : ratio <= c.target ? `  target ≤ ${c.target}× met` : `  target ≤ ${c.target}× MISSED`;
    const usage = `peak RSS ${rss[k].toFixed(0)} MiB, ${median(faults[k])} faults`;
    console.log(`  ${c.label.padEnd(44)} ${fmt(m).padStart(8)}  ${ratio.toFixed(2)}×  ${usage}${verdict}`);
    return { label: c.label, ms: m, ratio, rss: rss[k] };
  });
  return { base: b, cases: out };
}

/** `gatewalk sandbox serve` in the background; resolves with its endpoint env and a stop(). */
export function serveSandbox(root, env, extraEnv = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'sandbox', 'serve', '--port', '0', '--env', env, '--root', root], {
      env: childEnv(extraEnv),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /export (AWS_ENDPOINT_URL=\S+) (AWS_ACCESS_KEY_ID=\S+) (AWS_SECRET_ACCESS_KEY=\S+) (AWS_REGION=\S+)/.exec(out);
      if (m) {
        const awsEnv = Object.fromEntries(m.slice(1).map((kv) => kv.split('=')));
        resolve({
          env: awsEnv,
          stop: () => new Promise((done) => (child.once('close', done), child.kill('SIGINT'))),
        });
      }
    });
    child.on('error', reject);
    child.on('close', (code) => reject(new Error(`sandbox serve exited ${code}`)));
  });
}
