import { spawn } from 'node:child_process';
import { cp, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(REPO, 'bin', 'gatewalk.js');

/** A throwaway program repository: the shipped registry, runbooks, schemas and sandbox scenario. */
export async function tempProgramRoot(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'gw-root-'));
  for (const dir of ['registry', 'runbooks', 'schemas', 'sandbox']) {
    await cp(path.join(REPO, dir), path.join(root, dir), { recursive: true });
  }
  return root;
}

/** `run M0` of the shipped program on the sandbox, its two attestations given: the first phase, green. */
export const M0 = (root: string): string[] => [
  'run',
  'M0',
  '--env',
  'dev_min',
  '--sandbox',
  '--root',
  root,
  '--attest',
  'authority-lock=pass:ok',
  '--attest',
  'governance=pass:ok',
];

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built binary (as a user would after `npm ci`) with no TTY and no AWS environment.
 * `killAfterMs`: a "did not hang" guard; a process still running then is killed (code null, `killed`).
 */
export function gatewalk(
  root: string,
  args: string[],
  extraEnv: Record<string, string> = {},
  killAfterMs?: number,
): Promise<CliResult & { killed?: boolean }> {
  return runBinary(
    [...args, '--root', root],
    { PATH: process.env.PATH ?? '', HOME: root, NO_COLOR: '1', ...extraEnv },
    undefined,
    killAfterMs,
  );
}

/** The binary with exactly these words, from `cwd` (default: this process's). */
export function runBinary(
  argv: string[],
  env: Record<string, string>,
  cwd?: string,
  killAfterMs?: number,
): Promise<CliResult & { killed?: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], { env, stdio: ['ignore', 'pipe', 'pipe'], ...(cwd ? { cwd } : {}) });
    let stdout = '';
    let stderr = '';
    let killed = false;
    const guard = killAfterMs === undefined ? undefined : setTimeout(() => ((killed = true), child.kill('SIGKILL')), killAfterMs);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr, ...(killed ? { killed } : {}) });
    });
  });
}
