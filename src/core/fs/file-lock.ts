import fs from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { GatewalkError } from '../errors.js';
import { advice, cmd } from '../advice.js';

// proper-lockfile loads with the first lock, not with every command: `status` and `validate` only read.
const lockLibrary = () => import('./lock-library.js');

// One writer at a time per file, across processes: proper-lockfile's `<file>.lock` directory with
// mtime refresh. The lock directory is created whole with an `owner` file inside (pid + host), so
// a lock left by a process that is provably dead (same host, pid gone) is taken over at once; any
// other leftover goes stale after STALE_MS as before.

const STALE_MS = 10_000;
// Enough retries to wait out a long writer (≈ the stale window) without spinning.
const RETRIES = { retries: 80, factor: 1.3, minTimeout: 5, maxTimeout: 250, randomize: true };
const OWNER = 'owner';
const HOST = hostname();

export interface LockOptions {
  /** Lock directory; defaults to `<file>.lock`. */
  lockPath?: string;
  /** false: fail at once with the owner's pid instead of waiting. */
  wait?: boolean;
  /**
   * false: `file` names the lock only and need not exist (give lockPath). proper-lockfile keeps one
   * lock per resolved name in a process, so a lock taken around another lock of the same file must
   * use a name of its own.
   */
  realpath?: boolean;
}

/** Run `fn` while holding the lock on `file` (which must exist unless `realpath: false`). */
export async function withFileLock<T>(file: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  let compromised: Error | undefined;
  let release: () => Promise<void>;
  try {
    release = await (
      await lockLibrary()
    ).lock(file, {
      stale: STALE_MS,
      retries: options.wait === false ? 0 : RETRIES,
      realpath: options.realpath ?? true,
      fs: ownerFs as unknown as typeof fs,
      ...(options.lockPath ? { lockfilePath: options.lockPath } : {}),
      // The default throws from a timer (an uncaught exception); record it and fail this write instead.
      onCompromised: (err) => {
        compromised = err;
      },
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOCKED') {
      const lockPath = options.lockPath ?? `${file}.lock`;
      const owner = readOwner(lockPath);
      const who = owner ? `gatewalk process ${owner.pid} on ${owner.host}` : 'another gatewalk process';
      throw new GatewalkError(`${file} is locked by ${who}`, `wait for it to finish, or remove ${lockPath} if no gatewalk is running`);
    }
    throw err;
  }
  try {
    const result = await fn();
    if (compromised)
      throw new GatewalkError(
        `lost the lock on ${file} while writing (${compromised.message})`,
        advice`run \`${cmd('logbook', 'verify')}\`, then retry`,
      );
    return result;
  } finally {
    await release().catch(() => undefined); // a compromised lock may already be gone
  }
}

interface Owner {
  pid: number;
  host: string;
}

function readOwner(lockPath: string): Owner | undefined {
  try {
    const o = JSON.parse(fs.readFileSync(path.join(lockPath, OWNER), 'utf8')) as Partial<Owner>;
    return typeof o.pid === 'number' && typeof o.host === 'string' ? { pid: o.pid, host: o.host } : undefined;
  } catch {
    return undefined;
  }
}

/** Dead only when provable: the owner ran on this host and no process has its pid now. */
export function ownerIsDead(lockPath: string): boolean {
  const owner = readOwner(lockPath);
  if (!owner || owner.host !== HOST || owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

type Cb<T = void> = (err: NodeJS.ErrnoException | null, value?: T) => void;

// The fs proper-lockfile uses: mkdir builds the lock directory with its owner file under a temp
// name and renames it into place (so a lock never exists without an owner); stat reports a lock
// of a dead owner as stale; rmdir removes the owner file too.
const ownerFs = {
  ...fs,
  mkdir(dir: string, cb: Cb) {
    const tmp = `${dir}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      fs.mkdirSync(tmp);
      fs.writeFileSync(path.join(tmp, OWNER), JSON.stringify({ pid: process.pid, host: HOST }));
      if (fs.existsSync(dir)) throw Object.assign(new Error(`EEXIST: ${dir}`), { code: 'EEXIST' });
      fs.renameSync(tmp, dir);
      cb(null);
    } catch (err) {
      fs.rmSync(tmp, { recursive: true, force: true });
      const code = (err as NodeJS.ErrnoException).code;
      cb(code === 'ENOTEMPTY' || code === 'EEXIST' ? Object.assign(err as Error, { code: 'EEXIST' }) : (err as NodeJS.ErrnoException));
    }
  },
  stat(p: string, cb: Cb<fs.Stats>) {
    fs.stat(p, (err, st) => {
      if (err || !ownerIsDead(p)) return cb(err, st);
      st.mtime = new Date(0); // provably abandoned: stale now, not in STALE_MS
      cb(null, st);
    });
  },
  rmdir(dir: string, cb: Cb) {
    // Re-check right before removing (synchronously): another waiter may have taken the lock over
    // since proper-lockfile judged it stale; then leave it, and the next mkdir reports it held.
    try {
      const owner = readOwner(dir);
      const mine = owner?.pid === process.pid && owner.host === HOST; // a release
      if (mine || !owner || ownerIsDead(dir) || Date.now() - fs.statSync(dir).mtimeMs >= STALE_MS)
        fs.rmSync(dir, { recursive: true, force: true });
      cb(null);
    } catch (err) {
      cb((err as NodeJS.ErrnoException).code === 'ENOENT' ? null : (err as NodeJS.ErrnoException));
    }
  },
};
