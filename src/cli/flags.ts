// Every command and every flag, in one table each. A flag names the commands that accept it; a
// flag given to a command that does not list it is a usage error (exit 2) naming both, and
// `gatewalk COMMAND --help` prints the command's own flags from these rows.
// Adding a command is one row in COMMANDS; adding a flag is one row in FLAGS.

export interface CommandSpec {
  usage: string;
  summary: string;
}

export const COMMANDS = {
  console: { usage: 'gatewalk [--sandbox]', summary: 'interactive session (console; needs a terminal)' },
  run: { usage: 'gatewalk run PHASE', summary: 'headless run of one phase' },
  recheck: {
    usage: 'gatewalk recheck [PHASE…]',
    summary:
      'rerun the live checks of sealed-green phases (drift); seals nothing, one logbook record, exit 3 when something green no longer is',
  },
  status: {
    usage: 'gatewalk status',
    summary: 'phase table: state (GREEN, BLOCKED, STALE, TAMPERED …), last verdict, blockers; exit 3 on tampering',
  },
  init: {
    usage: 'gatewalk init [--env NAME] [--program ID] [--region R]',
    summary: 'start a program here: registry, runbook, sandbox scenario (--example NAME copies the shipped one)',
  },
  validate: { usage: 'gatewalk validate', summary: 'load and validate registry + runbook (every problem as file:line:col)' },
  history: {
    usage: 'gatewalk history PHASE',
    summary: "a phase's runs, STOPs, repins and attestations from the logbook, with what changed between verdicts",
  },
  'logbook verify': {
    usage: 'gatewalk logbook verify',
    summary: 'check the hash chain, the anchors of its tail (verdicts, impl_actual) and the evidence tree',
  },
  'logbook head': { usage: 'gatewalk logbook head', summary: 'print the logbook head SEQ:HASH to pin outside (optionally KMS-signed)' },
  'sandbox reset': { usage: 'gatewalk sandbox reset', summary: 'rebuild the sandbox workspace from sandbox/<env>/' },
  'sandbox status': {
    usage: 'gatewalk sandbox status',
    summary: "what the sandbox's account holds now, and whether its registry copy is current",
  },
  'sandbox sync-registry': {
    usage: 'gatewalk sandbox sync-registry',
    summary: 'take an edited registry/<env>.yaml into the sandbox, keeping its account state, evidence and logbook',
  },
  'sandbox changes': { usage: 'gatewalk sandbox changes', summary: 'list the changes sandbox/<env>/changes/ offers' },
  'sandbox apply': { usage: 'gatewalk sandbox apply CHANGE', summary: 'apply one change to the sandbox account' },
  'sandbox serve': { usage: 'gatewalk sandbox serve', summary: 'serve the sandbox to other AWS tools until Ctrl-C' },
} satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

export interface FlagSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** Placeholder for the value in help, e.g. NAME. */
  arg?: string;
  help: string;
  /** Commands that accept it; 'all' for every command. */
  for: readonly CommandName[] | 'all';
}

const PROGRAM: CommandName[] = ['console', 'run', 'recheck', 'status', 'validate', 'logbook verify', 'logbook head', 'history'];
/** Commands that may call AWS (a KMS signature counts). */
const LIVE: CommandName[] = ['console', 'run', 'recheck', 'logbook verify', 'logbook head'];

