import { execFile, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { startServe } from '../../support/serve.js';
import { applySandboxChange, resetSandbox, sandboxWorkspacePaths } from '../../../src/substrate/sandbox/index.js';
import { ENV, tempRoot } from './helpers.js';

// The `aws` CLI (botocore: a second, independent client) against `gatewalk sandbox serve`, the
// built binary in its own process, exactly as an operator would point the CLI at it. One runner
// for every interop test: find the executable, serve, call, stop and read what the server counted.

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return join(dir, command);
    } catch {
      // not here
    }
  }
  return undefined;
}

export const AWS = onPath('aws');
/** The describe title, saying why it is skipped when the CLI is absent. */
export const awsCliTitle = (what: string) =>
  AWS ? what : `${what} (skipped: no \`aws\` executable on PATH — apt-get install awscli)`;

export interface Served {
  /** `aws … --endpoint-url <serve> --output json`, parsed. */
  run(...args: string[]): Promise<Record<string, unknown>>;
  /** The same, expected to fail: exit code and stderr. */
  fails(...args: string[]): Promise<{ code: number; stderr: string }>;
}

export interface CliSandbox {
  root: string;
  apply(change: string): Promise<void>;
  /** Writes a change file from step lines (YAML) and applies it. */
  change(name: string, steps: string[]): Promise<void>;
  /** Serves the sandbox from the built binary for `use`, stops it, and returns the calls it counted. */
  serve(use: (s: Served) => Promise<void>): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export async function openCliSandbox(): Promise<CliSandbox> {
  const root = await tempRoot();
  await resetSandbox(root, ENV);
  const home = await mkdtemp(join(tmpdir(), 'gatewalk-aws-cli-'));
  // Empty config and credentials files: nothing of the operator's own AWS setup is read.
  await writeFile(join(home, 'config'), '');
  await writeFile(join(home, 'credentials'), '');
  const cliEnv = (vars: Record<string, string>): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: home,
    AWS_ACCESS_KEY_ID: vars.AWS_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: vars.AWS_SECRET_ACCESS_KEY,
    AWS_DEFAULT_REGION: vars.AWS_REGION,
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    ...(process.env.PYENV_ROOT ? { PYENV_ROOT: process.env.PYENV_ROOT } : {}),
  });
  let served = 0;
  return {
    root,
    apply: async (change) => void (await applySandboxChange(root, ENV, change)),
    change: async (name, steps) => {
      await writeFile(join(sandboxWorkspacePaths(root, ENV).changesDir, `${name}.yaml`), `description: ${name}\nsteps:\n${steps.join('\n')}\n`);
      await applySandboxChange(root, ENV, name);
    },
    async serve(use) {
      const statsFile = join(home, `stats-${++served}.json`);
      const { child, vars } = await startServe(root, { GATEWALK_SANDBOX_STATS: statsFile });
      try {
        const env = cliEnv(vars);
        const aws = (args: string[]) =>
          promisify(execFile)(AWS!, [...args, '--endpoint-url', vars.AWS_ENDPOINT_URL!, '--output', 'json'], { env, timeout: 90_000 });
        await use({
          run: async (...args) => JSON.parse((await aws(args)).stdout) as Record<string, unknown>,
          fails: (...args) =>
            aws(args).then(
              () => Promise.reject(new Error(`aws ${args.join(' ')} succeeded`)),
              (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
            ),
        });
      } finally {
        await stop(child);
      }
      return (JSON.parse(await readFile(statsFile, 'utf8')) as { calls: Record<string, number> }).calls;
    },
    close: async () => {
      await rm(root, { recursive: true, force: true });
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** Ctrl-C, as an operator stops it: the server writes its call counts and exits 0. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  const code = await exited;
  if (code !== 0) throw new Error(`sandbox serve exited ${code} after Ctrl-C`);
}
