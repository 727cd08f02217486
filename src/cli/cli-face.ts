import type { Face } from '../core/advice.js';
import { flagsInEffect, shellWord, type CliArgs } from './args.js';
import { commandOf } from './flags.js';

/**
 * How the command line spells the engine's advice: a command as the line to paste, with the flags
 * in effect (--env, --sandbox, --root, --program, …) that command takes; an input as its flag.
 * Without parsed flags (they were the problem), commands are bare.
 */
export function cliFace(args?: CliArgs): Face {
  return {
    command: (argv) => `gatewalk ${argv.map(shellWord).join(' ')}${args ? flagsInEffect(args, commandOf(argv) ?? 'run') : ''}`,
    input: (name, value) => {
      if (name === 'reason') return `--reason "${value ?? 'why'}"`;
      return value === undefined ? `--${name}` : `--${name} ${shellWord(value)}`;
    },
  };
}
