/** `file:line:col` of a JSON.parse error (V8 reports "at position N"), or just the file. */
export function jsonErrorLocation(file: string, text: string, err: unknown): string {
  const m = /at position (\d+)/.exec((err as Error)?.message ?? '');
  if (!m) return file;
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  const col = Number(m[1]) - before.lastIndexOf('\n');
  return `${file}:${line}:${col}`;
}
