import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/**
 * Gives each test of the file a per-user MAC key of its own (core/machine-key.ts reads it under
 * XDG_CACHE_HOME), apart from the user's; restored after each test. Returns the current folder.
 */
export function tempKeyHome(): () => string {
  let home = '';
  const saved = process.env.XDG_CACHE_HOME;
  beforeEach(async () => {
    home = await mkdtemp(path.join(os.tmpdir(), 'gw-keyhome-'));
    process.env.XDG_CACHE_HOME = home;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = saved;
  });
  return () => home;
}
