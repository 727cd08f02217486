// Bundles src/cli.ts into dist/: esbuild bundles and splits (stage 1), rollup joins its chunks into the
// files of dist/ (stage 2, regroup() below). Everything heavy is a lazy chunk loaded on first use:
// each AWS service (src/substrate/aws-sdk/<service>.ts: its client and the commands gatewalk sends,
// tree-shaken from the SDK's ES modules; Apache-2.0, notices in the linked legal comments) the first
// time a check asks it something, and the TUI chunk (Ink/React) only for interactive sessions.
// @cloud-copilot/iam-simulate (AGPL-3.0, only by the sandbox) stays external: never bundled.
// Two more entries are worker threads sharing chunks with the CLI: dist/sandbox-thread.js (the sandbox
// emulator) and dist/logbook-verify-worker.js (logbook verify on big files).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import { chunkGroups } from './chunk-groups.mjs';
import { rewrite } from './rewrite.mjs';
import { lazyBuiltins } from './lazy-builtins.mjs';
import { trainCodeCache } from './train-code-cache.mjs';

// zod/mini is bundled on its own (src/core/zod-mini.ts → dist/zod-mini.js) and imported from there: in
// the shared chunks it would carry every part of zod's core that classic zod uses (~170 KB) onto
// every command's path; alone it tree-shakes to ~40 KB. Classic zod is not used at all.
const zodMiniApart = {
  name: 'zod-mini-apart',
  setup(b) {
    b.onResolve({ filter: /(^|[\\/])zod-mini\.js$/ }, () => ({ path: './zod-mini.js', external: true }));
  },
};

// proper-lockfile is bundled (into the lazy chunk of its dynamic import: only commands that write
// load it), but not the graceful-fs it requires: that module patches the process's own fs.close on
// load, and it is only proper-lockfile's default fs, which gatewalk never uses: every lock passes its
// own (src/core/fs/file-lock.ts, src/substrate/sandbox/workspace/workspace-swap.ts). Its require
// resolves to node:fs instead. Loading it from node_modules (four CommonJS packages, resolved and
// compiled file by file) cost 9–19 ms of every run.
const lockWithoutGracefulFs = {
  name: 'lock-without-graceful-fs',
  setup(b) {
    b.onResolve({ filter: /^graceful-fs$/ }, (args) => {
      if (!/[\\/]node_modules[\\/]proper-lockfile[\\/]/.test(args.importer)) return undefined;
      return { path: 'node:fs', external: true };
    });
  },
};

// The AWS SDK's XML parser (@aws-sdk/xml-builder, Apache-2.0) is replaced by
// src/substrate/aws-sdk/xml-parser.ts: the same function (test/substrate/aws-sdk-xml-parser.test.ts
// compares them), scanning with indexOf instead of one character at a time. IAM and STS answer in
// XML; the original's loop took ~13 ms of a green M4.C, this one ~8.5 ms. If the SDK stops importing
// its parser this way, the build fails rather than silently keeping the slow one.
let sdkXmlParserSwapped = 0;
const sdkXmlParser = {
  name: 'sdk-xml-parser',
  setup(b) {
    b.onResolve({ filter: /^\.\/xml-parser$/ }, (args) => {
      if (!/[\\/]node_modules[\\/]@aws-sdk[\\/]xml-builder[\\/]/.test(args.importer)) return undefined;
      sdkXmlParserSwapped++;
      return { path: fileURLToPath(new URL('../src/substrate/aws-sdk/xml-parser.ts', import.meta.url)) };
    });
  },
};

// dist/ is CommonJS (stage 2 writes it so, dist/package.json says so): Node 20 keeps no compiled code
// for ES modules, while a CommonJS file can be compiled from the V8 code cache the build leaves in
// dist/ (src/boot.ts, src/core/code-cache/install.ts). CommonJS has no top-level await; two libraries of the console use
// it, and are rewritten here as they are bundled:
// - yoga-layout's entry awaits its WebAssembly: it now starts loading it and exports the promise as
//   `ready`, which the console awaits before its first render (src/console/yoga-ready.ts). Nothing of
//   Ink calls Yoga before it renders.
// - Ink's reconciler awaits two imports only when DEV=true (React devtools, which is not installed):
//   the first now throws what the missing module would, the second is the value it has without DEV.
// A rewrite that no longer finds its text fails the build (scripts/rewrite.mjs).
const noTopLevelAwait = {
  name: 'no-top-level-await',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/ }, (args) => ({
      loader: 'js',
      contents: rewrite(args.path, readFileSync(args.path, 'utf8'), [
        [
          'const Yoga = wrapAssembly(await loadYoga());\nexport default Yoga;',
          'let Yoga;\nexport const ready = loadYoga().then((y) => { Yoga = wrapAssembly(y); });\nexport { Yoga as default };',
        ],
      ]),
    }));
    b.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]reconciler\.js$/ }, (args) => ({
      loader: 'js',
      contents: rewrite(args.path, readFileSync(args.path, 'utf8'), [
        [
          "await import('./devtools.js');",
          "throw Object.assign(new Error('react-devtools-core is not bundled'), { code: 'ERR_MODULE_NOT_FOUND' });",
        ],
        ['? await loadPackageJson()', '? { name: undefined, version: undefined }'],
      ]),
    }));
  },
};

