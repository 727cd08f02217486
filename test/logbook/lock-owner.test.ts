import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { withFileLock } from '../../src/core/fs/file-lock.js';
import { bundleFixture } from '../support/bundle-fixture.js';
import { makeTmp, removeTmp } from '../support/tmp.js';

// A lock names its owner (pid + host). A lock whose owner was SIGKILLed is taken over at once,
// without waiting for it to go stale; a live owner's lock is not, and the refusal names the pid.

const here = path.dirname(fileURLToPath(import.meta.url));
let dir: string;
let holder: string;

beforeAll(async () => {
  dir = await makeTmp();
  holder = await bundleFixture(path.join(here, 'fixtures', 'lock-holder.ts'), path.join(dir, 'lock-holder.mjs'));
});
afterAll(async () => {
  await removeTmp(dir);
});

/** A child process holding the lock on `file`, once it says it holds it. */
async function holdLock(file: string) {
  const child = spawn(process.execPath, [holder, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
    child.on('exit', (code) => reject(new Error(`lock holder exited ${code}`)));
  });
  return child;
}

it('a lock whose owner was killed is taken over at once; a live owner is named, not robbed', async () => {
  const file = path.join(dir, 'logbook.jsonl');
  await writeFile(file, '');
  const child = await holdLock(file);
  // Without waiting: the live owner keeps it, and the refusal says who holds it.
  await expect(withFileLock(file, async () => 'mine', { wait: false })).rejects.toThrow(`locked by gatewalk process ${child.pid}`);
  child.kill('SIGKILL');
  await new Promise((resolve) => child.on('close', resolve));
  // Its lock directory is still there (nothing ran to remove it) and its mtime is fresh.
  expect(await withFileLock(file, async () => 'mine', { wait: false })).toBe('mine');
});
