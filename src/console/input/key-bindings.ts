import type { Key } from 'ink';

// Every shortcut of the console, in one place. Screens list the actions they accept; the footer
// and the help overlay are generated from the same table so what is shown is what works.

export type Action =
  | 'up'
  | 'down'
  | 'select'
  | 'back'
  | 'rerun'
  | 'seal'
  | 'attest'
  | 'repinAll'
  | 'abort'
  | 'conflicts'
  | 'toggle'
  | 'pick'
  | 'grid'
  | 'nextGrid'
  | 'left'
  | 'right'
  | 'yes'
  | 'no'
  | 'help'
  | 'logbook'
  | 'history'
  | 'recheck'
  | 'filter'
  | 'more'
  | 'quit'
  | 'interrupt';

export interface Binding {
  keys: string;
  label: string;
  match: (input: string, key: Key) => boolean;
}

const char = (c: string) => (input: string, key: Key) => input === c && !key.ctrl && !key.meta;

export const BINDINGS: Record<Action, Binding> = {
  up: { keys: '↑/k', label: 'up', match: (i, k) => k.upArrow || char('k')(i, k) },
  down: { keys: '↓/j', label: 'down', match: (i, k) => k.downArrow || char('j')(i, k) },
  select: { keys: 'enter', label: 'open', match: (_i, k) => k.return },
  // Most terminals send DEL (0x7f) for Backspace, which Ink reports as `delete`.
  back: { keys: 'esc/⌫', label: 'back', match: (_i, k) => k.escape || k.backspace || k.delete },
  rerun: { keys: 'r', label: 'rerun step', match: char('r') },
  seal: { keys: 's', label: 'seal now', match: char('s') },
  attest: { keys: 'a', label: 'attest', match: char('a') },
  repinAll: { keys: 'a', label: 'repin all from a source', match: char('a') },
  abort: { keys: 'x', label: 'abort', match: char('x') },
  conflicts: { keys: 'c', label: 'STOP: resolve conflicts', match: char('c') },
  toggle: { keys: '↑↓', label: 'pass ⇄ fail', match: (_i, k) => k.upArrow || k.downArrow },
  pick: { keys: '1-9', label: 'pick by number', match: (i, k) => /^[1-9]$/.test(i) && !k.ctrl && !k.meta },
  grid: { keys: 'g', label: 'IAM grid', match: char('g') },
  nextGrid: { keys: 'tab', label: 'next matrix', match: (_i, k) => k.tab },
  left: { keys: '←→', label: 'scroll columns', match: (_i, k) => k.leftArrow },
  right: { keys: '→', label: 'scroll columns', match: (_i, k) => k.rightArrow },
  yes: { keys: 'y', label: 'yes', match: (i, k) => char('y')(i, k) || char('Y')(i, k) },
  no: { keys: 'n', label: 'no', match: (i, k) => char('n')(i, k) || char('N')(i, k) || k.escape },
  help: { keys: '?', label: 'help', match: char('?') },
  logbook: { keys: 'l', label: 'logbook', match: char('l') },
  history: { keys: 'h', label: 'history', match: char('h') },
  recheck: { keys: 'd', label: 'recheck green phases (drift)', match: char('d') },
  filter: { keys: '/', label: 'filter', match: char('/') },
  more: { keys: 'm/tab', label: 'all guidance', match: (i, k) => char('m')(i, k) || k.tab },
  quit: { keys: 'q', label: 'quit', match: char('q') },
  interrupt: { keys: 'ctrl-c', label: 'cancel checks / exit', match: (i, k) => k.ctrl && i === 'c' },
};

/** An action offered on a screen, optionally with a screen-specific label ("next step"); an empty label is not shown. */
export type Offer = Action | readonly [Action, string];

const actionOf = (o: Offer): Action => (typeof o === 'string' ? o : o[0]);

/** The first offered action this keypress triggers. */
export function matchAction(offers: readonly Offer[], input: string, key: Key): Action | undefined {
  for (const o of offers) if (BINDINGS[actionOf(o)].match(input, key)) return actionOf(o);
  return undefined;
}

/** `key label` pairs for the footer; ↑/↓ collapse into one "move" hint (without j/k while typing). While typing, ⌫ edits. */
export function hintsFor(offers: readonly Offer[], typing = false): Array<{ keys: string; label: string }> {
  const out: Array<{ keys: string; label: string }> = [];
  for (const o of offers) {
    const action = actionOf(o);
    if (action === 'down' || action === 'right') continue; // shown with up / left
    if (typeof o !== 'string' && !o[1]) continue; // accepted, not advertised
    if (action === 'up') {
      // While a field has focus, j and k are text: only the arrows move.
      out.push({ keys: typing ? '↑↓' : '↑↓/jk', label: typeof o === 'string' ? 'move' : o[1] });
      continue;
    }
    const keys = typing && action === 'back' ? 'esc' : typing && action === 'more' ? 'tab' : BINDINGS[action].keys;
    out.push({ keys, label: typeof o === 'string' ? BINDINGS[action].label : o[1] });
  }
  return out;
}

/** Keys that work everywhere (outside text fields), shown at the end of every footer. */
export const GLOBAL_OFFERS: readonly Offer[] = ['help', 'logbook', 'quit'];

/**
 * While a text field has focus, printable keys belong to it and Backspace edits it: only enter,
 * esc, arrows and tab can still trigger an action.
 */
export function isTypingKey(input: string, key: Key): boolean {
  if (key.backspace || key.delete) return true;
  return input.length > 0 && !key.ctrl && !key.meta && !key.escape && !key.return && !key.tab;
}

export type MenuKey = 'up' | 'down' | 'select' | number;

/**
 * What a keypress means to a pick-one menu: ↑↓/jk move, enter picks, 1-9 pick by number. Keys
 * that arrive in one read ("jj" from key repeat) count one each.
 */
export function menuKeys(input: string, key: Key): MenuKey[] {
  if (key.ctrl || key.meta) return [];
  if (key.upArrow) return ['up'];
  if (key.downArrow) return ['down'];
  if (key.return) return ['select'];
  if (!/^[jk1-9]+$/.test(input)) return [];
  return [...input].map((ch) => (ch === 'k' ? 'up' : ch === 'j' ? 'down' : Number(ch) - 1));
}
