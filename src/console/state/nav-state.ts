// Which screen is shown, what sits on top of it, and the cursor positions that must survive a
// trip to another screen. Pure; the screens' own cursors live in their own small reducers.

export type ScreenName = 'home' | 'phase' | 'step' | 'attest' | 'stop' | 'verdict' | 'logbook' | 'history' | 'grid';
export type Overlay = 'help' | 'quit' | 'leave' | null;

export interface NavState {
  screen: ScreenName;
  /** Step shown by the step runner and the attestation prompt. */
  step?: string;
  /** Where the logbook viewer returns to. */
  returnTo: ScreenName;
  overlay: Overlay;
  /** Selected phase on home; -1 follows the first phase that needs work. */
  homeCursor: number;
}

export type NavAction =
  | { type: 'go'; screen: Exclude<ScreenName, 'logbook' | 'history' | 'grid'>; step?: string }
  /** The logbook, a phase's history and a step's IAM grid open over the current screen and close back to it. */
  | { type: 'logbook' | 'history' | 'grid' }
  | { type: 'overlay'; overlay: Overlay }
  /** `auto`: the index the screen shows while the cursor follows the first phase needing work. */
  | { type: 'homeCursor'; auto: number; delta: number; length: number }
  | { type: 'homeAuto' };

const OVER: readonly ScreenName[] = ['logbook', 'history', 'grid'];

export const initialNav: NavState = { screen: 'home', returnTo: 'home', overlay: null, homeCursor: -1 };

export function navReducer(s: NavState, a: NavAction): NavState {
  switch (a.type) {
    case 'go':
      return { ...s, screen: a.screen, step: a.step ?? s.step, overlay: null };
    case 'logbook':
    case 'history':
    case 'grid':
      if (s.screen === a.type) return { ...s, screen: s.returnTo, overlay: null };
      return { ...s, screen: a.type, returnTo: OVER.includes(s.screen) ? s.returnTo : s.screen, overlay: null };
    case 'overlay':
      return { ...s, overlay: s.overlay === a.overlay ? null : a.overlay };
    case 'homeCursor':
      return { ...s, homeCursor: Math.min(Math.max(0, (s.homeCursor < 0 ? a.auto : s.homeCursor) + a.delta), Math.max(0, a.length - 1)) };
    case 'homeAuto':
      return { ...s, homeCursor: -1 };
    default: {
      const never: never = a;
      return never;
    }
  }
}
