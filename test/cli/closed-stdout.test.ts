import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProgram, SHOP } from '../fixtures/programs.js';
import { BIN, tempProgramRoot } from './cli-harness.js';

// Item 12: `gatewalk validate | head -1` — the reader closes the pipe before gatewalk is done
// writing. That ends the command quietly with its own exit code, never an EPIPE stack trace.

/** Runs the built CLI with a stdout whose reader is gone before the first byte is written. */
function withClosedStdout(root: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args, '--root', root], {
      env: { PATH: process.env.PATH ?? '', HOME: root, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy(); // like `| head -0`: nobody reads stdout
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a closed stdout ends the command quietly', () => {
  let root: string;
  let shop: string;
  beforeAll(async () => {
    [root, shop] = await Promise.all([tempProgramRoot(), copyProgram(SHOP)]);
  });
  afterAll(async () => {
    await Promise.all([rm(root, { recursive: true, force: true }), rm(shop, { recursive: true, force: true })]);
  });

  it.each([
    ['validate', ['validate'], 0],
    ['sandbox apply', ['sandbox', 'apply', 'drop-db-url'], 0],
    ['sandbox changes', ['sandbox', 'changes'], 0],
    ['status', ['status', '--sandbox'], 0],
    ['run (blocked: its own exit code)', ['run', 'stage-roles', '--sandbox'], 3],
  ])('%s on a user program', async (_name, args, code) => {
    const r = await withClosedStdout(shop, args);
    expect(r.stderr).not.toMatch(/EPIPE|internal error|at .*\.js:\d+/);
    expect(r.code).toBe(code);
  });

  it('validate on the shipped program', async () => {
    const r = await withClosedStdout(root, ['validate']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
