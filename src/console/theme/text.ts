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

/**
 * The operator's ARN fitted into `width` columns without hiding the role that M2-B1/M4C-B3 check:
 * an assumed-role ARN loses its session name from the left first ("…/gatewalk-sandbox"), then the
 * `arn:aws:sts::ACCOUNT:` prefix (the account is shown beside it); `role/<name>` stays whole.
 */
export function fitOperatorArn(arn: string, width: number): string {
  if ([...arn].length <= width) return arn;
  const m = /^(arn:[^:]*:sts::\d*:)(assumed-role\/[^/]+\/)(.*)$/.exec(arn);
  if (!m) return clipMiddle(arn, width);
  const [, prefix, role, session] = m as unknown as [string, string, string, string];
  for (const head of [prefix + role, role]) {
    const room = width - [...head].length;
    if (room >= 2) return head + clipLeft(session, room);
  }
  return clipLeft(role.slice(0, -1), width); // the role alone, its start dropped last
}

/** The end of `text` in `width` columns, "…" marking what was dropped from the left. */
export function clipLeft(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  if (width <= 1) return '…'.slice(0, width);
  return '…' + chars.slice(chars.length - (width - 1)).join('');
}
