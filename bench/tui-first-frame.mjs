// Time to the first frame of the TUI in an 80×24 pseudo-terminal, side by side with a bare
// `node -e 0` in the same kind of terminal. Two marks: the first frame (the real phase table the
// CLI prints before Ink loads: the mark is the line printed after its last row) and the console's
// own first frame (Ink's header, with region). Issue 12.5's target: the table within 2.5×.
import pty from 'node-pty';
import { BIN, childEnv, flushWrites, fmt, median, programRoot, startNote } from './lib.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const root = programRoot();
// A terminal's environment: PATH, HOME and the terminal's own, plus NODE_EXTRA_CA_CERTS as the other benchmarks pass it (lib.mjs).
const ca = childEnv().NODE_EXTRA_CA_CERTS;
const env = { PATH: process.env.PATH, HOME: root, TERM: 'xterm-256color', LANG: 'C.UTF-8', ...(ca ? { NODE_EXTRA_CA_CERTS: ca } : {}) };

/** ms from spawn until each pattern has appeared in the output (or until exit without patterns). */
function timeInPty(args, marks = []) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const p = pty.spawn(process.execPath, args, { cols: 80, rows: 24, cwd: root, env });
    const seen = [];
    let out = '';
    p.onData((d) => {
      out += d;
      while (seen.length < marks.length && marks[seen.length].test(out)) seen.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (marks.length && seen.length === marks.length) p.kill();
    });
    p.onExit(() => {
      if (!marks.length) return resolve([Number(process.hrtime.bigint() - t0) / 1e6]);
      if (seen.length === marks.length) resolve(seen);
      else reject(new Error(`exited before the first frame:\n${out}`));
    });
  });
}

const MARKS = [/opening the console…/, /region eu-west-2/];
await timeInPty([BIN, '--sandbox'], MARKS); // creates the sandbox workspace once
const base = [];
const first = [];
const ink = [];
flushWrites();
for (let i = 0; i < ROUNDS; i++) {
  base.push((await timeInPty(['-e', '0']))[0]);
  const [a, b] = await timeInPty([BIN, '--sandbox'], MARKS);
  first.push(a);
  ink.push(b);
}
const r = (xs) => `${fmt(median(xs))}   ratio ${(median(xs) / median(base)).toFixed(1)}x`;
console.log(`TUI startup (80×24 pty, sandbox), ${ROUNDS} rounds alternating; ${startNote(env)}:`);
console.log(`  node -e 0                              median ${fmt(median(base))}`);
console.log(`  gatewalk --sandbox, phase table        median ${r(first)}   (target ≤ 2.5x)`);
console.log(`  gatewalk --sandbox, console's frame    median ${r(ink)}`);
process.exit(0); // node-pty keeps handles open
