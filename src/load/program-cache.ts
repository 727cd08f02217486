import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { BUILD_ID } from '../core/build-info.js';
import { cacheEnabled } from '../core/machine-key.js';
import { projectCacheDir, readMacedSync, writeMacedSync } from '../core/maced-file.js';
import { sha256Hex } from '../core/hash.js';
import { MAX_FILE_BYTES } from '../core/input-limits.js';
import type { LoadedProgram } from './load-program.js';

// The validated program, cached so a command does not parse and validate YAML it validated before
// (cold YAML parsing + zod is most of a short command's time). Trusted only when
//  - the key matches: the SHA-256 of every input's bytes (registry, every runbook in runbooks/ —
//    they decide which one is picked —, every overlay), the load options and the build of gatewalk
//    that wrote it, so any edit, any other build, any other selection is a miss; and
//  - its HMAC verifies under a key that lives outside the project (the user's cache folder), so a
//    cache file planted in a repository or a workspace is a miss, never a forged program.
// Synchronous I/O on purpose: small files, and no extra operations on the fs/promises path that the
// crash tests count. Any failure is a miss (read) or ignored (write): the cache never fails a command.

export interface CacheRequest {
  root: string;
  env: string;
  registryFile: string;
  program?: string;
  runbookPath?: string;
}

interface Entry {
  key: string;
  /** Input files (root-relative) whose bytes the key covers, in key order. */
  inputs: string[];
  program: Omit<LoadedProgram, 'registry' | 'runbook'> & {
    registry: Omit<LoadedProgram['registry'], 'text'>;
    runbook: Omit<LoadedProgram['runbook'], 'text'>;
  };
}

/** Off with GATEWALK_CACHE=off, and always when running from sources. */
export function programCacheEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return cacheEnabled(env);
}

/** The cached program for this request when its key and MAC verify; undefined otherwise. */
export function readCachedProgram(req: CacheRequest): LoadedProgram | undefined {
  try {
    const body = readMacedSync(cacheFile(req));
    if (body === undefined) return undefined;
    const entry = JSON.parse(body) as Entry;
    const bytes = new Map<string, Buffer>();
    const key = keyOf(req, entry.inputs, bytes);
    if (key === undefined || key !== entry.key) return undefined;
    const text = (abs: string) => bytes.get(path.relative(req.root, abs))?.toString('utf8');
    const registryText = text(entry.program.registry.path);
    const runbookText = text(entry.program.runbook.path);
    if (registryText === undefined || runbookText === undefined) return undefined;
    return {
      ...entry.program,
      registry: { ...entry.program.registry, text: registryText },
      runbook: { ...entry.program.runbook, text: runbookText },
    } as LoadedProgram;
  } catch {
    return undefined;
  }
}

/** Stores a program that was just loaded and validated from these inputs. */
export function writeCachedProgram(req: CacheRequest, program: LoadedProgram): void {
  try {
    const rel = (abs: string) => path.relative(req.root, abs);
    const inputs = [rel(program.registry.path), ...program.overlays.map((o) => rel(o.path)), rel(program.runbook.path)];
    const key = keyOf(req, inputs, new Map());
    // The bytes read now must be the bytes that were validated: an edit in between is not cached.
    const validated = [program.registry.sha256, ...program.overlays.map((o) => o.sha256), program.runbook.sha256];
    if (key === undefined || inputs.some((f, i) => sha256Hex(readFileSync(path.join(req.root, f))) !== validated[i])) return;
    const { registry, runbook, ...rest } = program;
    const entry: Entry = {
      key,
      inputs,
      program: { ...rest, registry: { ...registry, text: undefined }, runbook: { ...runbook, text: undefined } } as Entry['program'],
    };
    writeMacedSync(cacheFile(req), JSON.stringify(entry));
  } catch {
    /* a cache that cannot be written is only slower next time */
  }
}

/** One file per selection, under the project's .gatewalk/ (ignored by git, like the sandbox). */
function cacheFile(req: CacheRequest): string {
  const id = sha256Hex(JSON.stringify([req.env, req.program ?? null, path.relative(req.root, req.registryFile), req.runbookPath ?? null]));
  return path.join(projectCacheDir(req.root), `program-${id.slice(0, 32)}.json`);
}

/**
 * SHA-256 over the build, the selection and the bytes of `inputs` plus every runbook (a new or
 * edited runbook can change which one is picked). Undefined when a file is missing or too large.
 */
function keyOf(req: CacheRequest, inputs: readonly string[], bytes: Map<string, Buffer>): string | undefined {
  const runbooks = readdirSync(path.join(req.root, 'runbooks'))
    .filter((n) => n.endsWith('.yaml'))
    .sort()
    .map((n) => path.join('runbooks', n));
  const parts: string[] = [BUILD_ID ?? '', req.env, req.program ?? '', path.relative(req.root, req.registryFile), req.runbookPath ?? ''];
  for (const f of [...inputs, '--runbooks--', ...runbooks]) {
    if (f === '--runbooks--') {
      parts.push(f);
      continue;
    }
    const abs = path.resolve(req.root, f);
    if (path.relative(req.root, abs).startsWith('..') || statSync(abs).size > MAX_FILE_BYTES) return undefined;
    const b = bytes.get(f) ?? readFileSync(abs);
    bytes.set(f, b);
    parts.push(f, sha256Hex(b));
  }
  return sha256Hex(JSON.stringify(parts));
}
