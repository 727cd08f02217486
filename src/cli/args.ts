import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { GatewalkError } from '../core/errors.js';
import type { SessionOptions } from '../session/session.js';
import {
  AWS_CONNECT_TIMEOUT_ENV,
  AWS_TIMEOUT_ENV,
  DEFAULT_AWS_CONNECT_TIMEOUT_MS,
  DEFAULT_AWS_TIMEOUT_MS,
  type AwsTimeouts,
} from '../substrate/aws-timeouts.js';
import { accepts, commandOf, commandsUnder, FLAGS, type CommandName, type FlagName, type FlagSpec } from './flags.js';

// Flags are parsed here and nowhere else; commands receive plain typed options.

export interface CliArgs {
  command: string[];
  /** The command the positionals name (`sandbox serve`), when it is a known one. */
  commandName?: CommandName;
  /** Every flag as given, by its name in FLAGS (for flags without a typed field below). */
  values: Partial<Record<FlagName, string | boolean | string[]>>;
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
  /** AWS calls in flight at once (--aws-concurrency, GATEWALK_AWS_CONCURRENCY). */
  awsConcurrency?: number;
  /** Longest waits for an AWS endpoint (--aws-timeout-ms, --aws-connect-timeout-ms, or their env variables). */
  awsTimeouts?: AwsTimeouts;
  /** `logbook verify --head SEQ:HASH` */
  head?: string;
  /** `logbook verify --signed-head FILE` */
  signedHead?: string;
  /** `logbook head --sign KMS_KEY_ID` */
  sign?: string;
  /** init: copy the shipped example program for this env instead of scaffolding. */
  example?: string;
  /** run: also write the verdict as JUnit XML / an in-toto Statement to these files. */
  junit?: string;
  attestation?: string;
  help: boolean;
  version: boolean;
}

const OPTIONS = Object.fromEntries(
  Object.entries(FLAGS).map(([name, f]: [string, FlagSpec]) => [
    name,
    { type: f.type, ...(f.multiple ? { multiple: true } : {}), ...(f.short ? { short: f.short } : {}) },
  ]),
) as ParseArgsConfig['options'];

const ENV_NAME = /^[a-z0-9_]+$/;

export async function parseCli(argv: string[], cwd = process.cwd(), environ = process.env): Promise<CliArgs> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true, tokens: true });
  } catch (err) {
    const unknown = /Unknown option '([^']+)'/.exec((err as Error).message)?.[1];
    const message = unknown ? `unknown flag ${unknown}` : (err as Error).message;
    throw new GatewalkError(message, `run \`${helpFor(argv.filter((a) => !a.startsWith('-')))}\` for the flags`);
  }
  const commandName = commandOf(parsed.positionals);
  const tokens = (parsed.tokens ?? []) as { kind: string; name?: string }[];
  const given = new Set(tokens.flatMap((t) => (t.kind === 'option' ? [t.name as FlagName] : [])));
  refuseInapplicable(parsed.positionals, commandName, given);
  const v = parsed.values as CliArgs['values'];
  const str = (f: FlagName) => v[f] as string | undefined;
  const many = (f: FlagName) => (v[f] as string[] | undefined) ?? [];
  const bool = (f: FlagName) => v[f] === true;
  const root = path.resolve(cwd, str('root') ?? environ.GATEWALK_ROOT ?? '.');
  const port = str('port') === undefined ? undefined : Number(str('port'));
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new GatewalkError(`--port ${str('port')}: not a port number`);
  }
  const awsConcurrency = readInt('aws-concurrency', 'GATEWALK_AWS_CONCURRENCY', str('aws-concurrency'), environ, 1, 256);
  const awsTimeouts = readTimeouts(str, environ);
  // init creates the registry, so it cannot ask for one.
  const needsEnv = !bool('help') && !bool('version') && commandName !== 'init';
  const env = str('env') ?? environ.GATEWALK_ENV ?? (needsEnv ? await defaultEnv(root, str('program')) : '');
  // The env names a file (registry/<env>.yaml) and a folder: a plain name, never a path.
  if (needsEnv && !ENV_NAME.test(env)) {
    throw new GatewalkError(
      `invalid env name "${env}"${str('env') === undefined ? ' (from $GATEWALK_ENV)' : ''}`,
      'env names are lower-case letters, digits and _ (registry/<env>.yaml)',
    );
  }
  return {
    command: parsed.positionals,
    ...(commandName ? { commandName } : {}),
    values: v,
    root,
    env,
    sandbox: bool('sandbox'),
    ...optional('profile', str('profile')),
    ...optional('region', str('region')),
    ...optional('program', str('program')),
    json: bool('json'),
    attest: many('attest'),
    repin: many('repin'),
    ...optional('repinFrom', str('repin-from')),
    ...(str('reason') !== undefined ? { reason: str('reason')! } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(awsConcurrency !== undefined ? { awsConcurrency } : {}),
    ...(awsTimeouts ? { awsTimeouts } : {}),
    ...optional('head', str('head')),
    ...optional('signedHead', str('signed-head')),
    ...optional('sign', str('sign')),
    ...optional('example', str('example')),
    ...(str('junit') ? { junit: path.resolve(cwd, str('junit')!) } : {}),
    ...(str('attestation') ? { attestation: path.resolve(cwd, str('attestation')!) } : {}),
    help: bool('help'),
    version: bool('version'),
  };
}

