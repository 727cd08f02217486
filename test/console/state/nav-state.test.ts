import { describe, expect, it } from 'vitest';
import { navReducer, initialNav } from '../../../src/console/state/nav-state.js';

describe('navigation', () => {
  it('the home cursor follows the first phase needing work until moved; moves add up', () => {
    let s = navReducer(initialNav, { type: 'homeCursor', auto: 3, delta: 1, length: 6 });
    expect(s.homeCursor).toBe(4);
    s = navReducer(s, { type: 'homeCursor', auto: 3, delta: 1, length: 6 });
    s = navReducer(s, { type: 'homeCursor', auto: 3, delta: 1, length: 6 });
    expect(s.homeCursor).toBe(5);
    expect(navReducer(s, { type: 'homeAuto' }).homeCursor).toBe(-1);
  });
  it('the logbook returns to the screen it was opened from; overlays toggle', () => {
    let s = navReducer(initialNav, { type: 'go', screen: 'step', step: 's1' });
    s = navReducer(s, { type: 'logbook' });
    expect(s.screen).toBe('logbook');
    expect(navReducer(s, { type: 'logbook' })).toMatchObject({ screen: 'step', step: 's1' });
    const help = navReducer(s, { type: 'overlay', overlay: 'help' });
    expect(help.overlay).toBe('help');
    expect(navReducer(help, { type: 'overlay', overlay: 'help' }).overlay).toBeNull();
  });
});
