import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fsyncDir } from '../../../core/fs/durable-fs.js';

// Replacing a whole workspace folder so that a crash leaves the old one or the new one: the new
// tree is built and fsynced beside it, then two renames swap it in. If a crash falls between the
// renames, `recoverWorkspace` (run under the lock before every use) puts the old folder back.

function sidePaths(dir: string) {
  const parent = dirname(dir);
  const name = basename(dir);
  return { parent, old: join(parent, `.${name}.old`), stagingPrefix: `.${name}.staging-`, lockfile: join(parent, `.${name}.lock`) };
}

/** Runs `fn` holding the workspace's cross-process lock (reset and apply from two terminals). */
export async function withWorkspaceLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const { parent, lockfile } = sidePaths(dir);
  await mkdir(parent, { recursive: true });
  // Node's own fs, always: the build leaves proper-lockfile's default (graceful-fs) out (scripts/build.mjs).
  const release = await (
    await import('../../../core/fs/lock-library.js')
  ).lock(dir, { realpath: false, lockfilePath: lockfile, stale: 15_000, retries: { retries: 40, minTimeout: 25, maxTimeout: 250 }, fs });
  try {
    await recoverWorkspace(dir);
    return await fn();
  } finally {
    await release();
  }
}

/** Finishes or rolls back an interrupted swap, and removes abandoned staging folders. */
export async function recoverWorkspace(dir: string): Promise<void> {
  const { parent, old, stagingPrefix } = sidePaths(dir);
  const hasDir = await exists(dir);
  if (await exists(old)) {
    if (hasDir) await rm(old, { recursive: true, force: true });
    else await rename(old, dir);
  }
  for (const entry of await readdir(parent).catch(() => [] as string[])) {
    if (entry.startsWith(stagingPrefix)) await rm(join(parent, entry), { recursive: true, force: true });
  }
}

/** Builds a new tree with `build(stagingDir)` and swaps it in place of `dir`. Call under the lock. */
export async function replaceWorkspace(dir: string, build: (staging: string) => Promise<void>): Promise<void> {
  const { parent, old, stagingPrefix } = sidePaths(dir);
  const staging = join(parent, `${stagingPrefix}${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(staging, { recursive: true });
  try {
    await build(staging);
    await syncTree(staging);
  } catch (e) {
    await rm(staging, { recursive: true, force: true });
    throw e;
  }
  const hadDir = await exists(dir);
  if (hadDir) await rename(dir, old);
  await rename(staging, dir);
  await fsyncDir(parent);
  if (hadDir) await rm(old, { recursive: true, force: true });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** fsync every file and folder of a freshly built tree before it becomes visible. */
async function syncTree(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      await syncTree(path);
    } else if (entry.isFile()) {
      const handle = await open(path, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
  }
  await fsyncDir(dir);
}
