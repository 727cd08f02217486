import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEarly } from '../../src/boot.js';
import { takeEarly } from '../../src/core/code-cache/early-thread.js';

// dist/boot.js spawns the sandbox emulator's thread before the CLI's code loads when the command line
// reads as a run or recheck on the sandbox (src/boot.ts, src/core/code-cache/early-thread.ts); the emulator adopts
// it once. Here the "dist" folder is a scratch one: its boot.js (which every dist thread starts on)
// either idles or throws.

let dist: string;
beforeEach(async () => {
  dist = await mkdtemp(path.join(os.tmpdir(), 'gw-early-'));
  await writeFile(path.join(dist, 'sandbox-thread.js'), '');
});
afterEach(async () => {
  takeEarly('sandbox-thread.js')?.worker.terminate();
  await rm(dist, { recursive: true, force: true });
});

const cores = os.availableParallelism();

describe.skipIf(cores < 2)('startEarly / takeEarly', () => {
  it('spawns for a run or recheck on the sandbox, and hands the thread over once, to its own entry only', async () => {
    await writeFile(path.join(dist, 'boot.js'), 'setTimeout(() => {}, 60_000);');
    startEarly(dist, ['run', 'M4.C', '--env', 'dev_min', '--sandbox'], {});
    expect(takeEarly('other-thread.js')).toBeUndefined();
    const thread = takeEarly('sandbox-thread.js');
    expect(thread?.worker.threadId).toBeGreaterThan(0);
    expect(takeEarly('sandbox-thread.js')).toBeUndefined();
    await thread!.worker.terminate();
    startEarly(dist, ['--sandbox', 'recheck', 'M4.C'], {});
    await takeEarly('sandbox-thread.js')!.worker.terminate();
  });

  it('spawns nothing for other command lines, or with GATEWALK_SANDBOX_THREAD=off', () => {
    for (const argv of [['run', 'M0', '--env', 'dev_min'], ['status', '--sandbox'], ['--sandbox'], ['sandbox', 'serve']]) {
      startEarly(dist, argv, {});
      expect(takeEarly('sandbox-thread.js'), argv.join(' ')).toBeUndefined();
    }
    startEarly(dist, ['run', 'M0', '--sandbox'], { GATEWALK_SANDBOX_THREAD: 'off' });
    expect(takeEarly('sandbox-thread.js')).toBeUndefined();
  });

  it("keeps a thread's failure before it is adopted, instead of ending the process", async () => {
    await writeFile(path.join(dist, 'boot.js'), "throw new Error('boot failed');");
    startEarly(dist, ['run', 'M0', '--sandbox'], {});
    const thread = takeEarly('sandbox-thread.js')!;
    await new Promise((resolve) => thread.worker.once('exit', resolve));
    expect(thread.failure?.message).toBe('boot failed');
  });
});
