import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

// Readers (a running sandbox server, another terminal) must see either the old file or the new
// one, never a torn write: write a temp file in the same directory, fsync it, rename over, fsync
// the directory so the rename itself survives a crash.

export async function writeFileAtomic(file: string, data: string): Promise<void> {
  const dir = dirname(file);
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', 0o644);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  await syncDirectory(dir);
}

/** fsync a directory so renames inside it are durable; some platforms refuse, which is harmless. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open directories for sync; the rename is still atomic there.
  } finally {
    await handle?.close();
  }
}
