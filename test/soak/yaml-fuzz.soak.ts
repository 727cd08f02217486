import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { GatewalkError, ValidationError } from '../../src/core/errors.js';
import { loadProgram } from '../../src/load/load-program.js';
import { rng, SEED } from './random.js';

// Thousands of mutated registries and runbooks (both programs) through the real loader: each
// either loads, or is refused with problems that name a file and a 1-based line and column, or is
// an operator error (GatewalkError). Anything else (a crash, a stack overflow) is a failure.

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const INPUTS = Number(process.env.SOAK_YAML ?? 3000);
const PROGRAMS = [
  { from: REPO, env: 'dev_min', files: ['registry/dev_min.yaml', 'runbooks/dev_min_spine_green_v0.yaml'] },
  {
    from: path.join(REPO, 'test/fixtures/programs/shop'),
    env: 'shop_stage',
    files: ['registry/shop_stage.yaml', 'runbooks/shop_launch.yaml'],
  },
];

type Mutator = (b: Buffer, r: ReturnType<typeof rng>) => Buffer;
const at = (b: Buffer, r: ReturnType<typeof rng>) => r.int(b.length + 1);
const splice = (b: Buffer, i: number, del: number, ins: Buffer | string) =>
  Buffer.concat([b.subarray(0, i), Buffer.from(ins), b.subarray(i + del)]);
const MUTATORS: Record<string, Mutator> = {
  flipByte: (b, r) => splice(b, r.int(b.length), 1, Buffer.from([r.int(256)])),
  insertBytes: (b, r) => splice(b, at(b, r), 0, Buffer.from(Array.from({ length: 1 + r.int(8) }, () => r.int(256)))),
  insertYamlChars: (b, r) =>
    splice(
      b,
      at(b, r),
      0,
      r.pick([
        ':',
        '- ',
        '{',
        '}',
        '[',
        ']',
        '&a ',
        '*a',
        '!tag ',
        '"',
        "'",
        '|',
        '>',
        '#',
        '\t',
        '\n',
        '  ',
        '? ',
        '---\n',
        '<<: *a\n',
        '%YAML 1.2\n',
      ]),
    ),
  deleteRange: (b, r) => splice(b, r.int(b.length), r.int(200), ''),
  duplicateRange: (b, r) => {
    const i = r.int(b.length);
    return splice(b, at(b, r), 0, b.subarray(i, i + r.int(400)));
  },
  truncate: (b, r) => b.subarray(0, r.int(b.length)),
  deepNesting: (b, r) => {
    const n = r.pick([10, 63, 64, 65, 500, 5000]);
    return splice(b, at(b, r), 0, `\nx: ${'['.repeat(n)}${']'.repeat(r.chance(0.8) ? n : r.int(n))}\n`);
  },
  longScalar: (b, r) => splice(b, at(b, r), 0, `\nlong: "${'z'.repeat(r.pick([1000, 65_530, 70_000, 300_000]))}"\n`),
  controlChars: (b, r) => splice(b, at(b, r), 0, r.pick(['\x1b[2J', '\x1b]52;c;eA==\x07', '\u202e', '\x9b', '\x00', '\x7f'])),
  invalidUtf8: (b, r) => splice(b, at(b, r), 0, Buffer.from([r.pick([0x80, 0xc3, 0xe9, 0xf0, 0xff])])),
  swapLines: (b, r) => {
    const lines = b.toString('latin1').split('\n');
    const i = r.int(lines.length);
    const j = r.int(lines.length);
    [lines[i], lines[j]] = [lines[j]!, lines[i]!];
    return Buffer.from(lines.join('\n'), 'latin1');
  },
  aliasBomb: (b, r) =>
    splice(
      b,
      b.length,
      0,
      `\nbomb0: &b0 [x, x, x, x, x, x, x, x]\n${Array.from({ length: 8 }, (_, i) => `bomb${i + 1}: &b${i + 1} [${Array(8).fill(`*b${i}`).join(', ')}]`).join('\n')}\n`.repeat(
        r.chance(0.5) ? 1 : 0,
      ),
    ),
};

it(`${INPUTS} fuzzed registry/runbook files: every one loads or is refused with a location`, async () => {
  const r = rng(SEED);
  const roots = PROGRAMS.map((p) => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'gw-fuzz-'));
    for (const f of p.files) cpSync(path.join(p.from, f), path.join(root, f), { recursive: true });
    return { ...p, root, originals: p.files.map((f) => readFileSync(path.join(p.from, f))) };
  });
  const figures = { inputs: 0, loaded: 0, refusedWithLocation: 0, operatorErrors: 0, crashes: 0, unlocated: 0, slowestMs: 0 };
  const byMutator: Record<string, number> = {};
  const failures: string[] = [];
  let peakRss = process.memoryUsage().rss;
  for (let i = 0; i < INPUTS; i++) {
    const p = r.pick(roots);
    const fileIndex = r.int(p.files.length);
    let bytes: Buffer = p.originals[fileIndex]!;
    const used: string[] = [];
    for (let m = 1 + r.int(3); m > 0; m--) {
      const name = r.pick(Object.keys(MUTATORS));
      used.push(name);
      bytes = MUTATORS[name]!(bytes, r);
    }
    for (const [k, f] of p.files.entries()) writeFileSync(path.join(p.root, f), k === fileIndex ? bytes : p.originals[k]!);
    figures.inputs++;
    for (const u of used) byMutator[u] = (byMutator[u] ?? 0) + 1;
    const started = performance.now();
    try {
      await loadProgram({ root: p.root, env: p.env });
      figures.loaded++;
    } catch (err) {
      if (err instanceof ValidationError) {
        const bad = err.problems.filter((q) => !p.files.some((f) => q.file === f) || !(q.line >= 1) || !(q.col >= 1));
        if (bad.length) {
          figures.unlocated++;
          failures.push(`#${i} ${used.join('+')}: ${JSON.stringify(bad[0])}`);
        } else figures.refusedWithLocation++;
      } else if (err instanceof GatewalkError) {
        figures.operatorErrors++;
      } else {
        figures.crashes++;
        failures.push(`#${i} ${used.join('+')}: ${(err as Error)?.stack?.split('\n').slice(0, 3).join(' | ')}`);
      }
    }
    figures.slowestMs = Math.max(figures.slowestMs, Math.round(performance.now() - started));
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  console.log(
    `[soak] yaml fuzz (seed ${SEED}): ${figures.inputs} inputs — ${figures.loaded} loaded, ${figures.refusedWithLocation} refused with file:line:col, ` +
      `${figures.operatorErrors} other operator errors, ${figures.unlocated} problems without a location, ${figures.crashes} crashes; ` +
      `slowest ${figures.slowestMs} ms, peak RSS ${Math.round(peakRss / 2 ** 20)} MiB\n  mutations used: ${JSON.stringify(byMutator)}` +
      (failures.length ? `\n  failures:\n    ${failures.slice(0, 20).join('\n    ')}` : ''),
  );
  expect(failures).toEqual([]);
});
