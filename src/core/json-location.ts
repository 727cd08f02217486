/** `file:line:col` of a JSON.parse error (V8 reports "at position N"), or just the file. */
export function jsonErrorLocation(file: string, text: string, err: unknown): string {
  const message = (err as Error)?.message ?? '';
  const m = /at position (\d+)/.exec(message);
  // A file cut short ("Unexpected end of JSON input") ends where the text ends.
  const offset = m ? Number(m[1]) : /Unexpected end of JSON input/.test(message) ? text.length : undefined;
  if (offset === undefined) return file;
  const { line, col } = lineColumnAt(text, offset);
  return `${file}:${line}:${col}`;
}

/** The 1-based line and column of `offset` in `text`. */
export function lineColumnAt(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, col: offset - before.lastIndexOf('\n') };
}
