import type { CheckStatus, PhaseState, Substrate } from './types.js';

// Status is always glyph + word; colour is a hint on top, never the only signal.
export type ColorToken = 'green' | 'red' | 'yellow' | 'gray' | 'cyan' | 'magenta';

export interface StatusStyle {
  glyph: string;
  word: string;
  color: ColorToken;
}

export function checkStyle(status: CheckStatus): StatusStyle {
  switch (status) {
    case 'pass':
      return { glyph: '✔', word: 'PASS', color: 'green' };
    case 'fail':
      return { glyph: '✘', word: 'FAIL', color: 'red' };
    case 'error':
      return { glyph: '‼', word: 'ERROR', color: 'magenta' };
    case 'skip':
      return { glyph: '○', word: 'SKIP', color: 'gray' };
    case 'manual':
      return { glyph: '?', word: 'MANUAL', color: 'yellow' };
    default: {
      const never: never = status;
      throw new Error(`unknown status ${String(never)}`);
    }
  }
}

export function phaseStyle(state: PhaseState): StatusStyle {
  switch (state) {
    case 'green':
      return { glyph: '✔', word: 'GREEN', color: 'green' };
    case 'blocked':
      return { glyph: '✘', word: 'BLOCKED', color: 'red' };
    case 'ready':
      return { glyph: '▶', word: 'READY', color: 'cyan' };
    case 'locked':
      return { glyph: '■', word: 'LOCKED', color: 'gray' };
    case 'stopped':
      return { glyph: '⏸', word: 'STOPPED', color: 'yellow' };
    case 'stale':
      return { glyph: '↺', word: 'STALE', color: 'yellow' };
    case 'tampered':
      return { glyph: '!', word: 'TAMPERED', color: 'red' };
    default: {
      const never: never = state;
      throw new Error(`unknown state ${String(never)}`);
    }
  }
}

/**
 * How each substrate is named on screen: a rehearsal (yellow) must never be mistaken for a real
 * account (red). A lookup, so no face branches on the substrate.
 */
export const SUBSTRATE_STYLE: Record<Substrate, { badge: string; color: ColorToken; opening: string }> = {
  sandbox: { badge: ' SANDBOX ', color: 'yellow', opening: 'starting the sandbox emulator and loading the program' },
  aws: { badge: ' AWS ', color: 'red', opening: 'loading the program' },
};
