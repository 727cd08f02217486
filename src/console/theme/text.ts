import { sanitizeText } from '../../core/sanitize.js';

/**
 * Runbook prose is hard-wrapped for a 100-column editor; re-flow it for the terminal: single
 * newlines join, blank lines separate paragraphs. Sanitized on the way.
 */
export function reflow(text: string): string {
  return sanitizeText(text)
    .trim()
    .split(/\n[ \t]*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .join('\n');
}

/** Fits one sanitized line into `width` columns, keeping both ends ("m1_build…#/image_tag"). */
export function clipMiddle(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  if (width <= 1) return '…'.slice(0, width);
  const head = Math.floor((width - 1) / 4);
  return chars.slice(0, head).join('') + '…' + chars.slice(chars.length - (width - 1 - head)).join('');
}
