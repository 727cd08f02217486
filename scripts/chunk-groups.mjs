// Which of esbuild's chunks (stage 1 of scripts/build.mjs) rollup joins into one file of dist/.
//
// esbuild splits at every dynamic import and makes one chunk per distinct set of entries reaching a
// module: gatewalk's lazy loading (a command, a gate kind, an AWS service, the console, the emulator
// are each imported when first needed) gives ~160 chunks, and a green M4.C loads ~75 of them. Every
// file is resolved, compiled and linked on its own, which costs ~30 ms per run on Node 20 (no compile
// cache for ES modules before Node 22; dist/ is CommonJS now, see scripts/build.mjs, but each file
// is still read, compiled and run on its own). esbuild has no option to join chunks; rollup's manualChunks
// does, on esbuild's output. The rules keep every lazy boundary that saves a command real work and
// drop the ones that only split what is always loaded together:
//
// - A chunk reached only by one root (an entry or a dynamic import target) stays with that root.
// - What the CLI entry and anything else share goes to `cli`: every command loads the entry's static
//   imports anyway. The entry itself stays apart (chunks that import it back would find it
//   half-loaded).
// - What the lanes' starting roots reach goes to one chunk per set of lanes (S status, V validate,
//   R run and recheck, T the console's first frame, C the console behind it): `lane-SRT` is what
//   status, run and the console's first frame all load, and the commands outside these (init, history, logbook, sandbox) or a lazy part that shares code
//   with a lane load that lane's chunk too. The gate kinds are part of the run's and the console's
//   code (each is a few hundred bytes); what they load lazily (an AWS service's client) stays lazy.
// - AWS SDK code that STS shares with other services goes to `aws-core`: every AWS run asks STS who
//   it is, so it loads all of it anyway. Code of one service only stays in that service's chunk.
// - Anything else, whatever a worker thread shares, and whatever the lock library (proper-lockfile)
//   shares, keeps esbuild's own grouping (same set of roots, same chunk).
import { createHash } from 'node:crypto';

const WORKERS = /^src\/(logbook\/verify-worker|substrate\/sandbox\/wire\/emulator-thread)\.ts$/;
const CLI = 'src/cli.ts';
const LOCK_LIBRARY = 'src/core/fs/lock-library.ts';
// The roots each lane loads as it starts: its command, and for the console the parts it opens with.
const LANES = [
  ['S', /^src\/cli\/status-command\.ts$/],
  ['V', /^src\/cli\/validate-command\.ts$/],
  ['R', /^src\/cli\/(run|recheck)-command\.ts$/],
  // The console's first frame (the plain phase table), then the console itself (Ink, React, the
  // screens), which loads only once that frame is on screen (src/cli/tui-command.ts).
  ['T', /^src\/(cli\/tui-command|session\/session|engine\/phase-state)\.ts$/],
  ['C', /^src\/console\/(start-tui\.tsx|ports\/session-port\.ts)$/],
];
// Gate kinds are dynamic imports of the gate loader: joined with the code that loads them.
const JOINED = /^src\/gates\/[^/]+\.ts$/;
const AWS_SERVICE = /^src\/substrate\/aws-sdk\/([a-z0-9]+)\.ts$/;
const AWS_CODE = /^(src\/substrate\/aws-sdk\/|node_modules\/(@aws-sdk|@smithy|@aws-crypto|@aws)\/)/;

/**
 * Maps each stage-1 chunk (a key of esbuild's metafile outputs) to the name of the dist chunk it joins,
 * or to undefined where rollup's own placement (with the root that alone reaches it) is right.
 */
export function chunkGroups(meta) {
  const outputs = Object.fromEntries(Object.entries(meta.outputs).filter(([file]) => file.endsWith('.js')));
  const rootOf = new Map(
    Object.entries(outputs)
      .filter(([, o]) => o.entryPoint !== undefined && !JOINED.test(o.entryPoint))
      .map(([file, o]) => [file, o.entryPoint]),
  );
  // Which roots each chunk is loaded with: as esbuild's splitting sees it, but with the gate kinds
  // counted as part of the gate loader's code.
  const reach = new Map(Object.keys(outputs).map((file) => [file, new Set()]));
  for (const [root, source] of rootOf) {
    const seen = new Set([root]);
    for (const todo = [root]; todo.length > 0;) {
      const file = todo.pop();
      reach.get(file).add(source);
      for (const i of outputs[file].imports) {
        const followed = i.kind === 'import-statement' || (i.kind === 'dynamic-import' && !rootOf.has(i.path));
        if (followed && !i.external && outputs[i.path] && !seen.has(i.path)) {
          seen.add(i.path);
          todo.push(i.path);
        }
      }
    }
  }
  const groups = new Map();
  for (const [file, roots] of reach) groups.set(file, groupOf([...roots].sort(), outputs[file]));
  return groups;
}

function groupOf(roots, output) {
  const exact = () => (roots.length > 1 ? `x-${createHash('sha256').update(roots.join('\n')).digest('hex').slice(0, 8)}` : undefined);
  if (roots.some((r) => WORKERS.test(r))) return exact();
  if (roots.includes(CLI)) return roots.length > 1 ? 'cli' : undefined;
  const inputs = Object.keys(output.inputs);
  if (inputs.length > 0 && inputs.every((i) => AWS_CODE.test(i))) {
    if (roots.some((r) => AWS_SERVICE.exec(r)?.[1] === 'sts')) return roots.length > 1 ? 'aws-core' : undefined;
    return exact();
  }
  // The lock library (loaded by the commands that write) shares code with the lanes only by accident:
  // signal-exit, which Ink uses too, must not bring the console's chunk to every write. What it
  // shares keeps esbuild's own grouping.
  if (roots.includes(LOCK_LIBRARY)) return exact();
  const lanes = LANES.filter(([, re]) => roots.some((r) => re.test(r))).map(([lane]) => lane);
  return lanes.length > 0 ? `lane-${lanes.join('')}` : exact();
}