// The build's identity: a hash of every source file and the locked dependencies. The validated-program
// cache (src/load/program-cache.ts) is keyed by it, so a changed gatewalk never trusts an older check.
const buildId = createHash('sha256');
for (const f of readdirSync('src', { recursive: true }).map(String).sort()) {
  if (/\.tsx?$/.test(f)) buildId.update(f).update(readFileSync(path.join('src', f)));
}
buildId.update(readFileSync('package-lock.json'));

// Stage 1 (esbuild: TypeScript, JSX, CommonJS interop, tree-shaking, minifying) writes its ~160
// chunks here; stage 2 (rollup, regroup() below) joins them into dist/ as scripts/chunk-groups.mjs
// decides.
const STAGE = 'node_modules/.cache/gatewalk-build';
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
rmSync(STAGE, { recursive: true, force: true });
const result = await build({
  // Worker threads load their entries from next to the chunks: the logbook verify worker
  // (src/logbook/verify-parallel.ts) and the sandbox emulator's thread (src/substrate/sandbox/wire/emulator.ts).
  entryPoints: {
    gatewalk: 'src/cli.ts',
    'logbook-verify-worker': 'src/logbook/verify-worker.ts',
    'sandbox-thread': 'src/substrate/sandbox/wire/emulator-thread.ts',
  },
  outdir: STAGE,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  jsx: 'automatic',
  // Production React (no dev-only reconciler checks) and minified chunks: startup is parse-bound.
  define: { 'process.env.NODE_ENV': '"production"', __GATEWALK_BUILD_ID__: JSON.stringify(buildId.digest('hex')) },
  minify: true,
  legalComments: 'linked',
  plugins: [zodMiniApart, lockWithoutGracefulFs, sdkXmlParser, noTopLevelAwait, lazyBuiltins()],
  // react-devtools-core: Ink imports it only when DEV=true; it is not installed.
  // ES module builds first, so the AWS SDK tree-shakes down to the commands gatewalk sends.
  mainFields: ['module', 'main'],
  external: ['@cloud-copilot/*', 'react-devtools-core'],
  logLevel: 'warning',
  metafile: true,
});
const zodMini = await build({
  entryPoints: { 'zod-mini': 'src/core/zod-mini.ts' },
  outdir: 'dist',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  minify: true,
  legalComments: 'linked',
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  metafile: true,
});
if (sdkXmlParserSwapped === 0)
  throw new Error('build: the AWS SDK no longer imports ./xml-parser from @aws-sdk/xml-builder; see sdkXmlParser in scripts/build.mjs');
await regroup(result.metafile, zodMini.metafile);
writeFileSync(new URL('../dist/package.json', import.meta.url), '{ "type": "commonjs" }\n');
// dist/boot.js compiles dist/'s files from their code cache (src/boot.ts, src/core/code-cache/install.ts); the launcher and
// the worker threads install it before they load anything else. No library in it: gatewalk's own
// code-cache modules and Node's.
await build({
  entryPoints: { boot: 'src/boot.ts' },
  outdir: 'dist',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: true,
  logLevel: 'warning',
});

// The bundled libraries' licences (MIT, ISC, …) travel with the code that contains them.
const packages = new Map();
for (const input of [...Object.keys(result.metafile.inputs), ...Object.keys(zodMini.metafile.inputs)]) {
  const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (m && !packages.has(m[1])) packages.set(m[1], JSON.parse(readFileSync(path.join(m[1], 'package.json'), 'utf8')));
}
const notices = [...packages]
  .sort(([, a], [, b]) => a.name.localeCompare(b.name))
  .map(([dir, pkg]) => {
    const file = readdirSync(dir).find((f) => /^licen[cs]e(\.(md|txt))?$/i.test(f));
    const text = file ? readFileSync(path.join(dir, file), 'utf8').trim() : `License: ${pkg.license ?? 'see the package'}`;
    return `${pkg.name}@${pkg.version} (${pkg.license ?? 'unknown'})\n\n${text}\n`;
  });
writeFileSync(
  new URL('../dist/THIRD_PARTY_LICENSES.txt', import.meta.url),
  `Libraries bundled into gatewalk's dist/ and their licences.\n\n${notices.join('\n' + '-'.repeat(72) + '\n\n')}`,
);

// Last, with dist/ complete: its V8 code cache, from training runs of the built CLI (scripts/train-code-cache.mjs).
trainCodeCache(process.cwd());

