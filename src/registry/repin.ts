import { readFile, realpath, stat } from 'node:fs/promises';
import { replaceFileAtomic } from '../core/fs/durable-fs.js';
import { GatewalkError } from '../core/errors.js';
import { Handle } from '../core/registry-schema.js';
import { withFileLock } from '../core/fs/file-lock.js';
import { sha256Hex } from '../core/hash.js';
import type { Repin, RepinChange } from './yaml-repin.js';

// The one writer of the operator's registry. Optimistic concurrency: the caller says which bytes
// it decided on (`expectSha256`); inside the lock the file is re-read and, if someone edited it in
// the meantime, nothing is written. The new text replaces the file atomically (temp + rename).

export interface RepinOptions {
  /** sha256 of the registry bytes the caller loaded; a mismatch means a concurrent edit. */
  expectSha256?: string;
  /** Inside the lock, once the new bytes are known, before the file is replaced: the write-ahead record. */
  beforeWrite?: (result: RepinResult) => Promise<void>;
  /** Inside the lock, after the file was replaced. */
  afterWrite?: (result: RepinResult) => Promise<void>;
}

export interface RepinResult {
  beforeSha256: string;
  afterSha256: string;
  changes: RepinChange[];
}

export type { Repin, RepinChange };

/** Run `fn` with the registry's real path and current bytes while holding its lock. */
export async function withRegistryLock<T>(registryPath: string, fn: (file: string, bytes: Buffer) => Promise<T>): Promise<T> {
  // Edit the real file, so a symlinked registry stays a symlink.
  const file = await realpath(registryPath);
  return withFileLock(file, async () => fn(file, await readFile(file)));
}

export async function repinHandles(registryPath: string, repins: readonly Repin[], options: RepinOptions = {}): Promise<RepinResult> {
  return withRegistryLock(registryPath, async (file, before) => {
    const beforeSha256 = sha256Hex(before);
    if (options.expectSha256 && options.expectSha256 !== beforeSha256) {
      throw new GatewalkError(
        `${registryPath} changed since it was loaded (sha256 ${beforeSha256.slice(0, 12)}…, expected ${options.expectSha256.slice(0, 12)}…); nothing was repinned`,
        'reload the registry and decide again',
      );
    }
    if (!repins.length) return { beforeSha256, afterSha256: beforeSha256, changes: [] };
    const { after, changes } = await planRegistryRepin(before, repins, registryPath);
    const result = { beforeSha256, afterSha256: sha256Hex(after), changes };
    await options.beforeWrite?.(result);
    await writeRegistry(file, after);
    await options.afterWrite?.(result);
    return result;
  });
}

/**
 * The registry bytes after the repins (comments kept), each touched handle still valid. Pure. The
 * YAML editor loads here, on the first repin: a run that repins nothing never parses YAML.
 */
export async function planRegistryRepin(
  before: Buffer,
  repins: readonly Repin[],
  registryPath: string,
): Promise<{ after: Buffer; changes: RepinChange[] }> {
  const { repinYamlText, parse } = await import('./yaml-repin.js');
  const { text, changes } = repinYamlText(before.toString('utf8'), repins, registryPath);
  assertHandlesValid(parse(text) as { handles: Record<string, unknown> }, changes, registryPath);
  return { after: Buffer.from(text, 'utf8'), changes };
}

/** Replace the registry atomically, keeping its permissions (call inside `withRegistryLock`). */
export async function writeRegistry(file: string, bytes: Buffer): Promise<void> {
  const mode = (await stat(file)).mode & 0o777;
  await replaceFileAtomic(file, bytes, mode);
}

/** A repin must leave each touched handle valid for its kind (an ARN for iam_role, a path for ssm…). */
function assertHandlesValid(doc: { handles: Record<string, unknown> }, changes: readonly RepinChange[], file: string): void {
  const { handles } = doc;
  for (const c of changes) {
    const result = Handle.safeParse(handles[c.handle]);
    if (!result.success) {
      throw new GatewalkError(
        `repin of ${c.handle} to "${c.value}" rejected: ${result.error.issues.map((i) => i.message).join('; ')}; ${file} was not changed`,
        'repin with a value of the right form',
      );
    }
  }
}
