import { lock } from 'proper-lockfile';
import { GatewalkError } from '../errors.js';

// One writer at a time per file, across processes: proper-lockfile's `<file>.lock` directory with
// mtime refresh, so a lock left by a crashed process goes stale after STALE_MS and is taken over.

const STALE_MS = 10_000;
// Enough retries to wait out a long writer (≈ the stale window) without spinning.
const RETRIES = { retries: 80, factor: 1.3, minTimeout: 5, maxTimeout: 250, randomize: true };

/** Run `fn` while holding the lock on `file` (which must exist). */
export async function withFileLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
  let compromised: Error | undefined;
  let release: () => Promise<void>;
  try {
    release = await lock(file, {
      stale: STALE_MS,
      retries: RETRIES,
      realpath: true,
      // The default throws from a timer (an uncaught exception); record it and fail this write instead.
      onCompromised: (err) => {
        compromised = err;
      },
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new GatewalkError(`${file} is locked by another gatewalk process`, `wait for it to finish, or remove ${file}.lock if no gatewalk is running`);
    }
    throw err;
  }
  try {
    const result = await fn();
    if (compromised) throw new GatewalkError(`lost the lock on ${file} while writing (${compromised.message})`, 'run `gatewalk logbook verify`, then retry');
    return result;
  } finally {
    await release().catch(() => undefined); // a compromised lock may already be gone
  }
}
