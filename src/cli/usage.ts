import { commandOf, COMMANDS, commandsUnder, FLAGS, flagLabel, flagsOf, type CommandName, type FlagName } from './flags.js';

// Help text, generated from the command and flag tables so it never lists a flag a command refuses.

const EXIT_CODES = 'exit codes: 0 green · 3 blockers · 4 STOP (unresolved conflict) · 2 usage/configuration · 1 internal · 130 interrupted';

function table(rows: [string, string][]): string[] {
  const width = Math.max(...rows.map(([l]) => l.length)) + 2;
  return rows.map(([l, r]) => `  ${l.padEnd(width)}${r}`);
}

export const USAGE = [
  "gatewalk — walk a phase-gated AWS program's gates with live checks",
  '',
  'usage:',
  ...table(Object.values(COMMANDS).map((c) => [c.usage, c.summary])),
  '',
  'flags (`gatewalk COMMAND --help` lists the flags that command accepts):',
  ...table((Object.keys(FLAGS) as FlagName[]).map((f) => [flagLabel(f), FLAGS[f].help])),
  '',
  EXIT_CODES,
  '',
].join('\n');

/** `gatewalk run --help`: the command's usage and only the flags it accepts. */
export function commandUsage(command: CommandName, exitCodes = true): string {
  const c = COMMANDS[command];
  return [
    `usage: ${c.usage} [flags]`,
    `  ${c.summary}`,
    '',
    'flags:',
    ...table(flagsOf(command).map((f) => [flagLabel(f), FLAGS[f].help])),
    '',
    ...(exitCodes ? [EXIT_CODES, ''] : []),
  ].join('\n');
}

/** `gatewalk --help`, `gatewalk run --help`, `gatewalk sandbox --help` (every sandbox command). */
export function helpText(positionals: string[]): string {
  const command = commandOf(positionals);
  if (positionals.length && command) return commandUsage(command);
  const group = positionals.length ? commandsUnder(positionals[0]!) : [];
  return group.length ? [...group.map((c) => commandUsage(c, false)), EXIT_CODES, ''].join('\n') : USAGE;
}
