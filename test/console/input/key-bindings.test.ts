import { describe, expect, it } from 'vitest';
import { packHints } from '../../../src/console/components/Footer.js';
import { BINDINGS, hintsFor, isTypingKey, matchAction } from '../../../src/console/input/key-bindings.js';
import { key } from '../keys.js';

describe('key bindings', () => {
  it('maps arrows and j/k, enter, esc and backspace (DEL) to actions from one table', () => {
    const offers = ['up', 'down', 'select', 'back'] as const;
    expect(matchAction(offers, 'k', key())).toBe('up');
    expect(matchAction(offers, '', key({ downArrow: true }))).toBe('down');
    expect(matchAction(offers, '', key({ return: true }))).toBe('select');
    expect(matchAction(offers, '', key({ escape: true }))).toBe('back');
    expect(matchAction(offers, '', key({ delete: true }))).toBe('back');
    expect(matchAction(offers, 'q', key())).toBeUndefined();
    expect(BINDINGS.interrupt.match('c', key({ ctrl: true }))).toBe(true);
  });
  it('hints use screen labels and fold ↑/↓ into one', () => {
    expect(hintsFor(['up', 'down', ['select', 'next step'], 'rerun'])).toEqual([
      { keys: '↑↓/jk', label: 'move' },
      { keys: 'enter', label: 'next step' },
      { keys: 'r', label: 'rerun step' },
    ]);
  });
  it('while typing, the move hint names only the arrows: j and k are text then', () => {
    expect(hintsFor(['up', 'down', 'select'], true)[0]).toEqual({ keys: '↑↓', label: 'move' });
  });
  it('while typing, letters and backspace belong to the field; enter and esc do not', () => {
    expect(isTypingKey('q', key())).toBe(true);
    expect(isTypingKey('', key({ backspace: true }))).toBe(true);
    expect(isTypingKey('', key({ return: true }))).toBe(false);
    expect(isTypingKey('', key({ escape: true }))).toBe(false);
  });
  it('footer hints pack into lines without splitting a hint', () => {
    const lines = packHints(
      Array.from({ length: 10 }, (_, i) => ({ keys: `k${i}`, label: 'label' })),
      30,
      2,
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]!.length).toBeGreaterThan(1);
  });
});
