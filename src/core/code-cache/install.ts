import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

// Compiles the files of dist/ from the V8 code cache the build left beside them (in dist/boot.js,
// src/boot.ts; bin/gatewalk.js and the worker threads install it first). Node 20
// keeps no compiled code between runs (its compile cache came in Node 22); a run of gatewalk spends
// ~40 ms parsing and compiling its own code, and a cache made by the build's training runs (the same
// commands, so it holds the functions they compile lazily too) cuts most of it.
//
// The cache is as trusted as the code beside it: it is made by the build, inside dist/, never read
// from a folder anyone else writes. A cache file is named by the SHA-256 of the source it was made
// from, so a dist/ file changed after the build is compiled from its text as usual. V8 refuses a
// cache made by another V8 version or with other flags (`cachedDataRejected`), and that file is
// compiled as usual too; but V8 does not check the rest of the data, and a damaged cache stops the
// process in V8's deserializer (seen: a flipped byte, "Fatal error … unreachable code"). So a cache
// file starts with the SHA-256 of its data, and a file whose data does not match it is not used
// (~2 ms for the ~1.5 MB a run reads). Nothing here changes what runs: the same wrapper, the same
// `require`.
//
// GATEWALK_CODE_CACHE=off compiles everything from source (for comparisons). The build's training
// sets GATEWALK_CODE_CACHE_WRITE=1 to write the caches; GATEWALK_CODE_CACHE_REPORT=<file>
// appends, per thread, how many files were compiled from the cache, without one, or refused: the main
// thread at exit; a worker thread once its entry has loaded (src/boot.ts), since the CLI's
// process.exit() may stop a worker before its own 'exit' runs (seen in CI: a verify worker's line
// missing) — files a worker loads later are not counted.

interface Report {
  /** Compiled from the cache. */
  hits: number;
  /** No cache for this text. */
  misses: number;
  /** A cache V8 refused (another version or flags). */
  rejected: number;
  /** A cache whose data does not match its checksum. */
  damaged: number;
}

const SUM = 32; // bytes of SHA-256 before a cache's data
const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest();

interface LoadedModule {
  exports: unknown;
  require(id: string): unknown;
}

type Compile = (this: LoadedModule, content: string, filename: string, ...rest: unknown[]) => unknown;
type ModuleInternals = typeof Module & {
  prototype: { _compile: Compile };
  wrap(source: string): string;
  _resolveFilename(request: string, parent: LoadedModule, isMain: boolean, options?: { paths?: string[] }): string;
  _resolveLookupPaths(request: string, parent: LoadedModule): string[] | null;
  _extensions: unknown;
  _cache: unknown;
};

const installed = Symbol.for('gatewalk.codeCache');

/**
 * Compiles the files directly inside `dist` (from dist/v8) and the CommonJS files of gatewalk's
 * unbundled dependencies, iam-simulate's for the sandbox emulator (from dist/v8-deps, which the
 * build makes in a clone and the npm package does not ship: those are the dependencies' own code),
 * from their code cache from now on (once per thread). `thread.worker`: installed by a worker thread
 * of dist/ (src/boot.ts says so; asking worker_threads would load it on every command). Returns what
 * writes this thread's GATEWALK_CODE_CACHE_REPORT line now (once; the main thread's is written at its exit).
 */
export function installCodeCache(dist: string, env: NodeJS.ProcessEnv = process.env, thread = { worker: false }): () => void {
  const g = globalThis as { [installed]?: boolean };
  if (env.GATEWALK_CODE_CACHE === 'off' || g[installed]) return () => undefined;
  g[installed] = true;
  const M = Module as ModuleInternals;
  const caches = { own: path.join(dist, 'v8'), deps: path.join(dist, 'v8-deps') };
  const write = env.GATEWALK_CODE_CACHE_WRITE === '1';
  const written = new Map<string, { dir: string; script: vm.Script }>();
  const dependency = `${path.sep}node_modules${path.sep}`;
  const report: Report = { hits: 0, misses: 0, rejected: 0, damaged: 0 };
  const original = M.prototype._compile;

  M.prototype._compile = function (content, filename, ...rest) {
    const dir = path.dirname(filename) === dist ? caches.own : filename.includes(dependency) ? caches.deps : undefined;
    if (!dir) return original.call(this, content, filename, ...rest);
    const key = sha256(content).toString('hex');
    const cachedData = write ? undefined : readCache(path.join(dir, `${key}.bin`), report);
    // The entry's `#!` line: V8 allows it only at the very start, and the wrapper comes first.
    const source = content.startsWith('#!') ? `//${content.slice(2)}` : content;
    const script = new vm.Script(M.wrap(source), {
      filename,
      cachedData,
      importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
    if (cachedData) report[script.cachedDataRejected ? 'rejected' : 'hits']++;
    if (write) written.set(key, { dir, script });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    const requireFn = requireOf(this, M);
    return wrapper.call(this.exports, this.exports, requireFn, this, filename, path.dirname(filename));
  };

  if (write) {
    // Made after the code ran, so each cache holds the functions compiled lazily as well.
    const flush = () => {
      for (const [key, { dir, script }] of written) {
        mkdirSync(dir, { recursive: true });
        const data = script.createCachedData();
        const file = path.join(dir, `${key}.bin`);
        writeFileSync(`${file}.tmp`, Buffer.concat([sha256(data), data]));
        renameSync(`${file}.tmp`, file);
      }
    };
    process.on('exit', flush);
    // A worker thread may be stopped with its process, before its own 'exit'.
    if (thread.worker) setInterval(flush, 250).unref();
  }
  const reportTo = env.GATEWALK_CODE_CACHE_REPORT;
  let reported = !reportTo;
  const writeReport = () => {
    if (reported) return;
    reported = true;
    writeFileSync(reportTo!, `${JSON.stringify({ main: !thread.worker, ...report })}\n`, { flag: 'a' });
  };
  if (!thread.worker) process.on('exit', writeReport);
  return writeReport;
}

/** A cache's data if its checksum holds; undefined (counted) when there is none or it is damaged. */
function readCache(file: string, report: Report): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    report.misses++; // no cache for this text: compiled from it, as Node would
    return undefined;
  }
  const data = bytes.subarray(SUM);
  if (bytes.length > SUM && sha256(data).equals(bytes.subarray(0, SUM))) return data;
  report.damaged++;
  return undefined;
}

/** The `require` Node gives a CommonJS module (lib/internal/modules/helpers.js makeRequireFunction). */
function requireOf(mod: LoadedModule, M: ModuleInternals): NodeJS.Require {
  const require = ((id: string) => mod.require(id)) as NodeJS.Require;
  const resolve = ((request: string, options?: { paths?: string[] }) =>
    M._resolveFilename(request, mod, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => M._resolveLookupPaths(request, mod);
  require.resolve = resolve;
  require.main = process.mainModule;
  require.extensions = M._extensions as NodeJS.Require['extensions'];
  require.cache = M._cache as NodeJS.Require['cache'];
  return require;
}