// Stage 2: rollup takes esbuild's chunks as its modules (no second tree-shake or transform: the code
// is already final) and writes them to dist/ joined as chunkGroups() says. Source maps chain through
// both stages to src/; each file's legal comments (esbuild's linked LEGAL.txt) are joined with it.
// dist/meta.json maps every file of dist/ to the sources inside it: tests use it to prove what a
// command loads (headless runs never Ink or React, status never the YAML parser, …).
async function regroup(meta, apart) {
  const stage = path.resolve(STAGE);
  const groups = chunkGroups(meta);
  const relative = (id) => path.relative(process.cwd(), id).split(path.sep).join('/');
  const legal = /\/\*! For license information please see (\S+)\.LEGAL\.txt \*\/\n?/;
  const bundle = await rollup({
    input: {
      gatewalk: `${stage}/gatewalk.js`,
      'logbook-verify-worker': `${stage}/logbook-verify-worker.js`,
      'sandbox-thread': `${stage}/sandbox-thread.js`,
    },
    treeshake: false,
    onwarn(warning, warn) {
      if (warning.code !== 'CIRCULAR_DEPENDENCY') warn(warning);
    },
    plugins: [
      {
        name: 'stage-chunks',
        resolveId(source, importer) {
          if (source === './zod-mini.js') return { id: '\0zod-mini', external: true };
          if (importer && source.startsWith('./')) return path.resolve(path.dirname(importer), source);
          if (!importer) return source;
          return { id: source, external: true };
        },
        load(id) {
          const code = readFileSync(id, 'utf8')
            .replace(legal, '')
            .replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
          return { code, map: readFileSync(`${id}.map`, 'utf8') };
        },
      },
    ],
  });
  const { output } = await bundle.write({
    dir: 'dist',
    // CommonJS (see noTopLevelAwait above); a chunk's dynamic import of another stays lazy as a require
    // in a promise, and iam-simulate (external) loads its CommonJS build the same way.
    format: 'cjs',
    dynamicImportInCjs: false,
    generatedCode: 'es2015',
    sourcemap: true,
    freeze: false,
    hoistTransitiveImports: false,
    paths: { '\0zod-mini': './zod-mini.js' },
    entryFileNames: '[name].js',
    chunkFileNames: '[name]-[hash].js',
    manualChunks: (id) => groups.get(relative(id)),
    // A chunk keeps its stage name without esbuild's hash (rollup adds its own); x-<hex> names are
    // chunkGroups()'s own.
    sanitizeFileName: (name) => (/^x-[0-9a-f]{8}$/.test(name) ? name : name.replace(/-[A-Z0-9]{8}$/, '').replace(/[^\w-]/g, '_')),
  });
  await bundle.close();
  // esbuild's metafile shape: a file of dist/, or a module loaded from node_modules or Node itself.
  const files = new Set(output.map((o) => o.fileName));
  const importOf = (id, kind) =>
    files.has(id)
      ? { path: `dist/${id}`, kind }
      : id === '\0zod-mini' || id === './zod-mini.js'
        ? { path: 'dist/zod-mini.js', kind }
        : { path: id, kind, external: true };
  const outputs = {};
  for (const chunk of output.filter((o) => o.type === 'chunk')) {
    const parts = Object.keys(chunk.modules).map(relative);
    const notices = parts.map((p) => `${p}.LEGAL.txt`).flatMap((f) => (existsSync(f) ? [readFileSync(f, 'utf8').trim()] : []));
    if (notices.length > 0) {
      writeFileSync(`dist/${chunk.fileName}.LEGAL.txt`, `${notices.join('\n\n')}\n`);
      // The pointer goes before the source map's line, which stays the file's last.
      const file = `dist/${chunk.fileName}`;
      const code = readFileSync(file, 'utf8');
      const map = code.lastIndexOf('\n//# sourceMappingURL=');
      const at = map < 0 ? code.length : map + 1;
      writeFileSync(file, `${code.slice(0, at)}/*! For license information please see ${chunk.fileName}.LEGAL.txt */\n${code.slice(at)}`);
    }
    outputs[`dist/${chunk.fileName}`] = {
      bytes: Buffer.byteLength(chunk.code),
      inputs: Object.fromEntries(parts.flatMap((p) => Object.entries(meta.outputs[p].inputs))),
      imports: [
        ...chunk.imports.map((i) => importOf(i, 'import-statement')),
        ...chunk.dynamicImports.map((i) => importOf(i, 'dynamic-import')),
      ],
    };
  }
  // dist/zod-mini.js, built on its own, is listed too.
  for (const [file, o] of Object.entries(apart.outputs))
    if (file.endsWith('.js')) outputs[file] = { bytes: o.bytes, inputs: o.inputs, imports: o.imports };
  writeFileSync(new URL('../dist/meta.json', import.meta.url), JSON.stringify({ inputs: { ...meta.inputs, ...apart.inputs }, outputs }));
}
