import type { Key } from 'ink';
import { sanitizeLine } from '../../core/sanitize.js';

/** One keypress applied to a single-line field; enter, esc and navigation keys leave it as is. */
export function editText(value: string, input: string, key: Key): string {
  if (key.backspace || key.delete) return [...value].slice(0, -1).join('');
  if (key.ctrl && input === 'u') return '';
  if (key.ctrl || key.meta || key.return || key.escape || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow)
    return value;
  return value + sanitizeLine(input); // pasted text may carry escapes or newlines
}