/** `{ key: value }` when value is a non-empty string, else nothing (optional fields stay absent). */
function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return value ? ({ [key]: value } as { [P in K]?: string }) : {};
}

/** The flag wins over its environment variable; either must be an integer from min to max. */
function readInt(flagName: FlagName, envName: string, flag: string | undefined, environ: NodeJS.ProcessEnv, min: number, max: number) {
  const env = environ[envName];
  const raw = flag ?? (env === '' ? undefined : env);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new GatewalkError(`${flag !== undefined ? `--${flagName}` : envName} ${raw}: not an integer from ${min} to ${max}`);
  }
  return n;
}

/** --aws-timeout-ms / --aws-connect-timeout-ms (or their env variables), in ms, up to 10 minutes; undefined when neither is set. */
function readTimeouts(str: (f: FlagName) => string | undefined, environ: NodeJS.ProcessEnv): AwsTimeouts | undefined {
  const requestMs = readInt('aws-timeout-ms', AWS_TIMEOUT_ENV, str('aws-timeout-ms'), environ, 1, 600_000);
  const connectMs = readInt('aws-connect-timeout-ms', AWS_CONNECT_TIMEOUT_ENV, str('aws-connect-timeout-ms'), environ, 1, 600_000);
  if (requestMs === undefined && connectMs === undefined) return undefined;
  return { requestMs: requestMs ?? DEFAULT_AWS_TIMEOUT_MS, connectMs: connectMs ?? DEFAULT_AWS_CONNECT_TIMEOUT_MS };
}

/** With exactly one registry/<env>.yaml, or with --program (its runbook names the env), --env may be left out. */
async function defaultEnv(root: string, program: string | undefined): Promise<string> {
  // Loaded only here: reading runbooks needs the YAML parser, which --help and --version never load.
  if (program) return (await import('../load/find-runbook.js')).envOfProgram(root, program);
  let envs: string[];
  try {
    envs = readdirSync(path.join(root, 'registry'))
      .filter((f) => /^[a-z0-9_]+\.yaml$/.test(f))
      .map((f) => f.replace(/\.yaml$/, ''));
  } catch {
    throw new GatewalkError(`no registry/ folder in ${root}`, 'run gatewalk from your program repository, or pass --root DIR');
  }
  if (envs.length === 1) return envs[0]!;
  throw new GatewalkError(
    envs.length ? `several environments (${envs.join(', ')}): which one?` : `no registry/<env>.yaml in ${root}`,
    envs.length ? `pass --env ${envs.join(' or --env ')}` : 'create registry/<env>.yaml (see README)',
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
    ...(args.awsConcurrency ? { awsConcurrency: args.awsConcurrency } : {}),
    ...(args.awsTimeouts ? { awsTimeouts: args.awsTimeouts } : {}),
  };
}

/** A flag the command does not take is a usage error naming both (not silently ignored). */
function refuseInapplicable(positionals: string[], command: CommandName | undefined, given: Set<FlagName>): void {
  // An unknown command is reported by the dispatcher; a bare group (`sandbox`) takes its members' flags.
  const commands = command ? [command] : commandsUnder(positionals[0] ?? '');
  if (!commands.length) return;
  for (const flag of given) {
    if (commands.some((c) => accepts(c, flag))) continue;
    const name = command ? `gatewalk ${command === 'console' ? '(the console)' : command}` : `gatewalk ${positionals[0]}`;
    throw new GatewalkError(`--${flag} is not a flag of ${name}`, `run \`${helpFor(positionals)}\` for its flags`);
  }
}

function helpFor(positionals: string[]): string {
  const command = commandOf(positionals);
  if (command === 'console' || !command)
    return positionals[0] && commandsUnder(positionals[0]).length ? `gatewalk ${positionals[0]} --help` : 'gatewalk --help';
  return `gatewalk ${command} --help`;
}

/**
 * The flags that decide where a command acts (env, substrate, root, program, profile, region), as
 * ` --env X --sandbox …`: every command gatewalk suggests carries them, so pasting it acts on the
 * same account, registry and workspace as the run that suggested it. Only the flags `command`
 * takes (a `sandbox reset` never gets --sandbox, which it would refuse).
 */
export function flagsInEffect(args: CliArgs, command: CommandName = 'run'): string {
  const parts: string[] = [];
  const add = (flag: FlagName, text: string) => void (accepts(command, flag) && parts.push(text));
  add('env', `--env ${shellWord(args.env)}`);
  if (args.sandbox) add('sandbox', '--sandbox');
  if (args.values.root !== undefined || process.env.GATEWALK_ROOT) add('root', `--root ${shellWord(args.root)}`);
  if (args.program) add('program', `--program ${shellWord(args.program)}`);
  if (args.profile) add('profile', `--profile ${shellWord(args.profile)}`);
  if (args.region) add('region', `--region ${shellWord(args.region)}`);
  return parts.length ? ` ${parts.join(' ')}` : '';
}

/** A word as a POSIX shell reads it back: quoted only when it needs to be. */
export function shellWord(v: string): string {
  return /^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replaceAll("'", "'\\''")}'`;
}
