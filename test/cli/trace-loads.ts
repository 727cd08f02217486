import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { BIN, REPO } from './cli-harness.js';

// The built CLI with every module it loads traced (test/cli/trace-imports.mjs), mapped back to
// sources through dist/meta.json.

export interface Traced {
  /** Every module URL the session's thread resolved. */
  loaded: string[];
  /** The sources (and bundled node_modules files) inside the dist chunks it loaded. */
  sources: string[];
  /** The same for the other threads (the sandbox emulator's). */
  others: { loaded: string[]; sources: string[] };
}

/** Runs the built CLI traced, with HOME at `root` and `env` added to a bare environment. */
export async function tracer(root: string, extraEnv: Record<string, string> = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gw-trace-'));
  const meta = JSON.parse(await readFile(path.join(REPO, 'dist/meta.json'), 'utf8')) as {
    outputs: Record<string, { inputs: Record<string, unknown> }>;
  };
  let n = 0;
  return async (args: string[], status = 0): Promise<Traced> => {
    const trace = path.join(dir, `${n++}.txt`);
    const env = { PATH: process.env.PATH, HOME: root, ...extraEnv, GATEWALK_TRACE_IMPORTS: trace };
    const run = spawnSync(process.execPath, ['--import', path.join(REPO, 'test/cli/trace-imports.mjs'), BIN, ...args], {
      env,
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(status);
    // Lines are "<thread id> <url>": 0 is the session's thread.
    const lines = (await readFile(trace, 'utf8')).split('\n').filter(Boolean);
    const of = (main: boolean) => {
      const loaded = lines.filter((l) => l.startsWith('0 ') === main).map((l) => l.slice(l.indexOf(' ') + 1));
      const sources = loaded
        .filter((u) => u.includes('/dist/'))
        .flatMap((u) => Object.keys(meta.outputs[path.relative(REPO, new URL(u).pathname)]?.inputs ?? {}));
      return { loaded, sources };
    };
    return { ...of(true), others: of(false) };
  };
}
