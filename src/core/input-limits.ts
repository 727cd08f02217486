import { isUtf8 } from 'node:buffer';

// Limits and byte positions for the files gatewalk reads, without the YAML parser: the validated-
// program cache checks sizes on every command, and must not load \`yaml\` to do it.

/** Largest registry, overlay or runbook file read, in bytes. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

/**
 * Byte offset of the first byte that is not valid UTF-8, or undefined when all are. Decoding with
 * replacement marks each bad sequence with U+FFFD; one that was really in the file is skipped.
 */
export function invalidUtf8Offset(bytes: Buffer): number | undefined {
  if (isUtf8(bytes)) return undefined; // the common case, without decoding
  const text = bytes.toString('utf8');
  let at = text.indexOf('\uFFFD');
  while (at !== -1) {
    const offset = Buffer.byteLength(text.slice(0, at), 'utf8');
    if (!(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) return offset;
    at = text.indexOf('\uFFFD', at + 1);
  }
  return undefined;
}

/** 1-based line and column (in characters) of a byte offset in a buffer valid up to that offset. */
export function bytePosition(bytes: Buffer, offset: number): { line: number; col: number } {
  const before = bytes.subarray(0, offset).toString('utf8');
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, col: [...before.slice(lineStart)].length + 1 };
}
