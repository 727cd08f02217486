import { createContext } from 'react';
import type { Face } from '../../core/advice.js';

// How the console spells the engine's advice: what it can do itself by a key (open a phase, the
// logbook), and any other command as the shell line the CLI would print, with the flags this
// console was started with (handed over by the CLI: `shellCommand`).

/** `shellCommand`: the command line with the flags in effect; without it, the bare words. */
export function consoleFace(shellCommand?: (argv: readonly string[]) => string): Face {
  const shell = (argv: readonly string[]) => shellCommand?.(argv) ?? ['gatewalk', ...argv].join(' ');
  return {
    command: (argv) => {
      const [verb, arg] = argv;
      if (verb === 'run' && arg && argv.length === 2) return `open ${arg} on the home screen and run it`;
      if (verb === 'status' && argv.length === 1) return 'the home screen (esc)';
      if (verb === 'logbook' && arg === 'verify') return `l: the logbook screen verifies the chain (or ${shell(argv)})`;
      return shell(argv);
    },
    input: (name, value) => {
      if (name === 'repin') return `repin ${value ?? ''}`.trim();
      if (name === 'reason') return 'a rationale for the repin';
      return `start the console with --${name}${value === undefined ? '' : ` ${value}`}`;
    },
  };
}

/** The face every screen renders errors with (App provides it from the port). */
export const FaceContext = createContext<Face>(consoleFace());
