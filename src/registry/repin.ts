import { readFile, realpath, stat } from 'node:fs/promises';
import { parse } from 'yaml';
import { replaceFileAtomic } from '../core/fs/durable-fs.js';
import { GatewalkError } from '../core/errors.js';
import { Handle } from '../core/registry-schema.js';
import { withFileLock } from '../core/fs/file-lock.js';
import { sha256Hex } from '../core/hash.js';
import { type Repin, type RepinChange, repinYamlText } from './yaml-repin.js';

// The one writer of the operator's registry. Optimistic concurrency: the caller says which bytes
// it decided on (`expectSha256`); inside the lock the file is re-read and, if someone edited it in
// the meantime, nothing is written. The new text replaces the file atomically (temp + rename).

export interface RepinOptions {
  /** sha256 of the registry bytes the caller loaded; a mismatch means a concurrent edit. */
  expectSha256?: string;
}

export interface RepinResult {
  beforeSha256: string;
  afterSha256: string;
  changes: RepinChange[];
}

export type { Repin, RepinChange };

export async function repinHandles(registryPath: string, repins: readonly Repin[], options: RepinOptions = {}): Promise<RepinResult> {
  // Edit the real file, so a symlinked registry stays a symlink.
  const file = await realpath(registryPath);
  return withFileLock(file, async () => {
    const before = await readFile(file);
    const beforeSha256 = sha256Hex(before);
    if (options.expectSha256 && options.expectSha256 !== beforeSha256) {
      throw new GatewalkError(
        `${registryPath} changed since it was loaded (sha256 ${beforeSha256.slice(0, 12)}…, expected ${options.expectSha256.slice(0, 12)}…); nothing was repinned`,
        'reload the registry and decide again',
      );
    }
    if (!repins.length) return { beforeSha256, afterSha256: beforeSha256, changes: [] };
    const { text, changes } = repinYamlText(before.toString('utf8'), repins, registryPath);
    assertHandlesValid(text, changes, registryPath);
    const after = Buffer.from(text, 'utf8');
    const mode = (await stat(file)).mode & 0o777;
    await replaceFileAtomic(file, after, mode);
    return { beforeSha256, afterSha256: sha256Hex(after), changes };
  });
}

/** A repin must leave each touched handle valid for its kind (an ARN for iam_role, a path for ssm…). */
function assertHandlesValid(text: string, changes: readonly RepinChange[], file: string): void {
  const handles = (parse(text) as { handles: Record<string, unknown> }).handles;
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
