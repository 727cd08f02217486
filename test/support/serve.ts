import { spawn, type ChildProcess } from 'node:child_process';
import { BIN } from '../cli/cli-harness.js';

export interface Served {
  child: ChildProcess;
  /** The `export AWS_…` values it printed (endpoint, keys, region). */
  vars: Record<string, string>;
  /** Everything it wrote to stderr so far. */
  stderr(): string;
}

/** The built `gatewalk sandbox serve` on `root` as a child process, with only `env` (and PATH); resolves once it serves. */
export function startServe(root: string, env: Record<string, string> = {}, args: string[] = []): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'sandbox', 'serve', '--root', root, ...args], {
    env: { PATH: process.env.PATH, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = /export (AWS_ENDPOINT_URL=.*)\n/.exec(out)?.[1];
      if (line)
        resolve({ child, vars: Object.fromEntries(line.split(' ').map((kv) => kv.split('=', 2) as [string, string])), stderr: () => err });
    });
    child.once('exit', (code) => reject(new Error(`sandbox serve exited ${code} before serving:\n${out}${err}`)));
  });
}
