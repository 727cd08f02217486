import type { Key } from 'ink';
import { sanitizeLine } from '../../core/sanitize.js';

/** One keypress applied to a single-line field; enter, esc and navigation keys leave it as is. */
export function editText(value: string, input: string, key: Key): string {
  if (key.backspace || key.delete) return [...value].slice(0, -1).join('');
  // Backspace held down (or typed fast) arrives as one string of DEL characters, not as keys.
  if (/^[\x7f\b]+$/.test(input)) return [...value].slice(0, Math.max(0, [...value].length - input.length)).join('');
  if (key.ctrl && input === 'u') return '';
  if (key.ctrl || key.meta || key.return || key.escape || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow)
    return value;
  return value + sanitizeLine(input); // pasted text may carry escapes or newlines
}
