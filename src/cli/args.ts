import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { GatewalkError } from '../core/errors.js';
import type { SessionOptions } from '../session/session.js';

// Flags are parsed here and nowhere else; commands receive plain typed options.

export interface CliArgs {
  command: string[];
  root: string;
  env: string;
  sandbox: boolean;
  profile?: string;
  region?: string;
  program?: string;
  json: boolean;
  attest: string[];
  repin: string[];
  repinFrom?: string;
  reason?: string;
  port?: number;
  help: boolean;
  version: boolean;
}

const OPTIONS = {
  env: { type: 'string' },
  sandbox: { type: 'boolean', default: false },
  profile: { type: 'string' },
  region: { type: 'string' },
  root: { type: 'string' },
  program: { type: 'string' },
  json: { type: 'boolean', default: false },
  attest: { type: 'string', multiple: true },
  repin: { type: 'string', multiple: true },
  'repin-from': { type: 'string' },
  reason: { type: 'string' },
  port: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} satisfies ParseArgsConfig['options'];

export function parseCli(argv: string[], cwd = process.cwd(), environ = process.env): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new GatewalkError((err as Error).message, 'run `gatewalk --help` for the flags');
  }
  const v = parsed.values;
  const root = path.resolve(cwd, v.root ?? environ.GATEWALK_ROOT ?? '.');
  const port = v.port === undefined ? undefined : Number(v.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new GatewalkError(`--port ${v.port}: not a port number`);
  }
  const needsEnv = !v.help && !v.version;
  return {
    command: parsed.positionals,
    root,
    env: v.env ?? environ.GATEWALK_ENV ?? (needsEnv ? defaultEnv(root) : ''),
    sandbox: v.sandbox,
    ...(v.profile ? { profile: v.profile } : {}),
    ...(v.region ? { region: v.region } : {}),
    ...(v.program ? { program: v.program } : {}),
    json: v.json,
    attest: v.attest ?? [],
    repin: v.repin ?? [],
    ...(v['repin-from'] ? { repinFrom: v['repin-from'] } : {}),
    ...(v.reason !== undefined ? { reason: v.reason } : {}),
    ...(port !== undefined ? { port } : {}),
    help: v.help,
    version: v.version,
  };
}

/** With exactly one registry/<env>.yaml, --env may be left out. */
function defaultEnv(root: string): string {
  let envs: string[] = [];
  try {
    envs = readdirSync(path.join(root, 'registry')).filter((f) => /^[a-z0-9_]+\.yaml$/.test(f)).map((f) => f.replace(/\.yaml$/, ''));
  } catch {
    throw new GatewalkError(`no registry/ folder in ${root}`, 'run gatewalk from your program repository, or pass --root DIR');
  }
  if (envs.length === 1) return envs[0]!;
  throw new GatewalkError(
    envs.length ? `several environments (${envs.join(', ')}): which one?` : `no registry/<env>.yaml in ${root}`,
    envs.length ? `pass --env ${envs[0]}` : 'create registry/<env>.yaml (see README)',
  );
}

/** The session a command opens for these flags. */
export function sessionOptions(args: CliArgs): SessionOptions {
  return {
    root: args.root,
    env: args.env,
    substrate: args.sandbox ? 'sandbox' : 'aws',
    ...(args.profile ? { profile: args.profile } : {}),
    ...(args.region ? { region: args.region } : {}),
    ...(args.program ? { program: args.program } : {}),
  };
}
