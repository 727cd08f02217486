import { chmod, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Clock } from '../../src/core/context.js';
import type { Workspace } from '../../src/core/workspace.js';

// Temp folders on the real filesystem. Sealed evidence is read-only (0555/0444), so cleanup makes
// it writable again first; otherwise rm fails for a non-root user.

export async function makeTmp(prefix = 'gatewalk-persist-'): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

export async function removeTmp(dir: string): Promise<void> {
  await makeWritable(dir);
  await rm(dir, { recursive: true, force: true });
}

async function makeWritable(dir: string): Promise<void> {
  await chmod(dir, 0o755).catch(() => undefined);
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) await makeWritable(p);
    else await chmod(p, 0o644).catch(() => undefined);
  }
}

export function fixedClock(iso: string): Clock {
  return { now: () => new Date(iso) };
}

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** A workspace whose files all live under `root` (evidence in `ev/`, logbook `log.jsonl`), env qa on the sandbox. */
export function tmpWorkspace(root: string): Workspace {
  const at = (f: string) => path.join(root, f);
  return {
    root,
    env: 'qa',
    substrate: 'sandbox',
    documentsRoot: '',
    registryPath: '',
    evidenceRoot: at('ev'),
    logbookPath: at('log.jsonl'),
    implActualPath: at('impl.md'),
    terraformPaths: {},
  };
}