export const FLAGS = {
  env: {
    type: 'string',
    arg: 'NAME',
    help: "registry/NAME.yaml (default: the only one, the --program runbook's env, or $GATEWALK_ENV)",
    for: 'all',
  },
  root: { type: 'string', arg: 'DIR', help: 'program repository (default: current folder, or $GATEWALK_ROOT)', for: 'all' },
  program: {
    type: 'string',
    arg: 'ID',
    help: 'runbook to use when several target the env (init: the runbook to create)',
    for: [...PROGRAM, 'init'],
  },
  sandbox: { type: 'boolean', help: 'run against the embedded AWS emulator and its own workspace', for: PROGRAM },
  profile: { type: 'string', arg: 'P', help: 'AWS profile (default credential chain otherwise)', for: LIVE },
  region: {
    type: 'string',
    arg: 'R',
    help: "AWS region (default: the registry's region handle; the sandbox uses its scenario's)",
    for: [...LIVE, 'init'],
  },
  json: {
    type: 'boolean',
    help: 'print the result as JSON on stdout',
    for: ['run', 'recheck', 'status', 'sandbox status', 'history', 'logbook head'],
  },
  markdown: { type: 'boolean', help: 'print the history as Markdown (for a change ticket or the build plan)', for: ['history'] },
  attest: {
    type: 'string',
    multiple: true,
    arg: 'STEP=pass|fail:NOTE',
    help: 'operator attestation for a step (repeatable)',
    for: ['run'],
  },
  repin: { type: 'string', multiple: true, arg: 'HANDLE=VALUE', help: 'repin a handle (repeatable; needs --reason)', for: ['run'] },
  'repin-from': { type: 'string', arg: 'terraform|live', help: 'take every value that source offers (needs --reason)', for: ['run'] },
  reason: { type: 'string', arg: 'TEXT', help: 'rationale recorded in the logbook and impl_actual', for: ['run'] },
  head: {
    type: 'string',
    arg: 'SEQ:HASH',
    help: 'prove the logbook still holds this head (as printed by logbook head)',
    for: ['logbook verify'],
  },
  'signed-head': {
    type: 'string',
    arg: 'FILE',
    help: 'prove it for a KMS-signed head; the signature is checked with kms:Verify',
    for: ['logbook verify'],
  },
  sign: {
    type: 'string',
    arg: 'KMS_KEY_ID',
    help: 'sign the head with an asymmetric KMS key (sandbox: alias/gatewalk-logbook)',
    for: ['logbook head'],
  },
  junit: { type: 'string', arg: 'FILE', help: 'also write the verdict as JUnit XML (a testcase per check result)', for: ['run'] },
  attestation: {
    type: 'string',
    arg: 'FILE',
    help: 'also write the sealed verdict as an in-toto Statement v1 (to sign in CI)',
    for: ['run'],
  },
  example: { type: 'string', arg: 'NAME', help: 'copy the shipped example program (dev_min) instead of scaffolding', for: ['init'] },
  port: { type: 'string', arg: 'N', help: 'port to listen on (default: any free port)', for: ['sandbox serve'] },
  'aws-concurrency': {
    type: 'string',
    arg: 'N',
    help: 'AWS calls in flight at once, 1–256 (default 32, or $GATEWALK_AWS_CONCURRENCY)',
    for: LIVE,
  },
  'aws-timeout-ms': {
    type: 'string',
    arg: 'MS',
    help: 'longest wait for an AWS answer, per attempt of 3 (default 10000, or $GATEWALK_AWS_TIMEOUT_MS)',
    for: LIVE,
  },
  'aws-connect-timeout-ms': {
    type: 'string',
    arg: 'MS',
    help: 'longest wait to connect to an AWS endpoint, per attempt (default 3000, or $GATEWALK_AWS_CONNECT_TIMEOUT_MS)',
    for: LIVE,
  },
  help: { type: 'boolean', short: 'h', help: "this help, or a command's own flags (gatewalk run --help)", for: 'all' },
  version: { type: 'boolean', short: 'v', help: 'print the version', for: 'all' },
} satisfies Record<string, FlagSpec>;

export type FlagName = keyof typeof FLAGS;

/** The command the positionals name (`sandbox serve` before `sandbox`), or undefined when unknown. */
export function commandOf(positionals: readonly string[]): CommandName | undefined {
  if (positionals.length === 0) return 'console';
  const two = `${positionals[0]} ${positionals[1] ?? ''}`;
  if (two in COMMANDS) return two as CommandName;
  const one = positionals[0]!;
  if (one in COMMANDS) return one as CommandName;
  return undefined;
}

/** Commands in a group (`sandbox` → every `sandbox …`), for a group named without its sub-command. */
export function commandsUnder(word: string): CommandName[] {
  return (Object.keys(COMMANDS) as CommandName[]).filter((c) => c === word || c.startsWith(`${word} `));
}

export function accepts(command: CommandName, flag: FlagName): boolean {
  const spec: FlagSpec = FLAGS[flag];
  return spec.for === 'all' || spec.for.includes(command);
}

export function flagsOf(command: CommandName): FlagName[] {
  return (Object.keys(FLAGS) as FlagName[]).filter((f) => accepts(command, f));
}

/** `--repin HANDLE=VALUE` style label of a flag. */
export function flagLabel(flag: FlagName): string {
  const spec: FlagSpec = FLAGS[flag];
  return `${spec.short ? `-${spec.short}, ` : ''}--${flag}${spec.arg ? ` ${spec.arg}` : ''}`;
}
