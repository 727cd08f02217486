// Anything that came from AWS, a YAML file or an evidence file goes through here before it reaches
// a terminal: no escape sequences, no control characters, no bidi overrides (Trojan Source).

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** One line of display text: escapes removed, controls shown as `?`, newlines and tabs as spaces. */
export function sanitizeLine(text: unknown): string {
  return sanitizeText(text).replace(/[\n\t]/g, ' ');
}

/** Multi-line display text: keeps `\n`, removes every other control, escape and bidi override. */
export function sanitizeText(text: unknown): string {
  return String(text ?? '')
    .replace(ANSI, '')
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, (c) => (c === '\t' ? c : '?'))
    .replace(BIDI, '');
}
