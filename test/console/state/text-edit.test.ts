import { describe, expect, it } from 'vitest';
import { editText } from '../../../src/console/state/text-edit.js';
import { key } from '../keys.js';

describe('text editing', () => {
  it('edits a field: typing, backspace, paste with escapes sanitized', () => {
    expect(editText('ab', 'c', key())).toBe('abc');
    expect(editText('abc', '', key({ delete: true }))).toBe('ab');
    expect(editText('ab', '', key({ return: true }))).toBe('ab');
    expect(editText('', 'x\x1b[2Jy\u202ez', key())).toBe('xyz');
    // A burst of backspaces comes as one string of DEL characters: each removes one character.
    expect(editText('account', '\x7f'.repeat(3), key())).toBe('acco');
    expect(editText('ab', '\x7f'.repeat(5), key())).toBe('');
  });
});
