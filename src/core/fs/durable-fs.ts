import type { Dirent } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';

// Durability helpers shared by the evidence writer, the logbook and the registry editor. A rename
// or a new directory entry is only durable once the directory itself is fsynced.

/** fsync a directory so entries created or renamed in it survive a crash. */
export async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } catch (err) {
    // Some filesystems refuse fsync on a directory handle; the data itself was already synced.
    if (!isErrno(err, 'EINVAL') && !isErrno(err, 'EISDIR') && !isErrno(err, 'EPERM')) throw err;
  } finally {
    await fh.close();
  }
}

/** Create a file that must not exist yet, write it in one go and fsync it. */
export async function writeNewFileSynced(file: string, data: string | Buffer, mode = 0o644): Promise<void> {
  const fh = await open(file, 'wx', mode);
  try {
    await fh.writeFile(data);
    await fh.chmod(mode); // the open mode is filtered by umask; the caller's mode is meant exactly
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Replace `file` atomically: readers see the old bytes or the new bytes, never a mix. The temp file
 * lives in the same directory so the rename never crosses a filesystem.
 */
export async function replaceFileAtomic(file: string, data: string | Buffer, mode = 0o644): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeNewFileSynced(tmp, data, mode);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  await fsyncDir(dir);
}

export function isErrno(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as NodeJS.ErrnoException).code === code;
}

/** Entries of a folder, or none when it does not exist (yet). */
export async function readDirIfExists(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return [];
    throw err;
  }
}
